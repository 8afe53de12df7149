package org.emolake.job;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Column names and types of the predictions table. */
final class ScoredColumns {
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

    /** The fields {@link ClipScorer} appends to each manifest row, in order (then {@link #SCORED_AT}). */
    static final StructField[] OUTCOME_FIELDS = {
        field(STATUS, DataTypes.StringType, false),
        field(ERROR_CODE, DataTypes.StringType, true),
        field(ERROR_MESSAGE, DataTypes.StringType, true),
        field(LABEL, DataTypes.StringType, true),
        field(CONFIDENCE, DataTypes.DoubleType, true),
        field(PROBABILITIES, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), true),
        field(DURATION, DataTypes.DoubleType, true),
        field(SAMPLE_RATE, DataTypes.IntegerType, true),
        field(FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false), true),
    };

    /** Names the scoring job writes; a manifest column of the same name would be ambiguous. */
    static final Set<String> RESERVED = Set.of(STATUS, ERROR_CODE, ERROR_MESSAGE, LABEL, CONFIDENCE, PROBABILITIES,
            DURATION, SAMPLE_RATE, FEATURES, SCORED_AT, MODEL_NAME, MODEL_SHA, FEATURE_SET, RUN_ID, RUN_DATE);

    private ScoredColumns() {
    }

    static StructType scoredSchema(StructType manifest) {
        List<StructField> fields = new ArrayList<>(List.of(manifest.fields()));
        fields.addAll(List.of(OUTCOME_FIELDS));
        fields.add(field(SCORED_AT, DataTypes.TimestampType, false));
        return DataTypes.createStructType(fields);
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
