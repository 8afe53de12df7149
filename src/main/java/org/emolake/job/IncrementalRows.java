package org.emolake.job;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.emolake.scoring.ClipOutcome;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * What an incremental run scores: the manifest rows without an {@code ok} row of the same model and the same file
 * content in another run. A file's content is identified by the {@link #CONTENT_IDENTITY} columns the manifest has
 * (a file replaced in place under the same name has another size or modification time), compared NULL-safely.
 */
final class IncrementalRows {
    /** Manifest columns that identify a file's content; {@code emolake manifest} writes both. */
    static final List<String> CONTENT_IDENTITY = List.of("size_bytes", "modified_at");

    private IncrementalRows() {
    }

    /**
     * The rows of {@code manifest} that {@code predictions} holds no ok row for, scored by the model
     * {@code modelSha256} in a run other than {@code runId}, with equal content identity. Predictions that lack an
     * identity column the manifest has (written from a manifest without it) match nothing: such rows are scored once
     * more, and carry their identity from then on.
     */
    static Dataset<Row> notScored(Dataset<Row> manifest, Dataset<Row> predictions, String modelSha256, String runId) {
        List<String> manifestColumns = List.of(manifest.columns());
        List<String> identity = CONTENT_IDENTITY.stream().filter(manifestColumns::contains).toList();
        if (!List.of(predictions.columns()).containsAll(identity)) {
            return manifest;
        }
        List<String> keys = new ArrayList<>(List.of(PredictionRow.CLIP_ID));
        keys.addAll(identity);
        Dataset<Row> scored = predictions
                .filter(col(PredictionRow.STATUS).equalTo(lit(ClipOutcome.OK))
                        .and(col(PredictionRow.MODEL_SHA).equalTo(lit(modelSha256)))
                        .and(col(PredictionRow.RUN_ID).notEqual(lit(runId))))
                .select(keys.stream().map(k -> col(k).as("scored_" + k)).toArray(Column[]::new))
                .distinct();
        Column same = manifest.col(PredictionRow.CLIP_ID).equalTo(scored.col("scored_" + PredictionRow.CLIP_ID));
        for (String c : identity) {
            same = same.and(manifest.col(c).eqNullSafe(scored.col("scored_" + c)));
        }
        return manifest.join(scored, same, "left_anti");
    }
}
