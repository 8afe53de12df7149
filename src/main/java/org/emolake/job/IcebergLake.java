package org.emolake.job;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
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
 * The lake's tables as Apache Iceberg tables of a Hadoop catalog rooted at the lake folder
 * ({@code LAKE/emolake/<table>}), registered in the Spark session as catalog {@code emolake_<hash of the root>}.
 */
final class IcebergLake implements Lake {
    private final SparkSession spark;
    private final String root;
    private final String catalog;

    IcebergLake(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root;
        this.catalog = "emolake_" + hash(root);
        String prefix = "spark.sql.catalog." + catalog;
        spark.conf().set(prefix, SparkCatalog.class.getName());
        spark.conf().set(prefix + "." + CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP);
        spark.conf().set(prefix + "." + CatalogProperties.WAREHOUSE_LOCATION, root);
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
            spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
            writer = writer.using("iceberg")
                    .tableProperty(TableProperties.SPARK_WRITE_ACCEPT_ANY_SCHEMA, "true")
                    .tableProperty(TableProperties.WRITE_DISTRIBUTION_MODE, TableProperties.WRITE_DISTRIBUTION_MODE_NONE)
                    .tableProperty(TableProperties.SPARK_WRITE_PARTITIONED_FANOUT_ENABLED, "true")
                    // exact run_id bounds in the file metrics: an overwrite by run_id then replaces whole files
                    .tableProperty(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + PredictionRow.RUN_ID, "full");
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
