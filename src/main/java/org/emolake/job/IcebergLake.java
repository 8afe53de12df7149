package org.emolake.job;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The lake's tables as Apache Iceberg tables under the lake folder ({@code LAKE/emolake/<table>}), in a Hadoop or a
 * JDBC catalog ({@link LakeCatalog}), registered in the Spark session as catalog {@code emolake_<hash of the root>}
 * (the catalog name a JDBC catalog's database records the tables under).
 */
final class IcebergLake implements Lake {
    /** Tries of a write that races another run creating the same table (the waits add up to 2 s). */
    private static final int CREATE_RACE_ATTEMPTS = 5;

    private final SparkSession spark;
    private final String root;
    private final String catalog;
    private final LakeCatalog lakeCatalog;

    IcebergLake(SparkSession spark, LakeCatalog lakeCatalog) {
        this.spark = spark;
        this.lakeCatalog = lakeCatalog;
        this.root = lakeCatalog.properties().get(CatalogProperties.WAREHOUSE_LOCATION);
        this.catalog = "emolake_" + hash(root);
        String prefix = "spark.sql.catalog." + catalog;
        spark.conf().set(prefix, SparkCatalog.class.getName());
        lakeCatalog.properties().forEach((key, value) -> spark.conf().set(prefix + "." + key, value));
    }

    /**
     * Connects to a JDBC catalog's database now, so that one that cannot be reached is refused before any work.
     * Retried: two runs that start together on a new database both create the catalog's own tables, and one fails.
     */
    IcebergLake connect() throws JobException {
        if (lakeCatalog.kind() != LakeCatalog.Kind.JDBC) {
            return this;
        }
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        // the catalog manager reads the catalog's settings from the thread's active session
        SparkSession.setActiveSession(spark);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    spark.sessionState().catalogManager().catalog(catalog);
                    return this;
                } catch (RuntimeException e) {
                    if (attempt == 3) {
                        throw new JobException("cannot open the " + lakeCatalog.description() + " of the lake " + root
                                + ": " + ScoreJob.firstLine(e.getMessage()), e);
                    }
                    Thread.sleep(500L * attempt);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JobException("interrupted while opening the catalog of " + root, interrupted);
        } finally {
            if (active.isDefined()) {
                SparkSession.setActiveSession(active.get());
            } else {
                SparkSession.clearActiveSession();
            }
        }
    }

    LakeCatalog.Kind catalogKind() {
        return lakeCatalog.kind();
    }

    /** Where the catalog is (no credentials). */
    String catalogDescription() {
        return lakeCatalog.description();
    }

    String catalogWarning() {
        return lakeCatalog.warning();
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public Format format() {
        return Format.ICEBERG;
    }

    /** The Iceberg catalog this lake is registered as in the session. */
    String catalog() {
        return catalog;
    }

    @Override
    public String location(String table) {
        return root + "/" + NAMESPACE + "/" + table;
    }

    /** catalog.namespace.table. */
    @Override
    public String sqlName(String table) {
        return catalog + "." + NAMESPACE + "." + table;
    }

    /** Whether the table holds at least one commit. */
    @Override
    public boolean exists(String table) {
        if (lakeCatalog.kind() == LakeCatalog.Kind.JDBC) {
            return spark.catalog().tableExists(sqlName(table));
        }
        try {
            Path path = new Path(location(table) + "/metadata");
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(path);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Dataset<Row> read(String table) {
        return spark.table(sqlName(table));
    }

    /**
     * An atomic overwrite by the filter {@code run_id = runId}; the first write creates the table. Two runs that
     * write a new table at the same moment race: one's create is refused because the other's table now exists, or
     * one's overwrite is refused because the other's table is not loadable yet (a Hadoop catalog's metadata folder
     * appears before its first metadata file). Such a refusal is tried again, a bounded number of times, with the
     * table's state looked up afresh.
     */
    @Override
    public void replaceRun(String table, Dataset<Row> rows, String runId, boolean partitionByDate) {
        Column thisRun = col(PredictionRow.RUN_ID).equalTo(lit(runId));
        for (int attempt = 1; ; attempt++) {
            boolean existed = exists(table);
            try {
                if (existed) {
                    writer(table, inTableOrder(table, rows)).overwrite(thisRun);
                } else {
                    createNamespace();
                    creating(writer(table, rows), partitionByDate).create();
                }
                return;
            } catch (Exception e) {
                boolean race = existed ? isMissingTable(e) : exists(table);
                if (attempt >= CREATE_RACE_ATTEMPTS || !race) {
                    throw asRuntime(e);
                }
                pause(attempt);
            }
        }
    }

    /**
     * {@code rows} with the table's columns first, in the table's order, then the columns the write adds: Iceberg
     * appends a column that schema merging adds at the end of the table, and refuses a write whose shared columns
     * come in another order (a column such as {@code features}, written by {@code --keep-features} into a table
     * created without it, sits in the middle of the row).
     */
    private Dataset<Row> inTableOrder(String table, Dataset<Row> rows) {
        List<String> written = List.of(rows.columns());
        List<String> inTable = List.of(spark.table(sqlName(table)).columns());
        List<Column> ordered = new ArrayList<>();
        for (String name : inTable) {
            if (written.contains(name)) {
                ordered.add(col("`" + name + "`"));
            }
        }
        for (String name : written) {
            if (!inTable.contains(name)) {
                ordered.add(col("`" + name + "`"));
            }
        }
        return rows.select(ordered.toArray(Column[]::new));
    }

    private DataFrameWriterV2<Row> creating(DataFrameWriterV2<Row> writer, boolean partitionByDate) {
        writer = writer.using("iceberg")
                .tableProperty(TableProperties.SPARK_WRITE_ACCEPT_ANY_SCHEMA, "true")
                .tableProperty(TableProperties.WRITE_DISTRIBUTION_MODE, TableProperties.WRITE_DISTRIBUTION_MODE_NONE)
                .tableProperty(TableProperties.SPARK_WRITE_PARTITIONED_FANOUT_ENABLED, "true")
                // exact run_id bounds in the file metrics: an overwrite by run_id then replaces whole files
                .tableProperty(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + PredictionRow.RUN_ID, "full");
        for (var retry : LakeCatalog.COMMIT_RETRIES.entrySet()) {
            writer = writer.tableProperty(retry.getKey(), retry.getValue());
        }
        return partitionByDate ? writer.partitionedBy(col(PredictionRow.RUN_DATE)) : writer;
    }

    /** Whether {@code e} says, anywhere in its causes, that the table does not exist (or not yet). */
    static boolean isMissingTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchTableException
                    || t instanceof SparkThrowable st && "TABLE_OR_VIEW_NOT_FOUND".equals(st.getCondition())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a table another run is creating", e);
        }
    }

    /** Once more if it fails: two runs creating it at once in a JDBC catalog, the second insert fails. */
    private void createNamespace() {
        String sql = "CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE;
        try {
            spark.sql(sql);
        } catch (RuntimeException e) {
            spark.sql(sql);
        }
    }

    private DataFrameWriterV2<Row> writer(String table, Dataset<Row> rows) {
        return rows.writeTo(sqlName(table))
                .option(SparkWriteOptions.MERGE_SCHEMA, "true")
                .option(SparkWriteOptions.DISTRIBUTION_MODE, TableProperties.WRITE_DISTRIBUTION_MODE_NONE);
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
