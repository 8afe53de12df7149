package org.emolake.model;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network {@link CnnLstmTrainer} trained: it predicts class probabilities for scaled rows and writes itself as the
 * Keras files of a model bundle. The training layer holds only this handle, so it never sees a DL4J type.
 */
public final class TrainedNetwork {
    private final MultiLayerNetwork network;
    private final int features;
    private final double learningRate;

    TrainedNetwork(MultiLayerNetwork network, int features, double learningRate) {
        this.network = network;
        this.features = features;
        this.learningRate = learningRate;
    }

    /** Class probabilities (float32 widened) for rows already scaled to float32, as the network computes them. */
    public double[][] predict(float[][] scaledRows) {
        float[][] output = network.output(CnnLstmTrainer.input(scaledRows), false).toFloatMatrix();
        double[][] out = new double[output.length][];
        for (int i = 0; i < output.length; i++) {
            out[i] = new double[output[i].length];
            for (int k = 0; k < output[i].length; k++) {
                out[i][k] = output[i][k];
            }
        }
        return out;
    }

    /** {@code cnn_lstm_model.h5} in tf.keras 2's HDF5 layout ({@link KerasH5Writer}). */
    public void writeKerasH5(Path file) throws IOException {
        KerasH5Writer.write(network, features, learningRate, file);
    }

    /** {@code cnn_lstm_model.keras}, the Keras 3 archive ({@link Keras3ArchiveWriter}), with the same weights. */
    public void writeKeras3Archive(Path file) throws IOException {
        Keras3ArchiveWriter.write(network, features, file);
    }

    MultiLayerNetwork network() {
        return network;
    }
}
