package org.emolake.job;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * A row of the {@code segments} table, defined once: one per segment of a recording scored by segments, per run.
 * Columns: {@code clip_id}, {@code path}, the {@code --group-by} columns, {@code segment_index}, {@code offset_s},
 * {@code duration_s} (of the segment), the outcome ({@code status}, {@code error_code}, {@code error_message},
 * {@code label}, {@code confidence}, {@code probabilities}), {@code rms_dbfs}, {@code silent}, the segment's 110
 * {@code features} with {@code --keep-features}, {@code scored_at}, then the run's columns as in {@code predictions}.
 */
final class SegmentRow {
    static final String SEGMENT_INDEX = "segment_index";
    static final String OFFSET = "offset_s";
    static final String RMS_DBFS = "rms_dbfs";
    static final String SILENT = "silent";

    private SegmentRow() {
    }

    /** The segment rows among {@link ScoredUnit} rows, as the segments table holds them. */
    static Dataset<Row> of(Dataset<Row> units, List<String> groupBy, boolean keepFeatures, String modelName,
            String modelSha256, String featureSet, String runId, LocalDate runDate) {
        List<Column> out = new ArrayList<>();
        out.add(col(PredictionRow.CLIP_ID));
        out.add(col(PredictionRow.PATH));
        groupBy.forEach(g -> out.add(col("`" + g + "`")));
        out.add(col(ScoredUnit.SEGMENT_INDEX).as(SEGMENT_INDEX));
        out.add(col(ScoredUnit.OFFSET).as(OFFSET));
        out.add(col(ScoredUnit.SEGMENT_SECONDS).as(PredictionRow.DURATION));
        for (String c : List.of(PredictionRow.STATUS, PredictionRow.ERROR_CODE, PredictionRow.ERROR_MESSAGE,
                PredictionRow.LABEL, PredictionRow.CONFIDENCE, PredictionRow.PROBABILITIES)) {
            out.add(col(c));
        }
        out.add(col(ScoredUnit.RMS_DBFS).as(RMS_DBFS));
        out.add(col(ScoredUnit.SILENT).as(SILENT));
        if (keepFeatures) {
            out.add(col(PredictionRow.FEATURES));
        }
        out.add(col(PredictionRow.SCORED_AT));
        out.add(lit(modelName).as(PredictionRow.MODEL_NAME));
        out.add(lit(modelSha256).as(PredictionRow.MODEL_SHA));
        out.add(lit(featureSet).as(PredictionRow.FEATURE_SET));
        out.add(lit(runId).as(PredictionRow.RUN_ID));
        out.add(lit(Date.valueOf(runDate)).as(PredictionRow.RUN_DATE));
        return units.filter(col(ScoredUnit.SCORED_AS).equalTo(lit(PredictionRow.SCORED_AS_SEGMENTS))
                        .and(col(ScoredUnit.SEGMENT_INDEX).isNotNull()))
                .select(out.toArray(Column[]::new));
    }
}
