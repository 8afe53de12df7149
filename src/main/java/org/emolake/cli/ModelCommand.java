package org.emolake.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code emolake model SUBCOMMAND}: commands on a model bundle. */
@Command(name = "model", description = "Commands on a model bundle.", subcommands = ModelInspectCommand.class)
final class ModelCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
