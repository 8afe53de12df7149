package org.emolake.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of a Keras 3 file, per layer name and Keras weight name ({@code kernel}, {@code recurrent_kernel},
 * {@code bias}, ...): the names DL4J's Keras layers take in {@link KerasLayer#setWeights}. Keras 3 keeps tf.keras 2's
 * shapes and LSTM gate order (i, f, c, o); only the paths differ:
 *
 * <ul>
 *   <li>{@code .h5}: {@code model_weights/<layer>/<model>/<layer>/[<cell>/]<name>}, without tf.keras 2's {@code :0};</li>
 *   <li>{@code .keras} ({@code model.weights.h5}): {@code layers/<group>/vars/<i>} and, for recurrent layers,
 *       {@code layers/<group>/cell/vars/<i>}; the group is named after the layer's class, the layer's own name is
 *       the {@code name} attribute of {@code vars}, and the variables are numbered in the order the layer creates
 *       them ({@link #variableNames}).</li>
 * </ul>
 */
final class Keras3Weights {

    private final Map<String, Map<String, INDArray>> byLayer;

    private Keras3Weights(Map<String, Map<String, INDArray>> byLayer) {
        this.byLayer = byLayer;
    }

    /** Reads {@code model_weights} of a Keras 3 {@code .h5} model file. */
    static Keras3Weights fromLegacyH5(Hdf5Archive archive) throws Exception {
        Map<String, Map<String, INDArray>> byLayer = new LinkedHashMap<>();
        for (String layer : archive.getGroups("model_weights")) {
            Map<String, INDArray> weights = new LinkedHashMap<>();
            collect(archive, weights, "model_weights", layer);
            if (!weights.isEmpty()) {
                byLayer.put(layer, weights);
            }
        }
        return new Keras3Weights(byLayer);
    }

    private static void collect(Hdf5Archive archive, Map<String, INDArray> weights, String... path) throws Exception {
        for (String dataset : archive.getDataSets(path)) {
            weights.put(dataset, archive.readDataSet(dataset, path));
        }
        for (String group : archive.getGroups(path)) {
            String[] child = java.util.Arrays.copyOf(path, path.length + 1);
            child[path.length] = group;
            collect(archive, weights, child);
        }
    }

    /** Reads the {@code model.weights.h5} of a {@code .keras} archive; {@code layers} is the (Keras 3) model config's layer list. */
    static Keras3Weights fromArchive(Hdf5Archive archive, JsonNode layers, String file) throws Exception {
        Map<String, JsonNode> configs = new LinkedHashMap<>();
        for (JsonNode layer : layers) {
            configs.put(layer.path("config").path("name").asText(), layer);
        }
        Map<String, Map<String, INDArray>> byLayer = new LinkedHashMap<>();
        for (String group : archive.getGroups("layers")) {
            String name = archive.readAttributeAsString("name", "layers", group, "vars");
            List<INDArray> values = variables(archive, "layers", group, "vars");
            if (archive.getGroups("layers", group).contains("cell")) {
                values.addAll(variables(archive, "layers", group, "cell", "vars"));
            }
            if (values.isEmpty()) {
                continue;
            }
            JsonNode layer = configs.get(name);
            List<String> names = layer == null ? List.of() : variableNames(layer);
            if (names.size() != values.size()) {
                throw new ModelException(ModelException.Code.UNSUPPORTED_MODEL, file,
                        "layer " + name + (layer == null ? "" : " (" + layer.path("class_name").asText() + ")")
                                + " stores " + values.size() + " variables emolake cannot map to DL4J parameters",
                        "use layers DL4J 1.0.0-M2.1 supports (Conv1D, MaxPooling1D, Dropout, LSTM, GRU, Dense, "
                                + "BatchNormalization)");
            }
            Map<String, INDArray> weights = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                weights.put(names.get(i), values.get(i));
            }
            byLayer.put(name, weights);
        }
        return new Keras3Weights(byLayer);
    }

    private static List<INDArray> variables(Hdf5Archive archive, String... path) throws Exception {
        List<String> names = new ArrayList<>(archive.getDataSets(path));
        names.sort(Comparator.comparingInt(Integer::parseInt));
        List<INDArray> out = new ArrayList<>();
        for (String name : names) {
            out.add(archive.readDataSet(name, path));
        }
        return out;
    }

    /** The variables a Keras 3 layer creates, in creation order (its {@code build} method); empty if unknown. */
    static List<String> variableNames(JsonNode layer) {
        JsonNode config = layer.path("config");
        boolean bias = config.path("use_bias").asBoolean(true);
        List<String> names = new ArrayList<>();
        switch (layer.path("class_name").asText()) {
            case "Conv1D", "Conv2D", "Conv3D", "Dense", "SeparableConv1D" -> {
                names.add("kernel");
                if (bias) {
                    names.add("bias");
                }
            }
            case "LSTM", "GRU", "SimpleRNN" -> {
                names.add("kernel");
                names.add("recurrent_kernel");
                if (bias) {
                    names.add("bias");
                }
            }
            case "BatchNormalization" -> {
                if (config.path("scale").asBoolean(true)) {
                    names.add("gamma");
                }
                if (config.path("center").asBoolean(true)) {
                    names.add("beta");
                }
                names.add("moving_mean");
                names.add("moving_variance");
            }
            case "Embedding" -> names.add("embeddings");
            default -> {
                // unknown: the caller reports the layer
            }
        }
        return names;
    }

    /** Gives every DL4J Keras layer with parameters its weights; a layer without stored weights is an error. */
    void applyTo(Map<String, KerasLayer> layers, String file) throws Exception {
        for (Map.Entry<String, KerasLayer> entry : layers.entrySet()) {
            KerasLayer layer = entry.getValue();
            if (layer.getNumParams() == 0) {
                continue;
            }
            Map<String, INDArray> weights = byLayer.get(entry.getKey());
            if (weights == null) {
                throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                        "no stored weights for layer " + entry.getKey(),
                        "save the whole trained model with model.save(...)");
            }
            layer.setWeights(weights);
        }
        for (String stored : byLayer.keySet()) {
            if (!layers.containsKey(stored)) {
                throw new ModelException(ModelException.Code.UNREADABLE_MODEL, file,
                        "weights stored for layer " + stored + ", which the model config does not have",
                        "save the whole model with model.save(...)");
            }
        }
    }
}
