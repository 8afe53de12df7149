package org.emolake.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.emolake.model.Keras3ArchiveWriter;
import org.emolake.model.KerasH5Writer;
import org.emolake.model.ModelBundle;

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

    /** What each model file in a bundle is and which Keras loads it, for model.json's {@code model_files}. */
    static final Map<String, String> MODEL_FILES = Map.of(
            ModelBundle.MODEL_FILE, "tf.keras " + KerasH5Writer.KERAS_VERSION + " HDF5 (LSTM config without time_major): "
                    + "load_model in tf.keras 2.x (TensorFlow <= 2.15, or tf_keras) and in Keras 3; emolake loads this one",
            ModelBundle.MODEL_ARCHIVE, "Keras 3 archive (layout of Keras " + Keras3ArchiveWriter.KERAS_VERSION
                    + "): load_model in Keras 3 (TensorFlow >= 2.16); the same weights");

    /**
     * model.json: name, version, feature set, {@code model_files} (each model file present in {@code dir} and what it
     * is) and whatever else the trainer records (training data, metrics).
     */
    public static void writeModel(Path dir, String name, String version, String featureSet, Map<String, Object> extra)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.put("version", version);
        root.put("feature_set", featureSet);
        ObjectNode files = root.putObject("model_files");
        for (String file : List.of(ModelBundle.MODEL_FILE, ModelBundle.MODEL_ARCHIVE)) {
            if (Files.isRegularFile(dir.resolve(file))) {
                files.put(file, MODEL_FILES.get(file));
            }
        }
        extra.forEach((key, value) -> root.set(key, JSON.valueToTree(value)));
        write(dir.resolve(MODEL_JSON), root);
    }
}
