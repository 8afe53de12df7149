package org.emolake.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads class names in model output order from labels.json or a joblib LabelEncoder. */
final class BundleLabels {

    private BundleLabels() {
    }

    static List<String> fromJson(byte[] json, String file) throws ModelException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw invalid(file, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw invalid(file, "expected a JSON array of class names");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode label : root) {
            if (!label.isTextual()) {
                throw invalid(file, "entry " + labels.size() + " is " + label + ", not a string");
            }
            labels.add(label.asText());
        }
        return checked(labels, file);
    }

    static List<String> fromJoblib(byte[] pickle, String file) throws ModelException {
        Object read = JoblibPickle.read(pickle, file, ModelException.Code.INVALID_LABELS);
        if (!(read instanceof JoblibPickle.Estimator estimator) || !"LabelEncoder".equals(estimator.simpleName())) {
            String found = read instanceof JoblibPickle.Estimator e ? e.simpleName() : "a non-estimator object";
            throw invalid(file, "expected a fitted sklearn LabelEncoder, found " + found);
        }
        if (!(estimator.attributes.get("classes_") instanceof JoblibPickle.NdArray classes)
                || classes.shape.length != 1) {
            throw invalid(file, "the LabelEncoder has no one-dimensional classes_ (not fitted?)");
        }
        List<String> labels = new ArrayList<>();
        for (Object value : classes.values) {
            labels.add(String.valueOf(value));
        }
        return checked(labels, file);
    }

    private static List<String> checked(List<String> labels, String file) throws ModelException {
        if (labels.isEmpty()) {
            throw invalid(file, "no class names");
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw invalid(file, "class names repeat: " + labels);
        }
        return List.copyOf(labels);
    }

    private static ModelException invalid(String file, String reason) {
        return new ModelException(ModelException.Code.INVALID_LABELS, file, reason,
                "give labels.json as [\"angry\", ...] in output-unit order, or label_encoder.pkl = joblib.dump(fitted LabelEncoder)");
    }
}
