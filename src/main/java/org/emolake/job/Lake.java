package org.emolake.job;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The four tables under one lake folder: {@link IcebergLake} (Apache Iceberg tables of a Hadoop catalog rooted at
 * the folder, {@code LAKE/emolake/<table>}) or {@link ParquetLake} (plain Parquet datasets, {@code LAKE/<table>},
 * partitioned by {@code run_date} and {@code run_id}). Every write replaces one run's rows of one table in one step.
 */
public interface Lake {
    String PREDICTIONS = "predictions";
    String CLASS_SUMMARY = "class_summary";
    String ERROR_SUMMARY = "error_summary";
    String RUNS = "runs";
    /** One row per segment of the recordings a run scored by segments; written only by runs that have some. */
    String SEGMENTS = "segments";
    /** The tables every run writes. */
    List<String> TABLES = List.of(PREDICTIONS, CLASS_SUMMARY, ERROR_SUMMARY, RUNS);
    /** Every table a lake may hold. */
    List<String> ALL_TABLES = List.of(PREDICTIONS, SEGMENTS, CLASS_SUMMARY, ERROR_SUMMARY, RUNS);
    /** The Iceberg namespace the tables live in (a folder under the lake). */
    String NAMESPACE = "emolake";

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

    /** The lake at {@code location} (any Hadoop FS URI or local path) in the given format. */
    static Lake open(SparkSession spark, String location, Format format) throws JobException {
        return create(spark, qualify(spark, location), format);
    }

    private static Lake create(SparkSession spark, String root, Format format) {
        return format == Format.ICEBERG ? new IcebergLake(spark, root) : new ParquetLake(spark, root);
    }

    /** The lake at {@code location} in the format its tables were written in. */
    static Lake detect(SparkSession spark, String location) throws JobException {
        String root = qualify(spark, location);
        try {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(new Path(rootPath, NAMESPACE + "/" + PREDICTIONS + "/metadata"))) {
                return create(spark, root, Format.ICEBERG);
            }
            if (fs.exists(new Path(rootPath, PREDICTIONS))) {
                return create(spark, root, Format.PARQUET);
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

    /** The lake folder, qualified (scheme and authority). */
    String root();

    Format format();

    /** Where a table's files are. */
    String location(String table);

    /** The name to use in Spark SQL for the table. */
    String sqlName(String table);

    /** Whether the table holds at least one run. */
    boolean exists(String table);

    Dataset<Row> read(String table);

    /**
     * Replaces the rows of run {@code runId} in {@code table} by {@code rows} in one commit.
     *
     * @param partitionByDate whether the table is partitioned by run_date (Iceberg; Parquet always is)
     */
    void replaceRun(String table, Dataset<Row> rows, String runId, boolean partitionByDate);

    /** Registers every existing table as a temporary view of its own name. */
    default List<String> registerViews() {
        List<String> registered = new ArrayList<>();
        for (String table : ALL_TABLES) {
            if (exists(table)) {
                read(table).createOrReplaceTempView(table);
                registered.add(table);
            }
        }
        return registered;
    }
}
