package org.emolake.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.emolake.audio.AudioLoader;
import org.emolake.job.JobException;
import org.emolake.job.JobSession;
import org.emolake.job.Lake;
import org.emolake.job.ReportData;
import org.emolake.job.ScoreJob;
import org.emolake.job.SegmentOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code emolake score}: scores a manifest's clips into the lake (docs/JOB.md). */
@Command(name = "score", sortOptions = false,
        description = "Scores the clips of a Parquet manifest with Spark into the lake's tables (predictions,"
                + " class_summary, error_summary, runs); see docs/JOB.md.")
public final class ScoreCommand extends CommandBase {
    @Option(names = "--manifest", paramLabel = "M", required = true,
            description = "Parquet manifest with a path column (clip_id and other columns optional).")
    String manifest;

    @Option(names = "--model-dir", paramLabel = "DIR", required = true, description = "The model bundle folder.")
    String modelDir;

    @Option(names = "--lake", paramLabel = "LAKE", required = true, description = "Lake folder or URI.")
    String lake;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Run id (letters, digits, . _ : -). Default: the start time, UTC.")
    String runId;

    @Option(names = "--table-format", paramLabel = "FORMAT", converter = TableFormatConverter.class,
            description = "iceberg or parquet; a lake keeps the format of its first run. Default: the lake's"
                    + " format, iceberg for a new lake.")
    Lake.Format tableFormat;

    @Mixin
    LakeOptions lakeOptions = new LakeOptions();

