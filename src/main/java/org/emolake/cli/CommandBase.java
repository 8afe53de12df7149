package org.emolake.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every command has: the streams of the command line it runs in, --verbose, and usage errors. */
abstract class CommandBase implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--verbose", description = "Print the stack trace of an error, and Spark's INFO log.")
    boolean verboseOption;

    private Main main() {
        return (Main) spec.root().userObject();
    }

    PrintStream out() {
        return main().out;
    }

    PrintStream err() {
        return main().err;
    }

    InputStream in() {
        return main().in;
    }

    boolean verbose() {
        return ExitCodes.verbose(spec.commandLine());
    }

    /** A usage error found after parsing (a value out of range, a missing argument). */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (OutOfMemoryError e) {
            // Reported as memory exhaustion by ExitCodes, not as whatever failed next.
            throw new IllegalStateException("out of memory", e);
        }
    }

    abstract int run() throws Exception;
}
