package org.emolake.job;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The four tables under one lake folder, as Apache Iceberg tables of a Hadoop catalog rooted at the folder
 * ({@code LAKE/emolake/<table>}) or as plain Parquet datasets ({@code LAKE/<table>}, partitioned by
 * {@code run_date} and {@code run_id}). Every write replaces one run's rows of one table in one step.
 */
public final class Lake {
    static final String PREDICTIONS = "predictions";
    static final String CLASS_SUMMARY = "class_summary";
    static final String ERROR_SUMMARY = "error_summary";
    static final String RUNS = "runs";
    public static final List<String> TABLES = List.of(PREDICTIONS, CLASS_SUMMARY, ERROR_SUMMARY, RUNS);
    /** The Iceberg namespace the tables live in (a folder under the lake). */
    static final String NAMESPACE = "emolake";

    public enum Format {
        ICEBERG, PARQUET;

        public static Format parse(String s) throws JobException {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new JobException("unknown table format '" + s + "' (iceberg or parquet)");
            }
        }

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final SparkSession spark;
    private final String root;
    private final Format format;
    private final String catalog;

    private Lake(SparkSession spark, String root, Format format) {
        this.spark = spark;
        this.root = root;
        this.format = format;
        this.catalog = "emolake_" + hash(root);
        if (format == Format.ICEBERG) {
            String prefix = "spark.sql.catalog." + catalog;
            spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
            spark.conf().set(prefix + ".type", "hadoop");
            spark.conf().set(prefix + ".warehouse", root);
        }
    }

    /** The lake at {@code location} (any Hadoop FS URI or local path) in the given format. */
    static Lake open(SparkSession spark, String location, Format format) throws JobException {
        return new Lake(spark, qualify(spark, location), format);
    }