    @Option(names = "--group-by", paramLabel = "COL,...",
            description = "Manifest columns class_summary is also grouped by.")
    String groupBy;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ScoreJob.DEFAULT_BATCH_SIZE,
            description = "Clips scored by the model at once. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Spark partitions of the manifest; 0 chooses from the cores and the row count."
                    + " Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--keep-features",
            description = "Also write the 110 features of each clip to predictions, and of each segment to segments.")
    boolean keepFeatures;

    @Option(names = "--incremental", description = "Skip clips this model already scored in the lake (a file whose"
            + " size_bytes or modified_at changed is scored again).")
    boolean incremental;

    @Option(names = "--no-progress", description = "No progress line on standard error.")
    boolean noProgress;

    @Option(names = "--allowed-roots", paramLabel = "ROOT,...",
            description = "Only clips under these folders are read; others are error rows (PATH_NOT_ALLOWED).")
    String allowedRoots;

    @Option(names = "--report", paramLabel = "FILE",
            description = "After the run, write its HTML report to FILE (as emolake report --run-id).")
    Path report;

    @Option(names = "--segments", paramLabel = "MODE", defaultValue = "auto",
            converter = SegmentModeConverter.class,
            description = "auto: recordings longer than --whole-clip-max are scored by segments, shorter ones whole;"
                    + " always; never. Default: ${DEFAULT-VALUE}.")
    SegmentOptions.Mode segments;

    @Option(names = "--whole-clip-max", paramLabel = "SECONDS",
            defaultValue = "" + SegmentOptions.DEFAULT_WHOLE_CLIP_MAX_SECONDS,
            description = "--segments auto: longest recording scored whole. Default: ${DEFAULT-VALUE}.")
    double wholeClipMax;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "" + SegmentOptions.DEFAULT_WINDOW_SECONDS,
            description = "Length of a segment. Default: ${DEFAULT-VALUE}.")
    double window;

    @Option(names = "--hop", paramLabel = "SECONDS", defaultValue = "" + SegmentOptions.DEFAULT_HOP_SECONDS,
            description = "Seconds between the starts of two segments. Default: ${DEFAULT-VALUE}.")
    double hop;

    @Option(names = "--silence-threshold-db", paramLabel = "DBFS",
            defaultValue = "" + SegmentOptions.DEFAULT_SILENCE_THRESHOLD_DB,
            description = "A segment whose RMS level is below this is silent: kept as a row, left out of its"
                    + " recording's verdict. Default: ${DEFAULT-VALUE}.")
    double silenceThresholdDb;

    @Mixin
    ClipLimitOptions clipLimits = new ClipLimitOptions();

    /** Entry point for {@code spark-submit --class org.emolake.cli.ScoreCommand emolake-spark.jar ARGS}. */
    public static void main(String[] args) {
        Main.submit("score", args);
    }

    /** Runs {@code emolake score ARGS} (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run("score", args, System.in, out, err);
    }

    @Override
    int run() throws JobException, InputRefusedException, java.io.IOException {
        if (runId != null && !runId.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw usage("--run-id may hold letters, digits and . _ : - only (" + runId + ")");
        }
        OptionChecks.atLeast(this, "--batch-size", batchSize, 1);
        OptionChecks.atLeast(this, "--partitions", partitions, 0);
        if (allowedRoots != null && List.of(allowedRoots.split(",", -1)).stream().anyMatch(r -> r.isBlank())) {
            throw usage("empty root in --allowed-roots '" + allowedRoots + "'");
        }
        OptionChecks.positiveSeconds(this, "--window", window);
        OptionChecks.positiveSeconds(this, "--hop", hop);
        if (!(wholeClipMax >= 0) || Double.isInfinite(wholeClipMax)) {
            throw usage("--whole-clip-max must be a number of seconds, 0 or more (" + wholeClipMax + ")");
        }
        if (Double.isNaN(silenceThresholdDb)) {
            throw usage("--silence-threshold-db must be a number of dBFS");
        }
        SegmentOptions segmentOptions = new SegmentOptions(segments, wholeClipMax, window, hop, silenceThresholdDb);
        List<String> groupColumns = columns(groupBy);
        refuseMissingLocalManifest(manifest);
        AudioLoader.checkAvailable();
        ScoreJob.Options options = new ScoreJob.Options(manifest, modelDir, lake, runId, tableFormat, groupColumns,
                batchSize, partitions, keepFeatures, incremental, !noProgress, allowedRoots, clipLimits.limits(this),
                lakeOptions.choice(), segmentOptions);
        try (JobSession session = JobSession.obtain("emolake score", verbose())) {
            ScoreJob.Result result = ScoreJob.run(session, options, err());
            printSummary(result, out());
            if (report != null) {
                ReportCommand.write(session, lake, lakeOptions.choice(), new ReportData.Request(result.runId(),
                        ReportCommand.DEFAULT_COMPARED_RUNS, null, 5, null), report, out());
            }
        }
        return ExitCodes.OK;
    }

    /**
     * A local manifest that does not exist is refused here, in one line, before Spark starts (Spark would log a
     * long warning with a stack trace first). URIs of other file systems are checked by the job.
     */
    static void refuseMissingLocalManifest(String manifest) throws InputRefusedException {
        boolean local = !manifest.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || manifest.startsWith("file:");
        if (local) {
            Path path = manifest.startsWith("file:") ? Path.of(java.net.URI.create(manifest)) : Path.of(manifest);
            if (!Files.exists(path)) {
                throw new InputRefusedException("Cannot score: cannot read the manifest " + manifest
                        + ": no such file or folder");
            }
        }
    }

    static void printSummary(ScoreJob.Result r, PrintStream out) {
        out.printf("run %s (%s): %d clips scored, %d ok, %d errors%s%s%n", r.runId(), r.runDate(), r.clips(), r.ok(),
                r.errors(), r.skipped() > 0 ? ", " + r.skipped() + " skipped (already scored by this model)" : "",
                r.segments() > 0 ? "; " + r.segments() + " segments of long recordings" : "");
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
                Lake.ALL_TABLES.stream().filter(t -> !t.equals(Lake.SEGMENTS) || r.segments() > 0)
                        .map(t -> r.lake().location(t)).toList()));
    }

    private List<String> columns(String list) {
        List<String> columns = new ArrayList<>();
        if (list != null) {
            for (String c : list.split(",")) {
                String t = c.trim();
                if (t.isEmpty()) {
                    throw usage("empty column name in --group-by " + list);
                }
                if (columns.contains(t)) {
                    throw usage("column " + t + " given twice in --group-by");
                }
                columns.add(t);
            }
        }
        return columns;
    }

    /** Accepts auto, always and never in any case. */
    static final class SegmentModeConverter implements picocli.CommandLine.ITypeConverter<SegmentOptions.Mode> {
        @Override
        public SegmentOptions.Mode convert(String value) throws JobException {
            return SegmentOptions.Mode.parse(value);
        }
    }

    /** Accepts iceberg and parquet in any case. */
    static final class TableFormatConverter implements picocli.CommandLine.ITypeConverter<Lake.Format> {
        @Override
        public Lake.Format convert(String value) throws JobException {
            return Lake.Format.parse(value);
        }
    }
}
