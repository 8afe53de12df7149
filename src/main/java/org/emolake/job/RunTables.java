package org.emolake.job;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.emolake.scoring.ClipOutcome;

import java.util.ArrayList;
import java.util.List;

import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
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
     * One aggregation of a run's {@code predictions} ({@link #tallyRows}), collected: its size is the labels times the
     * groups plus the error codes, whatever the number of clips.
     */
    static RunTally tally(Dataset<Row> predictions, List<String> groupBy) {
        return RunTally.of(tallyRows(predictions, groupBy).collectAsList(), predictions.schema(), groupBy);
    }

    /**
     * The aggregation behind {@code class_summary}, {@code error_summary} and the run's totals, as one plan.
     * class_summary: per run and group, each label's clip count, confidence statistics and {@code seconds} of audio:
     * a whole clip counts its duration for its label, a recording scored by segments its {@code seconds_per_class}
     * (so a label can have seconds from segments and no clip of its own). error_summary: per run, each error code's
     * clip count with the smallest (path, message) as the example. The empty grouping set holds the totals over all
     * rows (clips, seconds of audio, segments).
     */
    static Dataset<Row> tallyRows(Dataset<Row> predictions, List<String> groupBy) {
        Column ok = col(PredictionRow.STATUS).equalTo(lit(ClipOutcome.OK));
        Column segmented = coalesce(col(PredictionRow.SCORED_AS), lit(PredictionRow.SCORED_AS_CLIP))
                .equalTo(lit(PredictionRow.SCORED_AS_SEGMENTS));
        // one contribution per row (its label, one clip, its confidence, a whole clip's seconds; or its error code)
        // and one per label of a segmented recording's seconds_per_class (seconds only)
        List<Column> perRow = new ArrayList<>();
        perRow.add(when(ok, lit(RunTally.CLASS)).otherwise(lit(RunTally.ERROR)).as(RunTally.KIND));
        perRow.add(col(PredictionRow.RUN_ID));
        perRow.add(col(PredictionRow.RUN_DATE));
        groupBy.forEach(g -> perRow.add(when(ok, col("`" + g + "`")).as(g)));
        perRow.add(when(ok, col(PredictionRow.LABEL)).as("label"));
        perRow.add(when(ok, lit(null).cast(DataTypes.StringType))
                .otherwise(coalesce(col(PredictionRow.ERROR_CODE), lit("UNKNOWN"))).as("error_code"));
        perRow.add(lit(1L).as(RunTally.CLIP));
        perRow.add(when(ok, col(PredictionRow.CONFIDENCE)).as(RunTally.CONF));
        perRow.add(when(ok, when(segmented, lit(0.0)).otherwise(coalesce(col(PredictionRow.DURATION), lit(0.0))))
                .as("seconds"));
        perRow.add(when(ok.unary_$bang(), struct(col(PredictionRow.PATH), col(PredictionRow.ERROR_MESSAGE)))
                .as(RunTally.EXAMPLE));
        perRow.add(col(PredictionRow.DURATION).as(RunTally.DURATION));
        perRow.add(when(segmented, col(PredictionRow.N_SEGMENTS).cast(DataTypes.LongType)).as(RunTally.SEGMENTS));

        List<Column> keys = new ArrayList<>();
        keys.add(col(PredictionRow.RUN_ID));
        keys.add(col(PredictionRow.RUN_DATE));
        groupBy.forEach(g -> keys.add(col("`" + g + "`")));
        List<Column> exploded = new ArrayList<>(keys);
        exploded.add(explode(col(PredictionRow.SECONDS_PER_CLASS)).as(new String[] {"label", "seconds"}));
        List<Column> perClass = new ArrayList<>();
        perClass.add(lit(RunTally.CLASS).as(RunTally.KIND));
        perClass.addAll(keys);
        perClass.add(col("label"));
        perClass.add(lit(null).cast(DataTypes.StringType).as("error_code"));
        perClass.add(lit(0L).as(RunTally.CLIP));
        perClass.add(lit(null).cast(DataTypes.DoubleType).as(RunTally.CONF));
        perClass.add(col("seconds"));
        Column example = struct(col(PredictionRow.PATH), col(PredictionRow.ERROR_MESSAGE));
        perClass.add(lit(null).cast(predictions.select(example).schema().fields()[0].dataType())
                .as(RunTally.EXAMPLE));
        perClass.add(lit(null).cast(DataTypes.DoubleType).as(RunTally.DURATION));
        perClass.add(lit(null).cast(DataTypes.LongType).as(RunTally.SEGMENTS));
        Dataset<Row> contributions = predictions.select(perRow.toArray(Column[]::new)).unionByName(
                predictions.filter(ok.and(segmented).and(col(PredictionRow.SECONDS_PER_CLASS).isNotNull()))
                        .select(exploded.toArray(Column[]::new)).select(perClass.toArray(Column[]::new)));

        List<Column> groupKeys = new ArrayList<>();
        groupKeys.add(col(RunTally.KIND));
        groupKeys.addAll(keys);
        groupKeys.add(col("label"));
        groupKeys.add(col("error_code"));
        Column conf = col(RunTally.CONF);
        Seq<Seq<Column>> sets = CollectionConverters.asScala(List.of(
                CollectionConverters.asScala(groupKeys).toSeq(),
                CollectionConverters.asScala(List.<Column>of()).toSeq())).toSeq();
        return contributions.groupingSets(sets, CollectionConverters.asScala(groupKeys).toSeq())
                .agg(sum(col(RunTally.CLIP)).as("clips"), avg(conf).as("mean_confidence"),
                        percentile_approx(conf, array(lit(0.5), lit(0.9)), lit(10000)).as("pct"),
                        sum(col("seconds")).as("seconds"), min(col(RunTally.EXAMPLE)).as(RunTally.EXAMPLE),
                        sum(col(RunTally.DURATION)).as(RunTally.DURATION),
                        sum(col(RunTally.SEGMENTS)).as(RunTally.SEGMENTS));
    }
}