    /** The lake at {@code location} in the format its tables were written in. */
    static Lake detect(SparkSession spark, String location) throws JobException {
        String root = qualify(spark, location);
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(new Path(rootPath, NAMESPACE + "/" + PREDICTIONS + "/metadata"))) {
                return new Lake(spark, root, Format.ICEBERG);
            }
            if (fs.exists(new Path(rootPath, PREDICTIONS))) {
                return new Lake(spark, root, Format.PARQUET);
            }
        } catch (IOException e) {
            throw new JobException("cannot read the lake " + root + ": " + e.getMessage(), e);
        }
        throw new JobException("no emolake tables under " + root + " (run 'emolake score --lake " + location + "' first)");
    }

    /**
     * Refuses, before any work, a lake location that cannot be a folder: the location itself or the nearest of its
     * ancestors that exists is a file.
     */
    static void checkFolder(SparkSession spark, String location) throws JobException {
        String root = qualify(spark, location);
        try {
            Path path = new Path(root);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (Path p = path; p != null; p = p.getParent()) {
                FileStatus status;
                try {
                    status = fs.getFileStatus(p);
                } catch (java.io.FileNotFoundException e) {
                    continue;
                }
                if (!status.isDirectory()) {
                    throw new JobException("Cannot score: the lake " + location + (p.equals(path)
                            ? " is a file, not a folder" : " cannot be created: " + p + " is a file, not a folder"));
                }
                return;
            }
        } catch (IOException e) {
            throw new JobException("Cannot score: cannot check the lake " + location + ": " + e.getMessage(), e);
        }
    }

    static String qualify(SparkSession spark, String location) throws JobException {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            String qualified = fs.makeQualified(path).toString();
            return qualified.endsWith("/") && qualified.length() > 1 ? qualified.substring(0, qualified.length() - 1)
                    : qualified;
        } catch (IOException | IllegalArgumentException e) {
            throw new JobException("bad lake location '" + location + "': " + e.getMessage(), e);
        }
    }

    String root() {
        return root;
    }

    public Format format() {
        return format;
    }

    /** The Iceberg catalog this lake is registered as in the session (Iceberg only). */
    String catalog() {
        return catalog;
    }

    /** Where a table's files are. */
    public String location(String table) {
        return format == Format.ICEBERG ? root + "/" + NAMESPACE + "/" + table : root + "/" + table;
    }

    /** The name to use in Spark SQL for the table (Iceberg: catalog.namespace.table; Parquet: parquet.`path`). */
    String sqlName(String table) {
        return format == Format.ICEBERG ? catalog + "." + NAMESPACE + "." + table : "parquet.`" + location(table) + "`";
    }

    /** Whether the table holds at least one commit (Iceberg) or one run's partition (Parquet). */
    boolean exists(String table) {
        try {
            Path path = new Path(location(table) + (format == Format.ICEBERG ? "/metadata" : ""));
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (format == Format.ICEBERG) {
                return fs.exists(path);
            }
            FileStatus[] dates = fs.globStatus(new Path(path, ScoredColumns.RUN_DATE + "=*/" + ScoredColumns.RUN_ID + "=*"));
            return dates != null && dates.length > 0;
        } catch (IOException e) {
            return false;
        }
    }

    Dataset<Row> read(String table) {
        if (format == Format.ICEBERG) {
            return spark.table(sqlName(table));
        }
        // Partition values are read as strings (a run id "42" stays a string), run_date is cast back to a date.
        String key = "spark.sql.sources.partitionColumnTypeInference.enabled";
        String before = spark.conf().get(key, "true");
        spark.conf().set(key, "false");
        try {
            Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(location(table));
            return rows.withColumn(ScoredColumns.RUN_DATE, col(ScoredColumns.RUN_DATE).cast("date"));
        } finally {
            spark.conf().set(key, before);
        }
    }

    /**
     * Replaces the rows of run {@code runId} in {@code table} by {@code rows} in one commit (Iceberg: an atomic
     * overwrite by the filter {@code run_id = runId}; Parquet: a dynamic overwrite of the run's partition).
     *
     * @param partitionByDate whether the Iceberg table is partitioned by run_date
     */
    void replaceRun(String table, Dataset<Row> rows, String runId, boolean partitionByDate) {
        if (format == Format.ICEBERG) {
            DataFrameWriterV2<Row> writer = rows.writeTo(sqlName(table))
                    .option("merge-schema", "true")
                    .option("distribution-mode", "none");
            if (!exists(table)) {
                spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
                writer = writer.using("iceberg")
                        .tableProperty("write.spark.accept-any-schema", "true")
                        .tableProperty("write.distribution-mode", "none")
                        .tableProperty("write.spark.fanout.enabled", "true")
                        // exact run_id bounds in the file metrics: an overwrite by run_id then replaces whole files
                        .tableProperty("write.metadata.metrics.column." + ScoredColumns.RUN_ID, "full");
                if (partitionByDate) {
                    writer = writer.partitionedBy(col(ScoredColumns.RUN_DATE));
                }
                try {
                    writer.create();
                    return;
                } catch (Exception e) {
                    if (!exists(table)) {
                        throw asRuntime(e);
                    }
                    // created concurrently: fall through to an overwrite
                    writer = rows.writeTo(sqlName(table)).option("merge-schema", "true")
                            .option("distribution-mode", "none");
                }
            }
            Column thisRun = col(ScoredColumns.RUN_ID).equalTo(lit(runId));
            try {
                writer.overwrite(thisRun);
            } catch (Exception e) {
                throw asRuntime(e);
            }
        } else {
            // Dynamic partition overwrite replaces the run's partition only when the run has rows in this table;
            // a run that now has none (say, no errors any more) must not keep its old rows.
            deletePartitions(table, runId);
            rows.write()
                    .mode(SaveMode.Overwrite)
                    .option("partitionOverwriteMode", "dynamic")
                    .partitionBy(ScoredColumns.RUN_DATE, ScoredColumns.RUN_ID)
                    .parquet(location(table));
        }
    }

    private void deletePartitions(String table, String runId) {
        try {
            Path pattern = new Path(location(table) + "/" + ScoredColumns.RUN_DATE + "=*/" + ScoredColumns.RUN_ID + "="
                    + escapePartitionValue(runId));
            FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches != null) {
                for (FileStatus m : matches) {
                    fs.delete(m.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot replace run " + runId + " of " + location(table), e);
        }
    }

    /** Run ids are restricted to [A-Za-z0-9._:-]; of those Hive-style partition paths escape only ':'. */
    private static String escapePartitionValue(String value) {
        return value.replace(":", "%3A");
    }

    /** Registers every existing table as a temporary view of its own name. */
    List<String> registerViews() {
        List<String> registered = new ArrayList<>();
        for (String table : TABLES) {
            if (exists(table)) {
                read(table).createOrReplaceTempView(table);
                registered.add(table);
            }
        }
        return registered;
    }

    private static RuntimeException asRuntime(Exception e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
