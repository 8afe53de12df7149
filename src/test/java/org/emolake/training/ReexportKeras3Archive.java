package org.emolake.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.emolake.model.ModelBundle;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Re-exports a bundle whose {@code cnn_lstm_model.h5} {@link KerasH5Writer} wrote (e.g. the committed models/) as
 * {@code emolake train} now writes it: the .h5 rewritten by the current {@link KerasH5Writer} (whose config Keras 3
 * loads too) and {@code cnn_lstm_model.keras} beside it, both with the same weights, listed in model.json:
 *
 * <pre>java -cp "target/classes:target/test-classes:target/lib/*" org.emolake.training.ReexportKeras3Archive models</pre>
 */
public final class ReexportKeras3Archive {

    private ReexportKeras3Archive() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "models");
        Map<String, List<KerasH5Writer.Weight>> weights = readWeights(dir.resolve(ModelBundle.MODEL_FILE));
        Path modelJson = dir.resolve(BundleWriter.MODEL_JSON);
        ObjectNode root = (ObjectNode) BundleWriter.JSON.readTree(modelJson.toFile());
        double learningRate = root.path("training").path("optimizer").path("learning_rate").asDouble(1e-3);
        KerasH5Writer.write(weights, 110, learningRate, dir.resolve(ModelBundle.MODEL_FILE));
        Keras3ArchiveWriter.write(weights, 110, dir.resolve(ModelBundle.MODEL_ARCHIVE));
        ObjectNode files = root.putObject("model_files");
        files.put(ModelBundle.MODEL_FILE, BundleWriter.MODEL_FILES.get(ModelBundle.MODEL_FILE));
        files.put(ModelBundle.MODEL_ARCHIVE, BundleWriter.MODEL_FILES.get(ModelBundle.MODEL_ARCHIVE));
        String description = root.path("description").asText("");
        if (description.endsWith("exported in the tf.keras 2 HDF5 layout")) {
            root.put("description", description.replace("exported in the tf.keras 2 HDF5 layout",
                    "exported as a tf.keras 2 HDF5 file and as a Keras 3 archive (model_files)"));
        }
        BundleWriter.write(modelJson, root);
        System.out.println("wrote " + dir.resolve(ModelBundle.MODEL_ARCHIVE) + "; " + ModelBundle.load(dir).modelFormat());
    }

    /** The Keras weights of a {@link KerasH5Writer} file, in the writer's layer and variable order. */
    static Map<String, List<KerasH5Writer.Weight>> readWeights(Path h5) throws Exception {
        Map<String, List<KerasH5Writer.Weight>> out = new LinkedHashMap<>();
        try (Hdf5Archive archive = new Hdf5Archive(h5.toString())) {
            for (String layer : KerasH5Writer.LAYER_NAMES) {
                List<KerasH5Writer.Weight> weights = new ArrayList<>();
                List<String> names = layer.equals("lstm")
                        ? List.of("lstm_cell/kernel:0", "lstm_cell/recurrent_kernel:0", "lstm_cell/bias:0")
                        : layer.startsWith("conv1d") || layer.startsWith("dense") ? List.of("kernel:0", "bias:0") : List.of();
                for (String name : names) {
                    String[] path = name.contains("/")
                            ? new String[] {"model_weights", layer, layer, name.substring(0, name.indexOf('/'))}
                            : new String[] {"model_weights", layer, layer};
                    INDArray value = archive.readDataSet(name.substring(name.indexOf('/') + 1), path);
                    weights.add(new KerasH5Writer.Weight(name, value.shape(),
                            value.dup('c').reshape(value.length()).toFloatVector()));
                }
                out.put(layer, weights);
            }
        }
        return out;
    }
}
