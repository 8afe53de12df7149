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
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/** The tables a run writes besides {@code predictions}: {@code class_summary}, {@code error_summary}, {@code runs}. */
final class RunTables {
    /** class_summary's own columns (a --group-by column may not be named like one). */
    static final List<String> SUMMARY_COLUMNS = List.of("label", "clips", "share", "mean_confidence",
            "p50_confidence", "p90_confidence", "seconds");


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
        DataTypes.createStructField("segments", DataTypes.LongType, true),
    });

    /**
     * Per run and group: each label's clip count, share of the group's ok clips, confidence statistics and
     * {@code seconds} of audio: a whole clip counts its duration for its label, a recording scored by segments its
     * {@code seconds_per_class} (so a label can have seconds from segments and no clip of its own).
     */
    static Dataset<Row> classSummary(Dataset<Row> predictions, List<String> groupBy) {
        List<Column> keys = new ArrayList<>();
        keys.add(col(PredictionRow.RUN_ID));
        keys.add(col(PredictionRow.RUN_DATE));
        groupBy.forEach(g -> keys.add(col(g)));
        Dataset<Row> ok = predictions.filter(col(PredictionRow.STATUS).equalTo(lit(ClipOutcome.OK)));
        Column segmented = coalesce(col(PredictionRow.SCORED_AS), lit(PredictionRow.SCORED_AS_CLIP))
                .equalTo(lit(PredictionRow.SCORED_AS_SEGMENTS));
        // one contribution per ok row (its label, one clip, its confidence, a whole clip's seconds) and one per
        // label of a segmented recording's seconds_per_class (seconds only)
        List<Column> verdict = new ArrayList<>(keys);
        verdict.add(col(PredictionRow.LABEL).as("label"));
        verdict.add(lit(1L).as("clip"));
        verdict.add(col(PredictionRow.CONFIDENCE).as("conf"));
        verdict.add(when(segmented, lit(0.0)).otherwise(coalesce(col(PredictionRow.DURATION), lit(0.0)))
                .as("seconds"));
        List<Column> perClass = new ArrayList<>(keys);
        perClass.add(explode(col(PredictionRow.SECONDS_PER_CLASS)).as(new String[] {"label", "seconds"}));
        List<Column> perClassOut = new ArrayList<>(keys);
        perClassOut.add(col("label"));
        perClassOut.add(lit(0L).as("clip"));
        perClassOut.add(lit(null).cast(DataTypes.DoubleType).as("conf"));
        perClassOut.add(col("seconds"));
        Dataset<Row> contributions = ok.select(verdict.toArray(Column[]::new)).unionByName(
                ok.filter(segmented.and(col(PredictionRow.SECONDS_PER_CLASS).isNotNull()))
                        .select(perClass.toArray(Column[]::new)).select(perClassOut.toArray(Column[]::new)));
        List<Column> labelKeys = new ArrayList<>();
        labelKeys.add(col(PredictionRow.RUN_ID));
        labelKeys.add(col(PredictionRow.RUN_DATE));
        groupBy.forEach(g -> labelKeys.add(col(g)));
        labelKeys.add(col("label"));
        Column conf = col("conf");
        Dataset<Row> perLabel = contributions.groupBy(labelKeys.toArray(Column[]::new))
                .agg(sum(col("clip")).as("clips"), avg(conf).as("mean_confidence"),
                        percentile_approx(conf, array(lit(0.5), lit(0.9)), lit(10000)).as("pct"),
                        sum(col("seconds")).as("seconds"));
        Column groupTotal = sum(col("clips")).over(Window.partitionBy(keys.toArray(Column[]::new)));
        List<Column> select = new ArrayList<>(keys);
        select.add(col(PredictionRow.LABEL));
        select.add(col("clips"));
        select.add(coalesce(col("clips").divide(groupTotal), lit(0.0)).as("share"));
        select.add(col("mean_confidence"));
        select.add(col("pct").getItem(0).as("p50_confidence"));
        select.add(col("pct").getItem(1).as("p90_confidence"));
        select.add(col("seconds"));
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
