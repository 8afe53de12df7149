package org.emolake.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;

/**
 * {@code bin/emolake COMMAND [OPTIONS]}: the command line. Every command's options, help and usage come from its
 * picocli declaration; errors and exit codes are handled here once, for all of them ({@link ExitCodes}).
 */
@Command(name = "emolake", mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Speech-emotion scoring for data lakes: librosa features, a Keras model, Spark and Iceberg.")
public final class Main {
    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(HelpCommand.class, DemoCommand.class, FeaturesCommand.class,
            ModelCommand.class, PredictCommand.class, ManifestCommand.class, ScoreCommand.class, SqlCommand.class,
            ReportCommand.class, BenchCommand.class, TrainCommand.class);

    @Option(names = "--verbose",
            description = "Print the stack trace of an error, and Spark's INFO log.")
    boolean verbose;

    final InputStream in;
    final PrintStream out;
    final PrintStream err;

    private Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs one command line; returns its exit code ({@link ExitCodes}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine commandLine = commandLine(in, out, err, commandsFor(args));
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
            out.flush();
            err.flush();
        }
    }

    /** Runs {@code emolake COMMAND ARGS} (the commands' own entry points for tests and embedding callers). */
    static int run(String command, String[] args, InputStream in, PrintStream out, PrintStream err) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all, in, out, err);
    }

    /** Entry point of a spark-submit main class: runs one command and exits only on failure. */
    static void submit(String command, String[] args) {
        int code = run(command, args, System.in, System.out, System.err);
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }

    /** The whole command tree, every subcommand registered (help, documentation). */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        return commandLine(in, out, err, COMMANDS);
    }

    /**
     * The subcommands a command line needs: only the one it names, when it names one (picocli builds each registered
     * command's model from its annotations at start, most of a short run's start-up: docs/PERFORMANCE.md), else all,
     * so that help (the root's {@code --help} before a command name too), a bare {@code emolake} and a mistyped name
     * see every command.
     */
    static List<Class<?>> commandsFor(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                break;
            }
            if (arg.startsWith("-")) {
                continue; // the root's other options (--verbose, --version) take no value
            }
            for (Class<?> command : COMMANDS) {
                if (command != HelpCommand.class && command.getAnnotation(Command.class).name().equals(arg)) {
                    return List.of(command);
                }
            }
            break;
        }
        return COMMANDS;
    }

    private static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err,
            List<Class<?>> commands) {
        CommandLine commandLine = new CommandLine(new Main(in, out, err));
        for (Class<?> command : commands) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        commandLine.setExitCodeExceptionMapper(ExitCodes::of);
        commandLine.setParameterExceptionHandler(ExitCodes::usageError);
        commandLine.setExecutionExceptionHandler(ExitCodes::runError);
        ExitCodes.documentIn(commandLine);
        return commandLine;
    }
}
