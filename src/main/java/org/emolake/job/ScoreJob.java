package org.emolake.job;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.emolake.scoring.ScoringEngine;
import org.emolake.scoring.ScoringLimits;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;


/**
 * One scoring run: manifest in, the lake's four tables out. The clips are scored exactly once: the scored rows go
 * straight into {@code predictions}, and the summaries are computed from what was committed there.
 */
public final class ScoreJob {
    /**
     * What a run is asked to do. {@code format} null: the lake's recorded format (Iceberg for a new lake);
     * {@code catalog}: which Iceberg catalog (docs/JOB.md, "Catalog").
     */
    public record Options(String manifest, String modelDir, String lake, String runId, Lake.Format format,
            List<String> groupBy, int batchSize, int partitions, boolean keepFeatures, boolean incremental,
            boolean progress, String allowedRoots, ScoringLimits limits, LakeCatalog.Choice catalog,
            SegmentOptions segments) {
        public Options {
            catalog = catalog == null ? LakeCatalog.Choice.DEFAULT : catalog;
            segments = segments == null ? SegmentOptions.DEFAULTS : segments;
        }

        public Options(String manifest, String modelDir, String lake, String runId, Lake.Format format, List<String> groupBy,
                int batchSize, int partitions, boolean keepFeatures, boolean incremental, boolean progress) {
            this(manifest, modelDir, lake, runId, format, groupBy, batchSize, partitions, keepFeatures, incremental,
                    progress, null, ScoringLimits.defaults());
        }

        public Options(String manifest, String modelDir, String lake, String runId, Lake.Format format, List<String> groupBy,
                int batchSize, int partitions, boolean keepFeatures, boolean incremental, boolean progress,
                String allowedRoots, ScoringLimits limits) {
            this(manifest, modelDir, lake, runId, format, groupBy, batchSize, partitions, keepFeatures, incremental,
                    progress, allowedRoots, limits, LakeCatalog.Choice.DEFAULT, SegmentOptions.DEFAULTS);
        }
    }

    /** What a run did. */
    public record Result(String runId, LocalDate runDate, long clips, long ok, long errors, long skipped,
            double wallSeconds, double scoringSeconds, Map<String, Long> perClass, Map<String, Long> perError,
            Lake lake, String modelName, String modelSha256, double audioSeconds, Duplicates duplicates,
            long segments) {
        public double clipsPerSecond() {
            return scoringSeconds > 0 ? clips / scoringSeconds : 0;
        }
    }

    /** Clip ids that more than one manifest row carries ({@code ids}), and how many rows carry them. */
    public record Duplicates(long ids, long rows, String example) {
        static final Duplicates NONE = new Duplicates(0, 0, null);
    }

    public static final int DEFAULT_BATCH_SIZE = 64;
    private ScoreJob() {
    }

    /** What step 1 checked and loaded: everything a run needs before any heavy work. */
    private record Prepared(Dataset<Row> manifest, long manifestRows, Duplicates duplicates, AllowedRoots allowedRoots,
            Map<String, byte[]> artifacts, ScoringEngine engine, Lake lake, String runId, LocalDate runDate) {
    }

    /** The manifest rows this run scores, and how many rows an incremental run skipped. */
    private record Selection(Dataset<Row> rows, long total, long skipped) {
    }

    /** The predictions rows of a run (as a plan), and how many tasks scored them. */
    private record Scored(Dataset<Row> rows, int partitions) {
    }

    /** What the committed predictions of a run add up to. */
    private record Summary(long clips, long ok, double audioSeconds, Map<String, Long> perClass,
            Map<String, Long> perError, long segments) {
    }

    /** Runs on a command's session (the command line's entry point; it never sees Spark itself). */
    public static Result run(JobSession session, Options o, PrintStream err) throws JobException {
        return run(session.spark(), o, err);
    }

    static Result run(SparkSession spark, Options o, PrintStream err) throws JobException {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        Prepared prepared = validate(spark, o, started, err);
        Selection selection = selectRows(prepared, o);
        int partitions = o.partitions() > 0 ? o.partitions() : defaultPartitions(spark, selection.total());
        long scoreStart = System.nanoTime();
        Scored scored = score(spark, o, prepared, selection, partitions, err);
        double scoringSeconds = (System.nanoTime() - scoreStart) / 1e9;
        Summary summary = summarise(spark, prepared, o.groupBy(), scored.rows());
        double wallSeconds = recordRun(spark, o, prepared, selection, summary, scored.partitions(), started,
                startNanos, scoringSeconds);
        ScoringEngine engine = prepared.engine();
        return new Result(prepared.runId(), prepared.runDate(), summary.clips(), summary.ok(),
                summary.clips() - summary.ok(), selection.skipped(), wallSeconds, scoringSeconds, summary.perClass(),
                summary.perError(), prepared.lake(), engine.modelName(), engine.modelSha256(), summary.audioSeconds(),
                prepared.duplicates(), summary.segments());
    }

