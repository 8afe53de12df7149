package org.emolake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.emolake.job.JobException;
import org.emolake.job.JobSession;
import org.emolake.job.SqlRunner;
import org.emolake.job.SqlStatementException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code emolake sql}: Spark SQL over the lake's tables, registered as {@code predictions}, {@code class_summary},
 * {@code error_summary} and {@code runs}; every statement of the command line and of {@code --file} on one Spark
 * session.
 */
@Command(name = "sql", sortOptions = false,
        description = {"Spark SQL over the lake's tables (predictions, class_summary, error_summary, runs).",
                "Statements are separated by ; and run in order on one Spark session; timestamps are written"
                        + " ISO-8601 in UTC in every format."})
public final class SqlCommand extends CommandBase {
    @Option(names = "--lake", paramLabel = "LAKE", required = true, description = "Lake folder or URI.")
    String lake;

    @Mixin
    LakeOptions lakeOptions = new LakeOptions();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
            description = "table, csv or json (one object per line, null values kept). Default: ${DEFAULT-VALUE}.")
    SqlRunner.Format format;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
            description = "Rows a table shows at most (csv and json write every row). Default: ${DEFAULT-VALUE}.")
    int maxRows;

    @Option(names = "--file", paramLabel = "FILE", description = "Read statements from FILE (after those given as"
            + " arguments).")
    Path file;

    @Parameters(paramLabel = "STATEMENT", arity = "0..*",
            description = "SQL statements (each in quotes; one argument may hold several, separated by ;).")
    List<String> statements = new ArrayList<>();

    /** Entry point for {@code spark-submit --class org.emolake.cli.SqlCommand emolake-spark.jar ARGS}. */
    public static void main(String[] args) {
        Main.submit("sql", args);
    }

    /** Runs {@code emolake sql ARGS} (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run("sql", args, System.in, out, err);
    }

    @Override
    int run() throws JobException, SqlStatementException, InputRefusedException {
        OptionChecks.atLeast(this, "--max-rows", maxRows, 1);
        List<String> all = new ArrayList<>();
        for (String argument : statements) {
            all.addAll(SqlScript.split(argument));
        }
        if (file != null) {
            try {
                all.addAll(SqlScript.split(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new InputRefusedException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        if (all.isEmpty()) {
            throw usage("no statement given (as an argument or with --file)");
        }
        try (JobSession session = JobSession.obtain("emolake sql", verbose())) {
            SqlRunner.run(session, lake, lakeOptions.choice(), all, format, maxRows, out());
        }
        return ExitCodes.OK;
    }

    /** Accepts table, csv and json in any case. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<SqlRunner.Format> {
        @Override
        public SqlRunner.Format convert(String value) {
            try {
                return SqlRunner.Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("--format must be table, csv or json ("
                        + value + ")");
            }
        }
    }
}
