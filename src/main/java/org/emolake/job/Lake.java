package org.emolake.job;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The four tables under one lake folder: {@link IcebergLake} (Apache Iceberg tables, {@code LAKE/emolake/<table>},
 * in the Hadoop or JDBC catalog {@link LakeCatalog} chooses) or {@link ParquetLake} (plain Parquet datasets,
 * {@code LAKE/<table>}, partitioned by {@code run_date} and {@code run_id}). Every write replaces one run's rows of
 * one table in one step. A lake keeps the format and catalog of its first run ({@link LakeRecord}).
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

    /**
     * The lake at {@code location} (any Hadoop FS URI or local path) in the given format, in the catalog its record
     * names (or, for a lake without a record, the default for its scheme).
     */
    static Lake open(SparkSession spark, String location, Format format) throws JobException {
        return open(spark, location, format, LakeCatalog.Choice.DEFAULT);
    }

    /** As {@link #open(SparkSession, String, Format)}, in the chosen catalog where the choice names one. */
    static Lake open(SparkSession spark, String location, Format format, LakeCatalog.Choice catalog)
            throws JobException {
        String root = qualify(spark, location);
        LakeRecord record = LakeRecord.read(spark.sparkContext().hadoopConfiguration(), root);
        LakeCatalog.Kind kind = catalog.kind() != null ? catalog.kind() : record != null ? record.catalog() : null;
        return create(spark, root, format, kind, catalog.uri());
    }

    private static Lake create(SparkSession spark, String root, Format format, LakeCatalog.Kind kind, String uri)
            throws JobException {
        return format == Format.ICEBERG ? new IcebergLake(spark, LakeCatalog.resolve(spark, root, kind, uri)).connect()
                : new ParquetLake(spark, root);
    }

    /**
     * The lake a run scores into. A lake keeps the format (and, Iceberg, the catalog) of its first run, recorded in
     * {@link LakeRecord}: asking for another is refused before any work, naming the option to use; {@code format}
     * null takes the recorded one (Iceberg for a new lake). A new lake is recorded here.
     */
    static Lake forScoring(SparkSession spark, String location, Format format, LakeCatalog.Choice catalog,
            java.io.PrintStream err) throws JobException {
        String root = qualify(spark, location);
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        LakeRecord record = LakeRecord.read(conf, root);
        if (record == null) {
            record = legacyRecord(spark, root, location);
        }
        if (record != null) {
            if (format != null && format != record.format()) {
                throw new JobException("Cannot score: the lake " + location + " holds " + record.format().lower()
                        + " tables; score into it with --table-format " + record.format().lower()
                        + " (or choose another --lake for " + format.lower() + " tables)");
            }
            format = record.format();
            if (format == Format.ICEBERG && catalog.kind() != null && record.catalog() != null
                    && catalog.kind() != record.catalog()) {
                throw new JobException("Cannot score: the tables of the lake " + location + " are in its "
                        + record.catalog().lower() + " catalog; score into it with --catalog "
                        + record.catalog().lower() + " (or leave --catalog out)");
            }
        }
        if (format == null) {
            format = Format.ICEBERG;
        }
        LakeCatalog.Kind kind = catalog.kind() != null ? catalog.kind()
                : record != null && record.catalog() != null ? record.catalog() : null;
        Lake lake = create(spark, root, format, kind, catalog.uri());
        if (lake instanceof IcebergLake iceberg && iceberg.catalogWarning() != null) {
            err.println("emolake: warning: " + iceberg.catalogWarning());
        }
        new LakeRecord(format, lake instanceof IcebergLake iceberg ? iceberg.catalogKind() : null)
                .writeIfAbsent(conf, root);
        return lake;
    }

    /**
     * What a lake written before lakes recorded themselves holds: Iceberg tables of the Hadoop catalog, Parquet
     * tables, nothing (null); both is refused, since a run in either would stay hidden from readers of the other.
     */
    private static LakeRecord legacyRecord(SparkSession spark, String root, String location) throws JobException {
        boolean iceberg = hasIcebergTables(spark, root);
        boolean parquet = hasParquetTables(spark, root);
        if (iceberg && parquet) {
            throw new JobException("Cannot score: the lake " + location + " holds both iceberg and parquet tables"
                    + " (written before lakes recorded their format); 'emolake sql' shows both; score into a new"
                    + " --lake, or move one format's tables out");
        }
        return iceberg ? new LakeRecord(Format.ICEBERG, LakeCatalog.Kind.HADOOP)
                : parquet ? new LakeRecord(Format.PARQUET, null) : null;
    }

    private static boolean hasIcebergTables(SparkSession spark, String root) throws JobException {
        return exists(spark, root, NAMESPACE + "/" + PREDICTIONS + "/metadata");
    }

    private static boolean hasParquetTables(SparkSession spark, String root) throws JobException {
        return exists(spark, root, PREDICTIONS);
    }

    private static boolean exists(SparkSession spark, String root, String relative) throws JobException {
        try {
            Path path = new Path(new Path(root), relative);
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
        } catch (IOException e) {
            throw new JobException("cannot read the lake " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The lake at {@code location} as its record says (its format, its catalog); a lake without a record by the
     * tables it holds. A lake written before lakes recorded themselves may hold both formats: then both are returned
     * and {@link #registerViews(List)} shows both, so that no run is hidden.
     */
    static List<Lake> detect(SparkSession spark, String location, LakeCatalog.Choice catalog) throws JobException {
        String root = qualify(spark, location);
        LakeRecord record = LakeRecord.read(spark.sparkContext().hadoopConfiguration(), root);
        if (record != null) {
            if (record.format() == Format.ICEBERG && catalog.kind() != null && record.catalog() != null
                    && catalog.kind() != record.catalog()) {
                throw new JobException("the tables of the lake " + location + " are in its "
                        + record.catalog().lower() + " catalog; query it with --catalog " + record.catalog().lower()
                        + " (or leave --catalog out)");
            }
            LakeCatalog.Kind kind = catalog.kind() != null ? catalog.kind() : record.catalog();
            return List.of(create(spark, root, record.format(), kind, catalog.uri()));
        }
        List<Lake> lakes = new ArrayList<>();
        if (hasIcebergTables(spark, root)) {
            lakes.add(create(spark, root, Format.ICEBERG, LakeCatalog.Kind.HADOOP, null));
        }
        if (hasParquetTables(spark, root)) {
            lakes.add(create(spark, root, Format.PARQUET, null, null));
        }
        if (lakes.isEmpty()) {
            throw new JobException("no emolake tables under " + root + " (run 'emolake score --lake " + location
                    + "' first)");
        }
        return lakes;
    }

    /**
     * Registers every table that exists in any of {@code lakes} as a temporary view of its own name: the union of
     * the lakes' rows (columns one lake lacks read as NULL). Returns the tables registered.
     */
    static List<String> registerViews(List<Lake> lakes) {
        List<String> registered = new ArrayList<>();
        for (String table : ALL_TABLES) {
            Dataset<Row> all = null;
            for (Lake lake : lakes) {
                if (lake.exists(table)) {
                    Dataset<Row> rows = lake.read(table);
                    all = all == null ? rows : all.unionByName(rows, true);
                }
            }
            if (all != null) {
                all.createOrReplaceTempView(table);
                registered.add(table);
            }
        }
        return registered;
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
     * The rows of run {@code runId} (dated {@code runDate}) that this process has just written to {@code table} from
     * rows of schema {@code written}: read without inferring or merging the table's schema.
     */
    default Dataset<Row> readRun(String table, String runId, LocalDate runDate, StructType written) {
        return read(table).filter(col(PredictionRow.RUN_ID).equalTo(lit(runId)));
    }

    /** The run_date under which {@code runs} records run {@code runId}, or null when it has no row for it. */
    default LocalDate recordedRunDate(String runId) {
        if (!exists(RUNS)) {
            return null;
        }
        List<Row> rows = read(RUNS).filter(col(PredictionRow.RUN_ID).equalTo(lit(runId)))
                .select(PredictionRow.RUN_DATE).limit(1).collectAsList();
        return rows.isEmpty() || rows.get(0).isNullAt(0) ? null : rows.get(0).getDate(0).toLocalDate();
    }

    /**
     * Replaces the rows of run {@code runId} in {@code table} by {@code rows} in one commit.
     *
     * @param partitionByDate whether the table is partitioned by run_date (Iceberg; Parquet always is)
     */
    void replaceRun(String table, Dataset<Row> rows, String runId, boolean partitionByDate);
}
