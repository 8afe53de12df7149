package org.emolake.job;

import org.emolake.cli.Arguments;
import org.emolake.cli.UsageException;

import java.io.PrintStream;
import java.time.Duration;
import org.emolake.audio.AudioLoader;
import org.emolake.scoring.ScoringLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code emolake score}: scores a manifest's clips into the lake. */
public final class ScoreCommand {
    static final String USAGE = "usage: emolake score --manifest M --model-dir DIR --lake LAKE [--run-id ID]"
            + " [--table-format iceberg|parquet] [--group-by COL,...] [--batch-size N] [--partitions N]"
            + " [--keep-features] [--incremental] [--allowed-roots ROOT,...] [--max-duration SECONDS]"
            + " [--clip-timeout SECONDS] [--verbose]";
    private static final Set<String> VALUES = Set.of("manifest", "model-dir", "lake", "run-id", "table-format",
            "group-by", "batch-size", "partitions", "max-duration", "clip-timeout", "allowed-roots");
    private static final Set<String> FLAGS = Set.of("keep-features", "incremental", "verbose", "no-progress");

    private ScoreCommand() {
    }

    /** Entry point for {@code spark-submit --class org.emolake.job.ScoreCommand emolake-spark.jar ARGS}. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        ScoreJob.Options options;
        boolean verbose;
        try {
            Arguments a = Arguments.parse(args, VALUES, FLAGS);
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument " + a.positional().get(0));
            }
            verbose = a.flag("verbose");
            options = new ScoreJob.Options(a.required("manifest"), a.required("model-dir"), a.required("lake"),
                    runId(a.option("run-id")), Lake.Format.parse(orDefault(a.option("table-format"), "iceberg")),
                    columns(a.option("group-by")), a.intOption("batch-size", ScoreJob.DEFAULT_BATCH_SIZE, 1),
                    a.intOption("partitions", 0, 1), a.flag("keep-features"), a.flag("incremental"),
                    !a.flag("no-progress"), a.option("allowed-roots"), ScoringLimits.defaults()
                            .withMaxDurationSeconds(a.secondsOption("max-duration",
                                    AudioLoader.DEFAULT_MAX_DURATION_SECONDS))
                            .withClipTimeout(Duration.ofMillis(Math.round(1000 * a.secondsOption("clip-timeout",
                                    ScoringLimits.DEFAULT_CLIP_TIMEOUT.toSeconds())))));
        } catch (UsageException | JobException e) {
            err.println("emolake score: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (JobSession session = JobSession.obtain("emolake score", verbose)) {
            ScoreJob.Result r = ScoreJob.run(session.spark(), options, err);
            printSummary(r, out);
            return 0;
        } catch (JobException e) {
            err.println("emolake score: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("emolake score: the run failed: " + e);
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static void printSummary(ScoreJob.Result r, PrintStream out) {
        out.printf("run %s (%s): %d clips scored, %d ok, %d errors%s%n", r.runId(), r.runDate(), r.clips(), r.ok(),
                r.errors(), r.skipped() > 0 ? ", " + r.skipped() + " skipped (already scored by this model)" : "");
        if (r.duplicates().ids() > 0) {
            out.printf("duplicate clip_ids: %d (on %d manifest rows, e.g. '%s'); every row was scored%n",
                    r.duplicates().ids(), r.duplicates().rows(), r.duplicates().example());
        }
        out.printf("model %s (sha256 %s)%n", r.modelName(), r.modelSha256());
        for (Map.Entry<String, Long> e : r.perClass().entrySet()) {
            out.printf("  %-16s %8d  %5.1f%%%n", e.getKey(), e.getValue(), r.ok() == 0 ? 0.0 : 100.0 * e.getValue() / r.ok());
        }
        for (Map.Entry<String, Long> e : r.perError().entrySet()) {
            out.printf("  error %-20s %8d%n", e.getKey(), e.getValue());
        }
        out.printf("throughput: %.1f clips/s, %.1f s of audio/s (scoring %.1f s, run %.1f s)%n", r.clipsPerSecond(),
                r.scoringSeconds() > 0 ? r.audioSeconds() / r.scoringSeconds() : 0.0, r.scoringSeconds(),
                r.wallSeconds());
        out.printf("tables (%s): %s%n", r.lake().format().lower(), String.join(", ",
                Lake.TABLES.stream().map(t -> r.lake().location(t)).toList()));
    }

    static String runId(String id) throws UsageException {
        if (id != null && !id.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new UsageException("--run-id may hold letters, digits and . _ : - only (" + id + ")");
        }
        return id;
    }

    static List<String> columns(String list) throws UsageException {
        List<String> columns = new ArrayList<>();
        if (list != null) {
            for (String c : list.split(",")) {
                String t = c.trim();
                if (t.isEmpty()) {
                    throw new UsageException("empty column name in --group-by " + list);
                }
                if (columns.contains(t)) {
                    throw new UsageException("column " + t + " given twice in --group-by");
                }
                columns.add(t);
            }
        }
        return columns;
    }

    static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
