package org.emolake.job;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.emolake.scoring.ClipOutcome;

import java.util.ArrayList;
import java.util.List;

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

/** The tables a run writes besides {@code predictions}: {@code class_summary}, {@code error_summary}, {@code runs}. */
final class RunTables {
    /** class_summary's own columns (a --group-by column may not be named like one). */
    static final List<String> SUMMARY_COLUMNS = List.of("label", "clips", "share", "mean_confidence",
            "p50_confidence", "p90_confidence");


    private RunTables() {
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

    /** Per run and group: each label's clip count, share of the group's ok clips and confidence statistics. */
    static Dataset<Row> classSummary(Dataset<Row> predictions, List<String> groupBy) {
        List<Column> keys = new ArrayList<>();
        keys.add(col(PredictionRow.RUN_ID));
        keys.add(col(PredictionRow.RUN_DATE));
        groupBy.forEach(g -> keys.add(col(g)));
        List<Column> labelKeys = new ArrayList<>(keys);
        labelKeys.add(col(PredictionRow.LABEL));
        Column conf = col(PredictionRow.CONFIDENCE);
        Dataset<Row> perLabel = predictions.filter(col(PredictionRow.STATUS).equalTo(lit(ClipOutcome.OK)))
                .groupBy(labelKeys.toArray(Column[]::new))
                .agg(count(lit(1)).as("clips"), avg(conf).as("mean_confidence"),
                        percentile_approx(conf, array(lit(0.5), lit(0.9)), lit(10000)).as("pct"));
        Column groupTotal = sum(col("clips")).over(Window.partitionBy(keys.toArray(Column[]::new)));
        List<Column> select = new ArrayList<>(keys);
        select.add(col(PredictionRow.LABEL));
        select.add(col("clips"));
        select.add(col("clips").divide(groupTotal).as("share"));
        select.add(col("mean_confidence"));
        select.add(col("pct").getItem(0).as("p50_confidence"));
        select.add(col("pct").getItem(1).as("p90_confidence"));
        return perLabel.select(select.toArray(Column[]::new));
    }

    /** Per run: each error code's clip count with one example path and message. */
    static Dataset<Row> errorSummary(Dataset<Row> predictions) {
        return predictions.filter(col(PredictionRow.STATUS).notEqual(lit(ClipOutcome.OK)))
                .groupBy(col(PredictionRow.RUN_ID), col(PredictionRow.RUN_DATE),
                        coalesce(col(PredictionRow.ERROR_CODE), lit("UNKNOWN")).as("error_code"))
                .agg(count(lit(1)).as("clips"),
                        min(struct(col(PredictionRow.PATH), col(PredictionRow.ERROR_MESSAGE))).as("example"))
                .select(col(PredictionRow.RUN_ID), col(PredictionRow.RUN_DATE), col("error_code"), col("clips"),
                        col("example.path").as("example_path"),
                        col("example." + PredictionRow.ERROR_MESSAGE).as("example_message"));
    }
}
