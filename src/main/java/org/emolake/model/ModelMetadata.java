package org.emolake.model;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.emolake.features.FeatureSet;

/**
 * The optional model.json of a bundle.
 *
 * @param name         model name, empty when not given
 * @param version      model version, empty when not given
 * @param featureSet   feature set id the model was trained on; {@code v1} when not given
 * @param featureCount the number of features of that feature set, i.e. the model input length
 */
public record ModelMetadata(String name, String version, String featureSet, int featureCount) {

    /** Feature set id to vector length: the feature sets emolake can extract. */
    private static final Map<String, Integer> FEATURE_SETS = Map.of(FeatureSet.ID, FeatureSet.SIZE);
    private static final String DEFAULT_FEATURE_SET = FeatureSet.ID;

    static ModelMetadata defaults() {
        return new ModelMetadata("", "", DEFAULT_FEATURE_SET, FEATURE_SETS.get(DEFAULT_FEATURE_SET));
    }

    static ModelMetadata fromJson(byte[] json, String file) throws ModelException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw invalid(file, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "expected a JSON object");
        }
        String featureSet = text(root, "feature_set", DEFAULT_FEATURE_SET, file);
        Integer featureCount = FEATURE_SETS.get(featureSet);
        if (featureCount == null) {
            throw new ModelException(ModelException.Code.UNKNOWN_FEATURE_SET, file,
                    "unknown feature_set \"" + featureSet + "\", known: " + FEATURE_SETS.keySet(),
                    "set \"feature_set\" to the id of the features the model was trained on");
        }
        return new ModelMetadata(text(root, "name", "", file), text(root, "version", "", file), featureSet, featureCount);
    }

    private static String text(JsonNode root, String key, String fallback, String file) throws ModelException {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw invalid(file, "\"" + key + "\" must be a string");
        }
        return value.asText();
    }

    private static ModelException invalid(String file, String reason) {
        return new ModelException(ModelException.Code.INVALID_METADATA, file, reason,
                "write model.json as {\"name\": ..., \"version\": ..., \"feature_set\": \"v1\"}");
    }
}
