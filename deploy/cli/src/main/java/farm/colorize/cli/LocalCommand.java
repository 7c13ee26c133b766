package farm.colorize.cli;

import picocli.CommandLine.Command;

/** The farm on one machine: what a developer or a first-time user runs before any cluster exists. */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = "Runs the farm's infrastructure on this machine.",
    subcommands = {LocalUpCommand.class})
final class LocalCommand {
}
