package org.emolake.job;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ScoringEngine;
import org.emolake.scoring.ScoringLimits;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * One scoring run: manifest in, the lake's four tables out. The clips are scored exactly once: the scored rows go
 * straight into {@code predictions}, and the summaries are computed from what was committed there.
 */
public final class ScoreJob {
    /** What a run is asked to do. */
    public record Options(String manifest, String modelDir, String lake, String runId, Lake.Format format,
            List<String> groupBy, int batchSize, int partitions, boolean keepFeatures, boolean incremental,
            boolean progress, String allowedRoots, ScoringLimits limits) {
        public Options(String manifest, String modelDir, String lake, String runId, Lake.Format format, List<String> groupBy,
                int batchSize, int partitions, boolean keepFeatures, boolean incremental, boolean progress) {
            this(manifest, modelDir, lake, runId, format, groupBy, batchSize, partitions, keepFeatures, incremental,
                    progress, null, ScoringLimits.defaults());
        }
    }

    /** What a run did. */
    public record Result(String runId, LocalDate runDate, long clips, long ok, long errors, long skipped,
            double wallSeconds, double scoringSeconds, Map<String, Long> perClass, Map<String, Long> perError,
            Lake lake, String modelName, String modelSha256, double audioSeconds, Duplicates duplicates) {
        public double clipsPerSecond() {
            return scoringSeconds > 0 ? clips / scoringSeconds : 0;
        }
    }

    /** Clip ids that more than one manifest row carries ({@code ids}), and how many rows carry them. */
    public record Duplicates(long ids, long rows, String example) {
        static final Duplicates NONE = new Duplicates(0, 0, null);
    }

    public static final int DEFAULT_BATCH_SIZE = 64;
    private static final List<DataType> CLIP_ID_TYPES = List.of(DataTypes.StringType, DataTypes.LongType,
            DataTypes.IntegerType, DataTypes.ShortType, DataTypes.ByteType);
    private static final List<String> SUMMARY_COLUMNS = List.of("label", "clips", "share", "mean_confidence",
            "p50_confidence", "p90_confidence");

    private ScoreJob() {
    }

    /** Runs on a command's session (the command line's entry point; it never sees Spark itself). */
    public static Result run(JobSession session, Options o, PrintStream err) throws JobException {
        return run(session.spark(), o, err);
    }

