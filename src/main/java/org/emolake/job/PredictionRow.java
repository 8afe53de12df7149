package org.emolake.job;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.emolake.scoring.ClipOutcome;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * A row of the predictions table, defined once: its columns (name, type, nullability) and where each value comes
 * from. In order: the manifest's columns ({@code clip_id}, {@code path}, then the others), the outcome of the clip
 * ({@link #OUTCOME}), {@code scored_at}, then the run's columns ({@link #withRun}).
 */
final class PredictionRow {
    static final String CLIP_ID = "clip_id";
    static final String PATH = "path";
    static final String STATUS = "status";
    static final String ERROR_CODE = "error_code";
    static final String ERROR_MESSAGE = "error_message";
    static final String LABEL = "label";
    static final String CONFIDENCE = "confidence";
    static final String PROBABILITIES = "probabilities";
    static final String DURATION = "duration_s";
    static final String SAMPLE_RATE = "source_sample_rate";
    static final String FEATURES = "features";
    static final String SCORED_AT = "scored_at";
    static final String MODEL_NAME = "model_name";
    static final String MODEL_SHA = "model_sha256";
    static final String FEATURE_SET = "feature_set";
    static final String RUN_ID = "run_id";
    static final String RUN_DATE = "run_date";
    /** 'clip' (scored whole) or 'segments' (the verdict of a recording scored by segments, docs/JOB.md). */
    static final String SCORED_AS = "scored_as";
    static final String N_SEGMENTS = "n_segments";
    static final String SECONDS_PER_CLASS = "seconds_per_class";
    static final String SCORED_AS_CLIP = "clip";
    static final String SCORED_AS_SEGMENTS = "segments";

    /** One column filled from a clip's outcome. */
    private record OutcomeColumn(StructField field, Function<ClipOutcome, Object> value) {
    }

    /** The columns {@link ClipScorer} appends to each manifest row, in order (then {@link #SCORED_AT}). */
    private static final List<OutcomeColumn> OUTCOME = List.of(
            column(STATUS, DataTypes.StringType, false, ClipOutcome::status),
            column(ERROR_CODE, DataTypes.StringType, true, ClipOutcome::errorCode),
            column(ERROR_MESSAGE, DataTypes.StringType, true, ClipOutcome::errorMessage),
            column(LABEL, DataTypes.StringType, true, ClipOutcome::label),
            column(CONFIDENCE, DataTypes.DoubleType, true, ClipOutcome::confidence),
            column(PROBABILITIES, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), true,
                    o -> o.probabilities() == null ? null
                            : scala.jdk.javaapi.CollectionConverters.asScala(o.probabilities())),
            column(DURATION, DataTypes.DoubleType, true, ClipOutcome::durationSeconds),
            column(SAMPLE_RATE, DataTypes.IntegerType, true, ClipOutcome::sourceSampleRate),
            column(FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false), true,
                    o -> o.features() == null ? null
                            : scala.collection.immutable.ArraySeq.unsafeWrapArray(o.features())));

    /** Names the scoring job writes; a manifest column of the same name would be ambiguous. */
    static final Set<String> RESERVED = Set.of(STATUS, ERROR_CODE, ERROR_MESSAGE, LABEL, CONFIDENCE, PROBABILITIES,
            DURATION, SAMPLE_RATE, FEATURES, SCORED_AT, MODEL_NAME, MODEL_SHA, FEATURE_SET, RUN_ID, RUN_DATE, SCORED_AS,
            N_SEGMENTS, SECONDS_PER_CLASS);

    /** Type of {@link #PROBABILITIES} and {@link #SECONDS_PER_CLASS}. */
    static final DataType CLASS_MAP = DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);

    private PredictionRow() {
    }

    /** The schema of {@link #of}'s rows: the manifest's columns, the outcome's, {@code scored_at}. */
    static StructType scoredSchema(StructType manifest) {
        List<StructField> fields = new ArrayList<>(List.of(manifest.fields()));
        OUTCOME.forEach(c -> fields.add(c.field()));
        fields.add(field(SCORED_AT, DataTypes.TimestampType, false));
        return DataTypes.createStructType(fields);
    }

    /** One manifest row with its clip's outcome, in {@link #scoredSchema} order. */
    static Row of(Row manifestRow, ClipOutcome outcome, Timestamp scoredAt) {
        int n = manifestRow.length();
        Object[] values = new Object[n + OUTCOME.size() + 1];
        for (int i = 0; i < n; i++) {
            values[i] = manifestRow.get(i);
        }
        for (int k = 0; k < OUTCOME.size(); k++) {
            values[n + k] = OUTCOME.get(k).value().apply(outcome);
        }
        values[n + OUTCOME.size()] = scoredAt;
        return RowFactory.create(values);
    }

    /**
     * The rows as the predictions table holds them: {@code features} only when kept, then the run's columns (model
     * name and SHA-256, feature set, run id, run date).
     */
    static Dataset<Row> withRun(Dataset<Row> scored, boolean keepFeatures, String modelName, String modelSha256,
            String featureSet, String runId, LocalDate runDate) {
        List<Column> out = new ArrayList<>();
        for (String name : scored.schema().fieldNames()) {
            if (!name.equals(FEATURES) || keepFeatures) {
                out.add(col(name));
            }
        }
        out.add(lit(modelName).as(MODEL_NAME));
        out.add(lit(modelSha256).as(MODEL_SHA));
        out.add(lit(featureSet).as(FEATURE_SET));
        out.add(lit(runId).as(RUN_ID));
        out.add(lit(Date.valueOf(runDate)).as(RUN_DATE));
        return scored.select(out.toArray(Column[]::new));
    }

    private static OutcomeColumn column(String name, DataType type, boolean nullable,
            Function<ClipOutcome, Object> value) {
        return new OutcomeColumn(field(name, type, nullable), value);
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
