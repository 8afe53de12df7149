package org.emolake.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes the JSON files of a model bundle (docs/MODEL_BUNDLE.md): scaler.json, labels.json, model.json, metrics.json. */
public final class BundleWriter {
    public static final String SCALER_JSON = "scaler.json";
    public static final String LABELS_JSON = "labels.json";
    public static final String MODEL_JSON = "model.json";
    public static final String METRICS_JSON = "metrics.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleWriter() {
    }

    /** {@code {"mean": [...], "scale": [...]}}; Jackson writes doubles with Java's shortest round-trip repr. */
    public static void writeScaler(Path dir, double[] mean, double[] scale) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        var m = root.putArray("mean");
        for (double v : mean) {
            m.add(v);
        }
        var s = root.putArray("scale");
        for (double v : scale) {
            s.add(v);
        }
        write(dir.resolve(SCALER_JSON), root);
    }

    public static void writeLabels(Path dir, List<String> labels) throws IOException {
        write(dir.resolve(LABELS_JSON), labels);
    }

    public static void write(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), value);
    }

    /** model.json: name, version, feature set and whatever else the trainer records (training data, metrics). */
    public static void writeModel(Path dir, String name, String version, String featureSet, Map<String, Object> extra)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.put("version", version);
        root.put("feature_set", featureSet);
        extra.forEach((key, value) -> root.set(key, JSON.valueToTree(value)));
        write(dir.resolve(MODEL_JSON), root);
    }
}
