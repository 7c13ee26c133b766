package farm.colorize.bench;

import picocli.CommandLine.Command;

/** Benchmarks: reproducible commands whose numbers go into docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures how fast the parts of the pipeline run on this machine.",
    subcommands = {AllBenchmarks.class, ModelBenchmark.class, PipelineBenchmark.class, FullResolutionBenchmark.class,
        TrainingBenchmark.class, LayerProfile.class, LabBenchmark.class})
public final class BenchCommand {
}