    /** Step 1: everything that can be checked before any heavy work; the model is loaded once here. */
    private static Prepared validate(SparkSession spark, Options o, Instant started, PrintStream err)
            throws JobException {
        Storage.checkSchemes(spark.sparkContext().hadoopConfiguration(), o.manifest(), o.modelDir(), o.lake());
        Dataset<Row> manifest = ScoreManifest.read(spark, o.manifest(), o.groupBy());
        Lake.checkFolder(spark, o.lake());
        AllowedRoots allowedRoots = AllowedRoots.parse(o.allowedRoots(), spark.sparkContext().hadoopConfiguration());
        Map<String, byte[]> artifacts = readModel(o.modelDir(), spark.sparkContext().hadoopConfiguration());
        ScoreManifest.Census census = ScoreManifest.census(manifest);
        long manifestRows = census.rows();
        if (manifestRows == 0) {
            throw new JobException("Cannot score: the manifest " + o.manifest() + " has no rows");
        }
        Duplicates duplicates = census.duplicates();
        if (duplicates.ids() > 0) {
            err.println("emolake score: warning: " + duplicates.ids() + " clip_id(s) appear on more than one manifest"
                    + " row (" + duplicates.rows() + " rows, e.g. '" + duplicates.example() + "'); every row is scored");
        }
        ScoringEngine engine;
        try {
            engine = ScoringEngine.forArtifacts(artifacts, o.limits());
        } catch (IllegalArgumentException e) {
            throw new JobException("Cannot score: bad model bundle " + o.modelDir() + ": " + e.getMessage(), e);
        }
        Lake lake = Lake.forScoring(spark, o.lake(), o.format(), o.catalog(), err);
        String runId = o.runId() != null ? o.runId() : defaultRunId(started);
        LocalDate runDate = lake.recordedRunDate(runId);
        if (runDate == null) {
            runDate = started.atZone(ZoneOffset.UTC).toLocalDate();
        }
        return new Prepared(manifest, manifestRows, duplicates, allowedRoots, artifacts, engine, lake, runId, runDate);
    }

    /** Step 2: every manifest row, or (incremental) those {@link IncrementalRows} says are new or changed. */
    private static Selection selectRows(Prepared p, Options o) {
        Dataset<Row> manifest = p.manifest();
        if (!o.incremental()) {
            return new Selection(manifest, p.manifestRows(), 0);
        }
        if (p.lake().exists(Lake.PREDICTIONS)) {
            manifest = IncrementalRows.notScored(manifest, p.lake().read(Lake.PREDICTIONS), p.engine().modelSha256(),
                    p.runId());
        }
        long total = manifest.count();
        return new Selection(manifest, total, p.manifestRows() - total);
    }

    /**
     * Step 3: plan the work items (long recordings cut into ranges of segments, {@link SegmentPlanner}), spread them
     * evenly, score them on the executors, commit the segments (when there are any, or were in an earlier attempt of
     * the run) and then the predictions, whose rows of segmented recordings are their verdicts
     * ({@link RecordingVerdicts}). Returns the predictions rows (as a plan: a Parquet lake has no predictions table
     * after a run with nothing to score).
     */
    private static Scored score(SparkSession spark, Options o, Prepared p, Selection selection, int partitions,
            PrintStream err) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Map<String, byte[]>> model = jsc.broadcast(p.artifacts());
        Broadcast<SerializableHadoopConf> hadoopConf = jsc.broadcast(
                new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
        LongAccumulator done = spark.sparkContext().longAccumulator("emolake.clips");
        LongAccumulator failed = spark.sparkContext().longAccumulator("emolake.errors");
        clearInflightMarkers(spark, p, err);
        SegmentPlanner.Plan plan = SegmentPlanner.plan(selection.rows(), o.segments(), o.limits(), p.allowedRoots(),
                hadoopConf, p.lake().root(), p.runId());
        long items = plan.itemCount() >= 0 ? plan.itemCount() : selection.total();
        StructType unitSchema = ScoredUnit.schema(plan.manifest());
        int tasks = SegmentPlanner.partitions(spark, o, partitions, plan);
        Dataset<Row> units = plan.items().repartition(tasks)
                .mapPartitions(new ClipScorer(model, hadoopConf, plan.manifest().fieldIndex(PredictionRow.PATH),
                        o.batchSize(), o.keepFeatures(), done, failed, p.allowedRoots(), o.limits(),
                        p.lake().root(), p.runId(), o.segments()),
                        Encoders.row(unitSchema));
        if (plan.anySegmented()) {
            // the segments and the predictions tables are both made from one scoring pass
            units = units.persist(StorageLevel.MEMORY_AND_DISK());
        }
        ScoringEngine engine = p.engine();
        Dataset<Row> scored = PredictionRow.withRun(RecordingVerdicts.predictions(units, plan.manifest(),
                plan.anySegmented()), o.keepFeatures(), engine.modelName(), engine.modelSha256(),
                engine.featureSet(), p.runId(), p.runDate());
        try (Progress progress = o.progress()
                ? new Progress(spark, done, failed, items, err, 2000) : null) {
            spark.sparkContext().setJobDescription("emolake score " + p.runId() + ": " + selection.total() + " clips"
                    + (plan.anySegmented() ? ", " + plan.segmentedRecordings() + " of them by segments in "
                            + plan.ranges() + " ranges" : ""));
            if (plan.anySegmented() || p.lake().exists(Lake.SEGMENTS)) {
                p.lake().replaceRun(Lake.SEGMENTS, SegmentRow.of(units, o.groupBy(), o.keepFeatures(),
                        engine.modelName(), engine.modelSha256(), engine.featureSet(), p.runId(), p.runDate()),
                        p.runId(), true);
            }
            p.lake().replaceRun(Lake.PREDICTIONS, scored, p.runId(), true);
            clearInflightMarkers(spark, p, err);
        } finally {
            spark.sparkContext().setJobDescription(null);
            units.unpersist();
            plan.release();
            model.unpersist();
            hadoopConf.unpersist();
        }
        return new Scored(scored, tasks);
    }

