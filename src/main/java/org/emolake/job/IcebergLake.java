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
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The lake's tables as Apache Iceberg tables under the lake folder ({@code LAKE/emolake/<table>}), in a Hadoop or a
 * JDBC catalog ({@link LakeCatalog}), registered in the Spark session as catalog {@code emolake_<hash of the root>}
 * (the catalog name a JDBC catalog's database records the tables under).
 */
final class IcebergLake implements Lake {
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

    /** An atomic overwrite by the filter {@code run_id = runId}; the first write creates the table. */
    @Override
    public void replaceRun(String table, Dataset<Row> rows, String runId, boolean partitionByDate) {
        DataFrameWriterV2<Row> writer = writer(table, rows);
        if (!exists(table)) {
            createNamespace();
            writer = writer.using("iceberg")
                    .tableProperty(TableProperties.SPARK_WRITE_ACCEPT_ANY_SCHEMA, "true")
                    .tableProperty(TableProperties.WRITE_DISTRIBUTION_MODE, TableProperties.WRITE_DISTRIBUTION_MODE_NONE)
                    .tableProperty(TableProperties.SPARK_WRITE_PARTITIONED_FANOUT_ENABLED, "true")
                    // exact run_id bounds in the file metrics: an overwrite by run_id then replaces whole files
                    .tableProperty(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + PredictionRow.RUN_ID, "full");
            for (var retry : LakeCatalog.COMMIT_RETRIES.entrySet()) {
                writer = writer.tableProperty(retry.getKey(), retry.getValue());
            }
            if (partitionByDate) {
                writer = writer.partitionedBy(col(PredictionRow.RUN_DATE));
            }
            try {
                writer.create();
                return;
            } catch (Exception e) {
                if (!exists(table)) {
                    throw asRuntime(e);
                }
                // created concurrently: fall through to an overwrite
                writer = writer(table, rows);
            }
        }
        Column thisRun = col(PredictionRow.RUN_ID).equalTo(lit(runId));
        try {
            writer.overwrite(thisRun);
        } catch (Exception e) {
            throw asRuntime(e);
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
