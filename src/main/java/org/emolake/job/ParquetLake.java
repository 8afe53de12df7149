package org.emolake.job;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/** The lake's tables as plain Parquet datasets ({@code LAKE/<table>}), partitioned by run_date and run_id. */
final class ParquetLake implements Lake {
    private final SparkSession spark;
    private final String root;

    ParquetLake(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root;
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public Format format() {
        return Format.PARQUET;
    }

    @Override
    public String location(String table) {
        return root + "/" + table;
    }

    /** parquet.`path`. */
    @Override
    public String sqlName(String table) {
        return "parquet.`" + location(table) + "`";
    }

    /** Whether the table holds at least one run's partition. */
    @Override
    public boolean exists(String table) {
        try {
            Path path = new Path(location(table));
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] runs = fs.globStatus(new Path(path, PredictionRow.RUN_DATE + "=*/" + PredictionRow.RUN_ID + "=*"));
            return runs != null && runs.length > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Dataset<Row> read(String table) {
        // Partition values are read as strings (a run id "42" stays a string), run_date is cast back to a date.
        String key = "spark.sql.sources.partitionColumnTypeInference.enabled";
        String before = spark.conf().get(key, "true");
        spark.conf().set(key, "false");
        try {
            Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(location(table));
            return rows.withColumn(PredictionRow.RUN_DATE, col(PredictionRow.RUN_DATE).cast("date"));
        } finally {
            spark.conf().set(key, before);
        }
    }

    /** The run's partition folder alone, read with the schema its rows were written with. */
    @Override
    public Dataset<Row> readRun(String table, String runId, LocalDate runDate, StructType written) {
        List<StructField> data = Arrays.stream(written.fields())
                .filter(f -> !f.name().equals(PredictionRow.RUN_ID) && !f.name().equals(PredictionRow.RUN_DATE))
                .toList();
        StructType dataSchema = DataTypes.createStructType(data);
        Path partition = partition(table, runDate, runId);
        Dataset<Row> rows;
        try {
            FileSystem fs = partition.getFileSystem(spark.sparkContext().hadoopConfiguration());
            rows = fs.exists(partition) ? spark.read().schema(dataSchema).parquet(partition.toString())
                    : spark.createDataFrame(List.of(), dataSchema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run " + runId + " of " + location(table), e);
        }
        return rows.withColumn(PredictionRow.RUN_DATE, lit(Date.valueOf(runDate)))
                .withColumn(PredictionRow.RUN_ID, lit(runId));
    }

    /** From the names of the runs table's partition folders: no Spark job. */
    @Override
    public LocalDate recordedRunDate(String runId) {
        try {
            Path pattern = new Path(location(RUNS) + "/" + PredictionRow.RUN_DATE + "=*/" + PredictionRow.RUN_ID + "="
                    + escapePartitionValue(runId));
            FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                return null;
            }
            String dateFolder = matches[0].getPath().getParent().getName();
            return LocalDate.parse(dateFolder.substring(dateFolder.indexOf('=') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for run " + runId + " in " + location(RUNS), e);
        }
    }

    private Path partition(String table, LocalDate runDate, String runId) {
        return new Path(location(table) + "/" + PredictionRow.RUN_DATE + "=" + runDate + "/" + PredictionRow.RUN_ID
                + "=" + escapePartitionValue(runId));
    }

    /** A dynamic overwrite of the run's partition. */
    @Override
    public void replaceRun(String table, Dataset<Row> rows, String runId, boolean partitionByDate) {
        // Dynamic partition overwrite replaces the run's partition only when the run has rows in this table;
        // a run that now has none (say, no errors any more) must not keep its old rows.
        deletePartitions(table, runId);
        rows.write()
                .mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(PredictionRow.RUN_DATE, PredictionRow.RUN_ID)
                .parquet(location(table));
    }

    private void deletePartitions(String table, String runId) {
        try {
            Path pattern = new Path(location(table) + "/" + PredictionRow.RUN_DATE + "=*/" + PredictionRow.RUN_ID + "="
                    + escapePartitionValue(runId));
            FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches != null) {
                for (FileStatus m : matches) {
                    fs.delete(m.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace run " + runId + " of " + location(table), e);
        }
    }

    /** Run ids are restricted to [A-Za-z0-9._:-]; of those Hive-style partition paths escape only ':'. */
    private static String escapePartitionValue(String value) {
        return value.replace(":", "%3A");
    }
}