    /** Markers of a run that died (so a rerun under its id starts clean), and of this run once it committed. */
    private static void clearInflightMarkers(SparkSession spark, Prepared p, PrintStream err) {
        try {
            InflightMarkers.clearRun(spark.sparkContext().hadoopConfiguration(), p.lake().root(), p.runId());
        } catch (IOException e) {
            err.println("emolake score: warning: cannot delete " + InflightMarkers.runFolder(p.lake().root(), p.runId())
                    + ": " + e.getMessage());
        }
    }

    /**
     * Step 4: the summaries, from this run's committed predictions (no second scoring pass): one aggregation
     * ({@link RunTables#tally}) gives class_summary's and error_summary's rows and the run's totals.
     */
    private static Summary summarise(SparkSession spark, Prepared p, List<String> groupBy, Dataset<Row> scored) {
        Lake lake = p.lake();
        Dataset<Row> predictions = lake.exists(Lake.PREDICTIONS)
                ? lake.readRun(Lake.PREDICTIONS, p.runId(), p.runDate(), scored.schema())
                : scored.limit(0);
        RunTally tally = RunTables.tally(predictions, groupBy);
        lake.replaceRun(Lake.CLASS_SUMMARY, tally.classSummary(spark), p.runId(), false);
        lake.replaceRun(Lake.ERROR_SUMMARY, tally.errorSummary(spark), p.runId(), false);
        return new Summary(tally.clips(), tally.ok(), tally.audioSeconds(), tally.perClass(), tally.perError(),
                tally.segments());
    }

    /** Step 5: the run itself, committed last: a run listed in {@code runs} is complete. Returns the wall time. */
    private static double recordRun(SparkSession spark, Options o, Prepared p, Selection selection, Summary summary,
            int partitions, Instant started, long startNanos, double scoringSeconds) {
        Instant finished = Instant.now();
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        ScoringEngine engine = p.engine();
        long clips = summary.clips();
        Row run = RowFactory.create(p.runId(), Date.valueOf(p.runDate()), Storage.redact(o.manifest()),
                Storage.redact(o.modelDir()),
                engine.modelName(), engine.modelSha256(), engine.featureSet(), p.lake().format().lower(),
                o.incremental(), o.groupBy().isEmpty() ? null : String.join(",", o.groupBy()), clips, summary.ok(),
                clips - summary.ok(), selection.skipped(), summary.audioSeconds(), Timestamp.from(started),
                Timestamp.from(finished), wallSeconds, scoringSeconds > 0 ? clips / scoringSeconds : 0.0,
                spark.sparkContext().master(), partitions, o.batchSize(), p.duplicates().ids(),
                p.duplicates().rows(), Storage.redact(o.allowedRoots()), summary.segments());
        p.lake().replaceRun(Lake.RUNS, spark.createDataFrame(List.of(run), RunTables.RUNS_SCHEMA), p.runId(), false);
        return wallSeconds;
    }

    /** The bundle's files, from the driver's disk (no scheme) or any Hadoop FS URI (docs/STORAGE.md). */
    private static Map<String, byte[]> readModel(String modelDir, org.apache.hadoop.conf.Configuration conf)
            throws JobException {
        try {
            return ModelBundleFiles.read(modelDir, conf);
        } catch (org.emolake.model.ModelException e) {
            throw new JobException("Cannot score: " + (e.code() == org.emolake.model.ModelException.Code.NOT_A_DIRECTORY
                    ? "model bundle folder " + Storage.redact(modelDir) + " not found"
                    : "cannot read the model bundle " + Storage.redact(modelDir)) + ": " + e.getMessage(), e);
        }
    }

    static String defaultRunId(Instant started) {
        return "run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started)
                + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Twice the default parallelism, more for big manifests so that a task holds at most ~2000 clips. */
    static int defaultPartitions(SparkSession spark, long total) {
        int base = Math.max(1, spark.sparkContext().defaultParallelism()) * 2;
        long needed = (total + 1999) / 2000;
        int cores = Math.max(1, spark.sparkContext().defaultParallelism());
        if (needed > base) {
            // a multiple of the cores, so the last wave keeps every core busy
            return (int) Math.min(100_000, (needed + cores - 1) / cores * cores);
        }
        return base;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

}
