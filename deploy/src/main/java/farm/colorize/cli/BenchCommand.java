package farm.colorize.cli;

import picocli.CommandLine.Command;

/** Benchmarks: reproducible commands whose numbers go into docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures how fast the parts of the pipeline run on this machine.",
    subcommands = {LabBenchmark.class})
final class BenchCommand {
}
