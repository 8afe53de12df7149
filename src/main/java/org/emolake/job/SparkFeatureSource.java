package org.emolake.job;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.emolake.scoring.ScoringLimits;
import org.emolake.training.LabelledFeatureSource;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

/**
 * Labelled feature rows from a Parquet manifest (the scoring manifest format: a string {@code path} column, read
 * through the Hadoop FileSystem API, plus a label column), extracted by the Spark executors with the scoring code
 * path ({@link ClipReader} + {@code AudioLoader} + {@code FeatureExtractor}, in {@code mapPartitions}). Only (id,
 * label, 110 doubles) per clip, or (id, reason) per unusable clip, come back to the driver: about 1 KB per clip
 * (1 GB of driver heap per million clips, on top of what training needs).
 *
 * <p>The rows come back sorted by path (duplicates in the manifest's read order), however the manifest is split
 * into files and tasks, so the same manifest content gives the same rows, the same split and the same model.
 *
 * <p>(Inside this class {@code Row} is {@link LabelledFeatureSource.Row}; Spark's rows are spelled out in full.)
 */
public final class SparkFeatureSource implements LabelledFeatureSource {
    /** How many unusable clips are named on the log (all of them are counted and returned). */
    static final int LOGGED_FAILURES = 10;

    private final String manifest;
    private final String pathColumn;
    private final String labelColumn;
    private final int partitions;
    private final boolean progress;
    private final ScoringLimits limits;

    /**
     * {@code partitions} ≤ 0: the scoring default (twice the default parallelism, more for big manifests).
     */
    public SparkFeatureSource(String manifest, String pathColumn, String labelColumn, int partitions, boolean progress,
            ScoringLimits limits) {
        this.limits = limits;
        this.manifest = manifest;
        this.pathColumn = pathColumn;
        this.labelColumn = labelColumn;
        this.partitions = partitions;
        this.progress = progress;
    }

    /** A Parquet manifest rather than a CSV file: a folder, a {@code .parquet} file, or a URI not ending in .csv. */
    public static boolean isParquet(String manifest) {
        String lower = manifest.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return false;
        }
        if (lower.endsWith(".parquet") || lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            return true;
        }
        return java.nio.file.Files.isDirectory(java.nio.file.Path.of(manifest));
    }

    @Override
    public Loaded load(PrintStream log) throws IOException {
        try (JobSession session = JobSession.obtain("emolake train", false)) {
            return load(session.spark(), log);
        } catch (JobException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Extracts on {@code spark}'s executors and collects the rows. */
    public Loaded load(SparkSession spark, PrintStream log) throws JobException {
        Dataset<org.apache.spark.sql.Row> clips = readManifest(spark);
        long total = clips.count();
        if (total == 0) {
            throw new JobException("Cannot train: the manifest " + manifest + " has no rows");
        }
        int n = partitions > 0 ? partitions : ScoreJob.defaultPartitions(spark, total);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableHadoopConf> hadoopConf = jsc.broadcast(
                new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration()));
        LongAccumulator done = spark.sparkContext().longAccumulator("emolake.train.clips");
        LongAccumulator failed = spark.sparkContext().longAccumulator("emolake.train.errors");
        List<org.apache.spark.sql.Row> collected;
        log.printf(Locale.ROOT, "features: %d clips from %s on %s, %d tasks%n", total, manifest,
                spark.sparkContext().master(), n);
        try (Progress p = progress ? new Progress(spark, done, failed, total, log, 2000, "extracted") : null) {
            spark.sparkContext().setJobDescription("emolake train: features of " + total + " clips");
            collected = clips.repartition(n)
                    .mapPartitions(new LabelledFeatureExtractor(hadoopConf, done, failed, limits),
                            Encoders.row(LabelledFeatureExtractor.OUTPUT))
                    .collectAsList();
        } finally {
            spark.sparkContext().setJobDescription(null);
            hadoopConf.unpersist();
        }
        List<org.apache.spark.sql.Row> ordered = new ArrayList<>(collected);
        ordered.sort(Comparator.comparing((org.apache.spark.sql.Row r) -> r.isNullAt(1) ? "" : r.getString(1))
                .thenComparingLong(r -> r.getLong(0)));
        List<LabelledFeatureSource.Row> rows = new ArrayList<>(ordered.size());
        List<String> failures = new ArrayList<>();
        for (org.apache.spark.sql.Row r : ordered) {
            String path = r.getString(1);
            if (r.isNullAt(3)) {
                failures.add(path + ": " + r.getString(4));
            } else {
                List<Double> values = r.getList(3);
                double[] features = new double[values.size()];
                for (int i = 0; i < features.length; i++) {
                    features[i] = values.get(i);
                }
                rows.add(new LabelledFeatureSource.Row(path, r.getString(2), features));
            }
        }
        log.printf(Locale.ROOT, "features: %d/%d clips usable, %d skipped%n", rows.size(), total, failures.size());
        for (int i = 0; i < Math.min(LOGGED_FAILURES, failures.size()); i++) {
            log.println("train: skipping " + failures.get(i));
        }
        if (failures.size() > LOGGED_FAILURES) {
            log.printf(Locale.ROOT, "train: ... and %d more skipped clips%n", failures.size() - LOGGED_FAILURES);
        }
        return new Loaded(rows, failures, "Parquet manifest " + manifest + " (label column " + labelColumn
                + ", features extracted with Spark)");
    }

    /** (index in read order, path, label); the columns are checked before any heavy work. */
    private Dataset<org.apache.spark.sql.Row> readManifest(SparkSession spark) throws JobException {
        Dataset<org.apache.spark.sql.Row> m = ScoreManifest.readParquet(spark, manifest, "train");
        StructType schema = m.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String column : List.of(pathColumn, labelColumn)) {
            if (!names.contains(column)) {
                throw new JobException("Cannot train: manifest " + manifest + " has no '" + column + "' column (it has "
                        + String.join(", ", names) + ")");
            }
        }
        if (!schema.apply(pathColumn).dataType().equals(DataTypes.StringType)) {
            throw new JobException("Cannot train: the manifest's '" + pathColumn + "' column is "
                    + schema.apply(pathColumn).dataType().simpleString() + ", not string");
        }
        return m.select(monotonically_increasing_id().as("index"), col("`" + pathColumn + "`").as("path"),
                col("`" + labelColumn + "`").cast("string").as("label"));
    }
}
