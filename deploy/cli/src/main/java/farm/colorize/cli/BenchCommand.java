package farm.colorize.cli;

import farm.colorize.bench.AllBenchmarks;
import farm.colorize.bench.FullResolutionBenchmark;
import farm.colorize.bench.LayerProfile;
import farm.colorize.bench.ModelBenchmark;
import farm.colorize.bench.PipelineBenchmark;
import farm.colorize.bench.TrainingBenchmark;
import picocli.CommandLine.Command;

/** Benchmarks: reproducible commands whose numbers go into docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures how fast the parts of the pipeline run on this machine.",
    subcommands = {AllBenchmarks.class, ModelBenchmark.class, PipelineBenchmark.class, FullResolutionBenchmark.class,
        TrainingBenchmark.class, LayerProfile.class, LabBenchmark.class})
final class BenchCommand {
}
