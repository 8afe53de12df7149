package org.emolake.job;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The {@code predictions} rows of a run from its {@link ScoredUnit} rows: a whole clip's row as scored; for a
 * recording scored by segments, one verdict row, aggregated here and nowhere else: {@code probabilities} = the mean
 * over its ok, non-silent segments, {@code label} and {@code confidence} = the most probable class of that mean,
 * {@code n_segments}, {@code seconds_per_class} = seconds of the recording per label of those segments (each
 * segment counts the stretch it speaks for, {@link ScoredUnit#ownedSeconds}, so overlapping windows count once). A
 * recording with no such segment is an error row ({@code NO_SCORABLE_SEGMENTS}, the message says how many segments
 * were silent and how many failed), one that could not be opened is one error row with the reason.
 */
final class RecordingVerdicts {
    static final String NO_SCORABLE_SEGMENTS = "NO_SCORABLE_SEGMENTS";

    private RecordingVerdicts() {
    }

    /**
     * The predictions rows (before {@link PredictionRow#withRun}) in the order: the manifest's columns, the
     * outcome's, {@code scored_at}, {@code scored_as}, {@code n_segments}, {@code seconds_per_class}.
     *
     * @param anySegmented whether any unit is a segment (else no aggregation is planned)
     */
    static Dataset<Row> predictions(Dataset<Row> units, StructType manifest, boolean anySegmented) {
        List<String> outcome = outcomeColumns(units.schema(), manifest);
        List<Column> wholeColumns = new ArrayList<>();
        for (String name : manifest.fieldNames()) {
            wholeColumns.add(col("`" + name + "`"));
        }
        outcome.forEach(c -> wholeColumns.add(col(c)));
        wholeColumns.add(col(PredictionRow.SCORED_AT));
        wholeColumns.add(col(ScoredUnit.SCORED_AS).as(PredictionRow.SCORED_AS));
        wholeColumns.add(lit(null).cast(DataTypes.IntegerType).as(PredictionRow.N_SEGMENTS));
        wholeColumns.add(lit(null).cast(PredictionRow.CLASS_MAP).as(PredictionRow.SECONDS_PER_CLASS));
        Dataset<Row> whole = units.filter(col(ScoredUnit.SCORED_AS).equalTo(lit(PredictionRow.SCORED_AS_CLIP)))
                .select(wholeColumns.toArray(Column[]::new));
        if (!anySegmented) {
            return whole;
        }
        return whole.unionByName(verdicts(units, manifest, outcome));
    }

    private static Dataset<Row> verdicts(Dataset<Row> units, StructType manifest, List<String> outcome) {
        Dataset<Row> segments = units.filter(col(ScoredUnit.SCORED_AS)
                .equalTo(lit(PredictionRow.SCORED_AS_SEGMENTS)));
        Column isSegment = col(ScoredUnit.SEGMENT_INDEX).isNotNull();
        Column ok = col(PredictionRow.STATUS).equalTo(lit(org.emolake.scoring.ClipOutcome.OK)).and(isSegment);
        Column silent = coalesce(col(ScoredUnit.SILENT), lit(false));
        Column usable = ok.and(silent.unary_$bang());

        List<Column> manifestColumns = new ArrayList<>();
        for (String name : manifest.fieldNames()) {
            manifestColumns.add(col("`" + name + "`"));
        }
        Dataset<Row> base = segments.groupBy(col(ScoredUnit.KEY)).agg(
                first(struct(manifestColumns.toArray(Column[]::new))).as("m"),
                count(col(ScoredUnit.SEGMENT_INDEX)).as("n"),
                sum(when(usable, 1L).otherwise(0L)).as("usable"),
                sum(when(ok.and(silent), 1L).otherwise(0L)).as("silent"),
                sum(when(isSegment.and(ok.unary_$bang()), 1L).otherwise(0L)).as("failed"),
                first(when(isSegment.unary_$bang(), struct(col(PredictionRow.ERROR_CODE).as("code"),
                        col(PredictionRow.ERROR_MESSAGE).as("message"))), true).as("open_error"),
                max(col(PredictionRow.SCORED_AT)).as("scored_at"),
                first(col(ScoredUnit.RECORDING_SECONDS), true).as("recording_s"),
                first(col(ScoredUnit.RECORDING_RATE), true).as("recording_rate"));

        Dataset<Row> usableSegments = segments.filter(usable);
        Dataset<Row> meanProbabilities = usableSegments
                .select(col(ScoredUnit.KEY), explode(col(PredictionRow.PROBABILITIES)).as(new String[] {"cls", "p"}))
                .groupBy(col(ScoredUnit.KEY), col("cls")).agg(coalesce(avg(col("p")), lit(0.0)).as("mean"))
                .groupBy(col(ScoredUnit.KEY)).agg(
                        map_from_entries(collect_list(struct(col("cls"), col("mean")))).as("mean_probabilities"),
                        max_by(col("cls"), col("mean")).as("top_label"),
                        max(col("mean")).as("top_confidence"));
        Dataset<Row> secondsPerClass = usableSegments
                .groupBy(col(ScoredUnit.KEY), col(PredictionRow.LABEL))
                .agg(coalesce(sum(col(ScoredUnit.OWNED_SECONDS)), lit(0.0)).as("seconds"))
                .groupBy(col(ScoredUnit.KEY)).agg(map_from_entries(collect_list(
                        struct(col(PredictionRow.LABEL), col("seconds")))).as("label_seconds"));

        // the three aggregations share the key attribute of one lineage: join on renamed copies, never on it
        Dataset<Row> joined = base
                .join(meanProbabilities.withColumnRenamed(ScoredUnit.KEY, "p_key"),
                        col(ScoredUnit.KEY).equalTo(col("p_key")), "left")
                .join(secondsPerClass.withColumnRenamed(ScoredUnit.KEY, "s_key"),
                        col(ScoredUnit.KEY).equalTo(col("s_key")), "left");

        Column scored = col("usable").gt(0);
        Column unopened = col("n").equalTo(0).and(col("open_error").isNotNull());
        Column noScorable = concat(lit("Cannot score "), coalesce(col("m." + PredictionRow.PATH), lit("NULL")),
                lit(": none of its "), col("n").cast("string"), lit(" segments can be scored ("),
                col("silent").cast("string"), lit(" silent, "), col("failed").cast("string"), lit(" failed)"));
        List<Column> out = new ArrayList<>();
        for (String name : manifest.fieldNames()) {
            out.add(col("m.`" + name + "`").as(name));
        }
        for (String c : outcome) {
            out.add(switch (c) {
                case PredictionRow.STATUS -> when(scored, lit(org.emolake.scoring.ClipOutcome.OK))
                        .otherwise(lit(org.emolake.scoring.ClipOutcome.ERROR));
                case PredictionRow.ERROR_CODE -> when(scored, lit(null).cast("string"))
                        .when(unopened, col("open_error.code")).otherwise(lit(NO_SCORABLE_SEGMENTS));
                case PredictionRow.ERROR_MESSAGE -> when(scored, lit(null).cast("string"))
                        .when(unopened, col("open_error.message")).otherwise(noScorable);
                case PredictionRow.LABEL -> when(scored, col("top_label"));
                case PredictionRow.CONFIDENCE -> when(scored, col("top_confidence"));
                case PredictionRow.PROBABILITIES -> when(scored, col("mean_probabilities"));
                case PredictionRow.DURATION -> col("recording_s");
                case PredictionRow.SAMPLE_RATE -> col("recording_rate");
                default -> lit(null).cast(units.schema().apply(c).dataType());
            });
            out.set(out.size() - 1, out.get(out.size() - 1).as(c));
        }
        out.add(col("scored_at").as(PredictionRow.SCORED_AT));
        out.add(lit(PredictionRow.SCORED_AS_SEGMENTS).as(PredictionRow.SCORED_AS));
        out.add(col("n").cast(DataTypes.IntegerType).as(PredictionRow.N_SEGMENTS));
        out.add(when(scored, col("label_seconds")).as(PredictionRow.SECONDS_PER_CLASS));
        return joined.select(out.toArray(Column[]::new));
    }

    /** The outcome columns of a unit row: those of {@link PredictionRow#scoredSchema} after the manifest's. */
    private static List<String> outcomeColumns(StructType unitSchema, StructType manifest) {
        List<String> names = new ArrayList<>();
        String[] all = unitSchema.fieldNames();
        for (int i = manifest.size(); i < all.length; i++) {
            if (all[i].equals(PredictionRow.SCORED_AT)) {
                break;
            }
            names.add(all[i]);
        }
        return names;
    }
}
