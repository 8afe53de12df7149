package org.emolake.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.emolake.audio.NativeLibraryUnavailableException;
import org.emolake.job.JobException;
import org.emolake.job.SqlStatementException;
import org.emolake.job.Storage;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit codes of every command, and the one place that turns an error into a message and a code. A run that
 * finished with error rows (clips that could not be scored) exits {@link #OK} and says so in its summary.
 */
public final class ExitCodes {
    /** Done (error rows included: they are results). */
    public static final int OK = 0;
    /** The run started and failed (including memory exhaustion). */
    public static final int RUN_FAILED = 1;
    /** The command line is wrong: unknown command or option, missing or bad value, bad SQL statement. */
    public static final int USAGE = 2;
    /** An input was refused before any work: bad model bundle, missing manifest or file, missing native library. */
    public static final int INPUT_REFUSED = 3;

    static final Map<String, String> TABLE = table();

    private ExitCodes() {
    }

    private static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(Integer.toString(OK), "done (a run with error rows too: its summary counts them)");
        t.put(Integer.toString(RUN_FAILED), "the run failed (memory exhaustion included)");
        t.put(Integer.toString(USAGE), "usage: unknown command or option, bad value, bad SQL statement");
        t.put(Integer.toString(INPUT_REFUSED),
                "input refused before any work: bad model bundle, missing manifest or file, missing native library");
        return t;
    }

    /** The exit code of an exception a command threw. */
    static int of(Throwable t) {
        if (t instanceof ParameterException || t instanceof SqlStatementException) {
            return USAGE;
        }
        if (t instanceof InputRefusedException || t instanceof JobException || t instanceof NativeLibraryUnavailableException
                || Storage.explain(t) != null) {
            return INPUT_REFUSED;
        }
        return RUN_FAILED;
    }

    /** Every command's help ends with the exit-code table. */
    static void documentIn(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(TABLE);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            documentIn(sub);
        }
    }

    /** A bad command line: the reason, a suggestion for a typo, the command's synopsis. */
    static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (args.length == 0) {
            // bare `emolake` (or `emolake model`): the full help is what is wanted
            cl.usage(err);
            err.flush();
            return USAGE;
        }
        CommandSpec spec = cl.getCommandSpec();
        if (!(e instanceof UnmatchedArgumentException) && !cl.getUnmatchedArguments().isEmpty()) {
            // picocli checks required options first; a typo is the more useful news (and explains a "missing" one)
            e = new UnmatchedArgumentException(cl, cl.getUnmatchedArguments());
        }
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-") && !spec.subcommands().isEmpty()) {
            message = "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        err.println(spec.qualifiedName() + ": " + message);
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(cl.getHelp().fullSynopsis());
        err.println("Try '" + spec.qualifiedName() + " --help' for the options.");
        err.flush();
        return USAGE;
    }

    /** A command that failed: one line naming the command and the reason; the stack trace only with --verbose. */
    static int runError(Exception e, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        OutOfMemoryError memory = memoryExhaustion(e);
        if (memory != null) {
            err.println(name + ": ran out of memory (" + memory.getMessage() + "). Give the JVM more heap,"
                    + " e.g. EMOLAKE_JAVA_OPTS=-Xmx8g bin/emolake ... (spark-submit: --driver-memory and"
                    + " --executor-memory), or use fewer --threads or a smaller --batch-size.");
        } else {
            err.println(name + ": " + message(e));
        }
        if (verbose(cl)) {
            e.printStackTrace(err);
        }
        err.flush();
        return memory != null ? RUN_FAILED : cl.getExitCodeExceptionMapper().getExitCode(e);
    }

    private static OutOfMemoryError memoryExhaustion(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** The message of a failure, without secrets a location may carry (user info, signed-URL parameters). */
    private static String message(Throwable e) {
        return Storage.redact(rawMessage(e));
    }

    private static String rawMessage(Throwable e) {
        String m = e.getMessage();
        if (e instanceof InputRefusedException || e instanceof JobException || e instanceof SqlStatementException
                || e instanceof NativeLibraryUnavailableException) {
            return m;
        }
        String storage = Storage.explain(e);
        if (storage != null) {
            return storage;
        }
        // An unexpected failure: its type says more than a bare (or missing) message.
        return "the run failed: " + (m == null || m.isBlank() ? e.getClass().getName() : e.getClass().getSimpleName()
                + ": " + m.strip());
    }

    /** Whether {@code --verbose} was given at any level of the command line. */
    static boolean verbose(CommandLine cl) {
        ParseResult result = cl.getCommandSpec().root().commandLine().getParseResult();
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
