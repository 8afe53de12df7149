package org.emolake.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rewrites a bundle's {@code cnn_lstm_model.h5} that {@link KerasH5Writer} wrote with the current writers: the .h5
 * again and {@code cnn_lstm_model.keras} beside it, both with the weights read from the old file. The model.json side
 * is {@code org.emolake.training.ReexportKeras3Archive}'s.
 */
public final class KerasRewrite {

    private KerasRewrite() {
    }

    public static void rewrite(Path dir, double learningRate) throws Exception {
        Map<String, List<KerasH5Writer.Weight>> weights = readWeights(dir.resolve(ModelBundle.MODEL_FILE));
        KerasH5Writer.write(weights, 110, learningRate, dir.resolve(ModelBundle.MODEL_FILE));
        Keras3ArchiveWriter.write(weights, 110, dir.resolve(ModelBundle.MODEL_ARCHIVE));
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