    static Result run(SparkSession spark, Options o, PrintStream err) throws JobException {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();

        // 1. Everything that can be checked before any heavy work.
        Dataset<Row> manifest = readManifest(spark, o);
        Lake.checkFolder(spark, o.lake());
        AllowedRoots allowedRoots = AllowedRoots.parse(o.allowedRoots(), spark.sparkContext().hadoopConfiguration());
        Map<String, byte[]> artifacts = readModel(o.modelDir());
        long manifestRows = manifest.count();
        if (manifestRows == 0) {
            throw new JobException("Cannot score: the manifest " + o.manifest() + " has no rows");
        }
        Duplicates duplicates = duplicates(manifest);
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
        Lake lake = Lake.open(spark, o.lake(), o.format());
        String runId = o.runId() != null ? o.runId() : defaultRunId(started);
        LocalDate runDate = existingRunDate(lake, runId);
        if (runDate == null) {
            runDate = started.atZone(ZoneOffset.UTC).toLocalDate();
        }

        // 2. Which rows to score.
        if (o.incremental() && lake.exists(Lake.PREDICTIONS)) {
            Dataset<Row> scored = lake.read(Lake.PREDICTIONS)
                    .filter(col(ScoredColumns.STATUS).equalTo(lit(ClipOutcome.OK))
                            .and(col(ScoredColumns.MODEL_SHA).equalTo(lit(engine.modelSha256())))
                            .and(col(ScoredColumns.RUN_ID).notEqual(lit(runId))))
                    .select(ScoredColumns.CLIP_ID).distinct();
            manifest = manifest.join(scored, manifest.col(ScoredColumns.CLIP_ID).equalTo(scored.col(ScoredColumns.CLIP_ID)),
                    "left_anti");
        }
        long total = o.incremental() ? manifest.count() : manifestRows;
        long skipped = manifestRows - total;
        int partitions = o.partitions() > 0 ? o.partitions() : defaultPartitions(spark, total);

        // 3. Score: spread rows evenly, read and score on the executors, commit the predictions.
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Map<String, byte[]>> model = jsc.broadcast(artifacts);
        Broadcast<SerializableHadoopConf> hadoopConf = jsc.broadcast(
                new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
        LongAccumulator done = spark.sparkContext().longAccumulator("emolake.clips");
        LongAccumulator failed = spark.sparkContext().longAccumulator("emolake.errors");
        StructType scoredSchema = ScoredColumns.scoredSchema(manifest.schema());
        Dataset<Row> scored = manifest.repartition(partitions)
                .mapPartitions(new ClipScorer(model, hadoopConf, manifest.schema().fieldIndex(ScoredColumns.PATH),
                        o.batchSize(), o.keepFeatures(), done, failed, allowedRoots, o.limits()), Encoders.row(scoredSchema));
        List<Column> out = new ArrayList<>();
        for (String name : scoredSchema.fieldNames()) {
            if (!name.equals(ScoredColumns.FEATURES) || o.keepFeatures()) {
                out.add(col(name));
            }
        }
        out.add(lit(engine.modelName()).as(ScoredColumns.MODEL_NAME));
        out.add(lit(engine.modelSha256()).as(ScoredColumns.MODEL_SHA));
        out.add(lit(engine.featureSet()).as(ScoredColumns.FEATURE_SET));
        out.add(lit(runId).as(ScoredColumns.RUN_ID));
        out.add(lit(Date.valueOf(runDate)).as(ScoredColumns.RUN_DATE));
        scored = scored.select(out.toArray(Column[]::new));

        long scoreStart = System.nanoTime();
        try (Progress progress = o.progress() ? new Progress(spark, done, failed, total, err, 2000) : null) {
            spark.sparkContext().setJobDescription("emolake score " + runId + ": " + total + " clips");
            lake.replaceRun(Lake.PREDICTIONS, scored, runId, true);
        } finally {
            spark.sparkContext().setJobDescription(null);
            model.unpersist();
            hadoopConf.unpersist();
        }
        double scoringSeconds = (System.nanoTime() - scoreStart) / 1e9;

        // 4. Summaries, from the committed predictions of this run (no second scoring pass).
        // (a Parquet lake has no predictions table yet after a first run with nothing to score)
        Dataset<Row> predictions = lake.exists(Lake.PREDICTIONS)
                ? lake.read(Lake.PREDICTIONS).filter(col(ScoredColumns.RUN_ID).equalTo(lit(runId)))
                : scored.limit(0);
        Dataset<Row> classSummary = classSummary(predictions, o.groupBy());
        lake.replaceRun(Lake.CLASS_SUMMARY, classSummary, runId, false);
        Dataset<Row> errorSummary = errorSummary(predictions);
        lake.replaceRun(Lake.ERROR_SUMMARY, errorSummary, runId, false);

        Row counts = predictions.agg(
                count(lit(1)),
                sum(when(col(ScoredColumns.STATUS).equalTo(lit(ClipOutcome.OK)), 1L).otherwise(0L)),
                coalesce(sum(col(ScoredColumns.DURATION)), lit(0.0))).first();
        long clips = counts.getLong(0);
        long ok = counts.isNullAt(1) ? 0 : counts.getLong(1);
        double audioSeconds = counts.getDouble(2);
        Map<String, Long> perClass = new LinkedHashMap<>();
        if (lake.exists(Lake.CLASS_SUMMARY)) {
            for (Row r : lake.read(Lake.CLASS_SUMMARY).filter(col(ScoredColumns.RUN_ID).equalTo(lit(runId)))
                    .groupBy("label").agg(sum("clips").as("clips")).orderBy(col("clips").desc(), col("label"))
                    .collectAsList()) {
                perClass.put(r.getString(0), r.getLong(1));
            }
        }
        Map<String, Long> perError = new LinkedHashMap<>();
        if (lake.exists(Lake.ERROR_SUMMARY)) {
            for (Row r : lake.read(Lake.ERROR_SUMMARY).filter(col(ScoredColumns.RUN_ID).equalTo(lit(runId)))
                    .select("error_code", "clips").orderBy(col("clips").desc(), col("error_code")).collectAsList()) {
                perError.put(r.getString(0), r.getLong(1));
            }
        }

        // 5. The run itself, committed last: a run listed in `runs` is complete.
        Instant finished = Instant.now();
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        Row run = RowFactory.create(runId, Date.valueOf(runDate), o.manifest(), o.modelDir(), engine.modelName(),
                engine.modelSha256(), engine.featureSet(), lake.format().lower(), o.incremental(),
                o.groupBy().isEmpty() ? null : String.join(",", o.groupBy()), clips, ok, clips - ok, skipped,
                audioSeconds, Timestamp.from(started), Timestamp.from(finished), wallSeconds,
                scoringSeconds > 0 ? clips / scoringSeconds : 0.0, spark.sparkContext().master(), partitions,
                o.batchSize(), duplicates.ids(), duplicates.rows(), o.allowedRoots());
        lake.replaceRun(Lake.RUNS, spark.createDataFrame(List.of(run), RUNS_SCHEMA), runId, false);
        return new Result(runId, runDate, clips, ok, clips - ok, skipped, wallSeconds, scoringSeconds, perClass,
                perError, lake, engine.modelName(), engine.modelSha256(), audioSeconds, duplicates);
    }

    static final StructType RUNS_SCHEMA = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("run_id", DataTypes.StringType, false),
        DataTypes.createStructField("run_date", DataTypes.DateType, false),
        DataTypes.createStructField("manifest", DataTypes.StringType, false),
        DataTypes.createStructField("model_dir", DataTypes.StringType, false),
        DataTypes.createStructField("model_name", DataTypes.StringType, false),
        DataTypes.createStructField("model_sha256", DataTypes.StringType, false),
        DataTypes.createStructField("feature_set", DataTypes.StringType, false),
        DataTypes.createStructField("table_format", DataTypes.StringType, false),
        DataTypes.createStructField("incremental", DataTypes.BooleanType, false),
        DataTypes.createStructField("group_by", DataTypes.StringType, true),
        DataTypes.createStructField("clips", DataTypes.LongType, false),
        DataTypes.createStructField("clips_ok", DataTypes.LongType, false),
        DataTypes.createStructField("clips_error", DataTypes.LongType, false),
        DataTypes.createStructField("clips_skipped", DataTypes.LongType, false),
        DataTypes.createStructField("audio_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("started_at", DataTypes.TimestampType, false),
        DataTypes.createStructField("finished_at", DataTypes.TimestampType, false),
        DataTypes.createStructField("wall_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("clips_per_second", DataTypes.DoubleType, false),
        DataTypes.createStructField("spark_master", DataTypes.StringType, false),
        DataTypes.createStructField("partitions", DataTypes.IntegerType, false),
        DataTypes.createStructField("batch_size", DataTypes.IntegerType, false),
        DataTypes.createStructField("duplicate_clip_ids", DataTypes.LongType, true),
        DataTypes.createStructField("duplicate_clip_id_rows", DataTypes.LongType, true),
        DataTypes.createStructField("allowed_roots", DataTypes.StringType, true),
    });

    /** Clip ids (not NULL) that more than one manifest row carries. */
    static Duplicates duplicates(Dataset<Row> manifest) {
        Row r = manifest.filter(col(ScoredColumns.CLIP_ID).isNotNull())
                .groupBy(col(ScoredColumns.CLIP_ID)).agg(count(lit(1)).as("n"))
                .filter(col("n").gt(1))
                .agg(count(lit(1)), coalesce(sum(col("n")), lit(0L)), min(col(ScoredColumns.CLIP_ID)))
                .first();
        return r.getLong(0) == 0 ? Duplicates.NONE : new Duplicates(r.getLong(0), r.getLong(1), r.getString(2));
    }

    /** Per run and group: each label's clip count, share of the group's ok clips and confidence statistics. */
    static Dataset<Row> classSummary(Dataset<Row> predictions, List<String> groupBy) {
        List<Column> keys = new ArrayList<>();
        keys.add(col(ScoredColumns.RUN_ID));
        keys.add(col(ScoredColumns.RUN_DATE));
        groupBy.forEach(g -> keys.add(col(g)));
        List<Column> labelKeys = new ArrayList<>(keys);
        labelKeys.add(col(ScoredColumns.LABEL));
        Column conf = col(ScoredColumns.CONFIDENCE);
        Dataset<Row> perLabel = predictions.filter(col(ScoredColumns.STATUS).equalTo(lit(ClipOutcome.OK)))
                .groupBy(labelKeys.toArray(Column[]::new))
                .agg(count(lit(1)).as("clips"), avg(conf).as("mean_confidence"),
                        percentile_approx(conf, array(lit(0.5), lit(0.9)), lit(10000)).as("pct"));
        Column groupTotal = sum(col("clips")).over(Window.partitionBy(keys.toArray(Column[]::new)));
        List<Column> select = new ArrayList<>(keys);
        select.add(col(ScoredColumns.LABEL));
        select.add(col("clips"));
        select.add(col("clips").divide(groupTotal).as("share"));
        select.add(col("mean_confidence"));
        select.add(col("pct").getItem(0).as("p50_confidence"));
        select.add(col("pct").getItem(1).as("p90_confidence"));
        return perLabel.select(select.toArray(Column[]::new));
    }

    /** Per run: each error code's clip count with one example path and message. */
    static Dataset<Row> errorSummary(Dataset<Row> predictions) {
        return predictions.filter(col(ScoredColumns.STATUS).notEqual(lit(ClipOutcome.OK)))
                .groupBy(col(ScoredColumns.RUN_ID), col(ScoredColumns.RUN_DATE),
                        coalesce(col(ScoredColumns.ERROR_CODE), lit("UNKNOWN")).as("error_code"))
                .agg(count(lit(1)).as("clips"),
                        min(struct(col(ScoredColumns.PATH), col(ScoredColumns.ERROR_MESSAGE))).as("example"))
                .select(col(ScoredColumns.RUN_ID), col(ScoredColumns.RUN_DATE), col("error_code"), col("clips"),
                        col("example.path").as("example_path"),
                        col("example." + ScoredColumns.ERROR_MESSAGE).as("example_message"));
    }

    private static Dataset<Row> readManifest(SparkSession spark, Options o) throws JobException {
        Dataset<Row> manifest;
        try {
            manifest = spark.read().parquet(o.manifest());
        } catch (Exception e) {
            throw new JobException("Cannot score: cannot read the manifest " + o.manifest() + " as Parquet: "
                    + firstLine(e.getMessage()), e);
        }
        StructType schema = manifest.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(ScoredColumns.PATH)) {
            throw new JobException("Cannot score: manifest has no 'path' column (" + o.manifest() + " has "
                    + String.join(", ", names) + ")");
        }
        if (!schema.apply(ScoredColumns.PATH).dataType().equals(DataTypes.StringType)) {
            throw new JobException("Cannot score: the manifest's 'path' column is "
                    + schema.apply(ScoredColumns.PATH).dataType().simpleString() + ", not string");
        }
        for (String name : names) {
            if (ScoredColumns.RESERVED.contains(name)) {
                throw new JobException("Cannot score: manifest column '" + name
                        + "' clashes with an output column of the same name; rename it");
            }
        }
        for (String g : o.groupBy()) {
            if (!names.contains(g)) {
                throw new JobException("Cannot score: --group-by column '" + g + "' is not in the manifest (it has "
                        + String.join(", ", names) + ")");
            }
            if (SUMMARY_COLUMNS.contains(g) || g.equals(ScoredColumns.PATH)) {
                throw new JobException("Cannot score: --group-by column '" + g + "' clashes with a class_summary column");
            }
        }
        Column clipId = ClipIds.fromPath(col(ScoredColumns.PATH));
        if (names.contains(ScoredColumns.CLIP_ID)) {
            DataType type = schema.apply(ScoredColumns.CLIP_ID).dataType();
            if (!CLIP_ID_TYPES.contains(type)) {
                throw new JobException("Cannot score: the manifest's 'clip_id' column is " + type.simpleString()
                        + ", not string (or an integer type, read as its decimal string)");
            }
            // a row whose clip_id is NULL gets the id derived from its path, as a manifest without the column
            clipId = coalesce(col(ScoredColumns.CLIP_ID).cast("string"), clipId);
        }
        List<Column> ordered = new ArrayList<>();
        ordered.add(clipId.as(ScoredColumns.CLIP_ID));
        ordered.add(col(ScoredColumns.PATH));
        for (String name : names) {
            if (!name.equals(ScoredColumns.CLIP_ID) && !name.equals(ScoredColumns.PATH)) {
                ordered.add(col("`" + name + "`"));
            }
        }
        return manifest.select(ordered.toArray(Column[]::new));
    }

    private static Map<String, byte[]> readModel(String modelDir) throws JobException {
        Path dir = Path.of(modelDir);
        if (!Files.isDirectory(dir)) {
            throw new JobException("Cannot score: model bundle folder " + modelDir + " not found");
        }
        try {
            return ScoringEngine.readArtifacts(dir);
        } catch (IOException e) {
            throw new JobException("Cannot score: cannot read the model bundle " + modelDir + ": " + e.getMessage(), e);
        }
    }

    private static LocalDate existingRunDate(Lake lake, String runId) {
        if (!lake.exists(Lake.RUNS)) {
            return null;
        }
        List<Row> rows = lake.read(Lake.RUNS).filter(col("run_id").equalTo(lit(runId))).select("run_date")
                .limit(1).collectAsList();
        return rows.isEmpty() || rows.get(0).isNullAt(0) ? null : rows.get(0).getDate(0).toLocalDate();
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
