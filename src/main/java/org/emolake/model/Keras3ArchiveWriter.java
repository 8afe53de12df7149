package org.emolake.model;

import static org.emolake.model.KerasInitializers.initializer;
import static org.emolake.model.KerasInitializers.kernelAndBias;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Writes the seed CNN-LSTM as {@code cnn_lstm_model.keras}, the archive Keras 3's {@code model.save("...keras")} writes
 * (compare {@code src/test/resources/model/keras3-cnn-lstm-6/model.keras}, from Keras 3.15.1): current Keras
 * (TensorFlow 2.16+) refuses tf.keras 2 HDF5 files with an LSTM, so a bundle carries both.
 *
 * <ul>
 *   <li>{@code config.json}: the Sequential config in Keras 3's form ({@code batch_shape}, {@code DTypePolicy},
 *       {@code module} / {@code registered_name} / {@code build_config}, no {@code time_major}); no
 *       {@code compile_config}, so {@code load_model} returns an uncompiled model (as after {@code compile=False});</li>
 *   <li>{@code metadata.json}: {@code keras_version};</li>
 *   <li>{@code model.weights.h5}: {@code layers/<layer>/vars/<i>} ({@code layers/lstm/cell/vars/<i>} for the LSTM),
 *       each {@code vars} group with the layer's name as attribute, the same arrays as {@link KerasH5Writer} writes.</li>
 * </ul>
 */
public final class Keras3ArchiveWriter {

    /** The Keras release whose archive layout this imitates. */
    public static final String KERAS_VERSION = "3.15.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Keras3ArchiveWriter() {
    }

    /** Writes {@code network} (from {@link CnnLstmTrainer#build}, {@code features} inputs) to {@code file}. */
    static void write(MultiLayerNetwork network, int features, Path file) throws IOException {
        write(KerasH5Writer.kerasWeights(network), features, file);
    }

    /** Writes the seed model with the given Keras weights (as {@link KerasH5Writer#kerasWeights} gives them). */
    static void write(Map<String, List<KerasH5Writer.Weight>> weights, int features, Path file) throws IOException {
        List<KerasH5Writer.Weight> output = weights.get("dense_1");
        int classes = (int) output.get(output.size() - 1).shape()[0];
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path weightsFile = Files.createTempFile(parent, ".emolake-", ".weights.h5");
        try {
            writeWeights(weights, weightsFile);
            try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
                entry(zip, "metadata.json", ("{\"keras_version\": \"" + KERAS_VERSION + "\"}").getBytes(StandardCharsets.UTF_8));
                entry(zip, "config.json", modelConfig(features, classes).getBytes(StandardCharsets.UTF_8));
                entry(zip, "model.weights.h5", Files.readAllBytes(weightsFile));
            }
        } finally {
            Files.deleteIfExists(weightsFile);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ZIP_TIME); // the fixed entry time Keras writes too
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static void writeWeights(Map<String, List<KerasH5Writer.Weight>> weights, Path file) {
        Loader.load(hdf5.class);
        // Same locking and closing discipline as KerasH5Writer.write.
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            H5File h5 = new H5File(file.toString(), hdf5.H5F_ACC_TRUNC);
            List<Group> opened = new ArrayList<>();
            try {
                Group root = KerasH5Writer.track(opened, h5.openGroup("/"));
                Group layers = KerasH5Writer.track(opened, root.createGroup("layers"));
                for (Map.Entry<String, List<KerasH5Writer.Weight>> layer : weights.entrySet()) {
                    String name = layer.getKey();
                    Group group = KerasH5Writer.track(opened, layers.createGroup(name));
                    Group vars = KerasH5Writer.track(opened, group.createGroup("vars"));
                    KerasH5Writer.stringAttribute(vars, "name", name, true);
                    if (name.equals("lstm")) {
                        // Keras 3 keeps an LSTM's variables in its cell.
                        Group cell = KerasH5Writer.track(opened, group.createGroup("cell"));
                        vars = KerasH5Writer.track(opened, cell.createGroup("vars"));
                        KerasH5Writer.stringAttribute(vars, "name", "lstm_cell", true);
                    }
                    int index = 0;
                    for (KerasH5Writer.Weight weight : layer.getValue()) {
                        KerasH5Writer.floatDataset(vars, Integer.toString(index++), weight.shape(), weight.values());
                    }
                }
                Group modelVars = KerasH5Writer.track(opened, root.createGroup("vars"));
                KerasH5Writer.stringAttribute(modelVars, "name", "sequential", true);
            } finally {
                for (int i = opened.size() - 1; i >= 0; i--) {
                    opened.get(i).close();
                }
                h5.close();
            }
        }
    }

    /** The {@code config.json} of the seed Sequential model, as Keras 3.15 writes it. */
    static String modelConfig(int features, int classes) {
        ObjectNode root = JSON.createObjectNode();
        root.put("module", "keras");
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", "sequential");
        config.put("trainable", true);
        config.set("dtype", policy());
        ArrayNode layers = config.putArray("layers");

        ObjectNode input = layer(layers, "InputLayer", null);
        shape(input.putArray("batch_shape"), features, 1);
        input.put("dtype", "float32");
        input.put("sparse", false);
        input.put("ragged", false);
        input.put("name", "input_layer");
        input.put("optional", false);

        ObjectNode conv = layer(layers, "Conv1D", new int[] {features, 1});
        common(conv, "conv1d");
        conv.put("filters", 64);
        conv.putArray("kernel_size").add(3);
        conv.putArray("strides").add(1);
        conv.put("padding", "same");
        conv.put("data_format", "channels_last");
        conv.putArray("dilation_rate").add(1);
        conv.put("groups", 1);
        conv.put("activation", "relu");
        conv.put("use_bias", true);
        kernelAndBias(conv);

        ObjectNode pool = layer(layers, "MaxPooling1D", null);
        common(pool, "max_pooling1d");
        pool.putArray("pool_size").add(2);
        pool.put("padding", "valid");
        pool.putArray("strides").add(2);
        pool.put("data_format", "channels_last");

        dropout(layer(layers, "Dropout", null), "dropout");

        ObjectNode lstm = layer(layers, "LSTM", new int[] {features / 2, 64});
        common(lstm, "lstm");
        lstm.put("return_sequences", false);
        lstm.put("return_state", false);
        lstm.put("go_backwards", false);
        lstm.put("stateful", false);
        lstm.put("unroll", false);
        lstm.put("zero_output_for_mask", false);
        lstm.put("units", 64);
        lstm.put("activation", "tanh");
        lstm.put("recurrent_activation", "sigmoid");
        lstm.put("use_bias", true);
        lstm.set("kernel_initializer", initializer("GlorotUniform", true));
        ObjectNode orthogonal = initializer("Orthogonal", true);
        ((ObjectNode) orthogonal.get("config")).put("gain", 1.0);
        lstm.set("recurrent_initializer", orthogonal);
        lstm.set("bias_initializer", initializer("Zeros", false));
        lstm.put("unit_forget_bias", true);
        for (String key : new String[] {"kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint"}) {
            lstm.putNull(key);
        }
        lstm.put("dropout", 0.0);
        lstm.put("recurrent_dropout", 0.0);
        lstm.putNull("seed");

        dropout(layer(layers, "Dropout", null), "dropout_1");
        dense(layer(layers, "Dense", new int[] {64}), "dense", 64, "relu");
        dense(layer(layers, "Dense", new int[] {64}), "dense_1", classes, "softmax");

        config.set("build_input_shape", shape(JSON.createArrayNode(), features, 1));
        root.putNull("registered_name");
        root.putObject("build_config").set("input_shape", shape(JSON.createArrayNode(), features, 1));
        return root.toString();
    }

    private static ArrayNode shape(ArrayNode array, int... dimensions) {
        array.addNull();
        for (int dimension : dimensions) {
            array.add(dimension);
        }
        return array;
    }

    /** A layer entry; {@code buildShape} (without the batch axis) gives it a build_config. */
    private static ObjectNode layer(ArrayNode layers, String className, int[] buildShape) {
        ObjectNode layer = layers.addObject();
        layer.put("module", "keras.layers");
        layer.put("class_name", className);
        ObjectNode config = layer.putObject("config");
        layer.putNull("registered_name");
        if (buildShape != null) {
            layer.putObject("build_config").set("input_shape", shape(JSON.createArrayNode(), buildShape));
        }
        return config;
    }

    private static ObjectNode policy() {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("module", "keras");
        policy.put("class_name", "DTypePolicy");
        policy.putObject("config").put("name", "float32");
        policy.putNull("registered_name");
        return policy;
    }

    private static void common(ObjectNode config, String name) {
        config.put("name", name);
        config.put("trainable", true);
        config.set("dtype", policy());
    }

    private static void dropout(ObjectNode config, String name) {
        common(config, name);
        config.put("rate", 0.3);
        config.putNull("seed");
        config.putNull("noise_shape");
    }

    private static void dense(ObjectNode config, String name, int units, String activation) {
        common(config, name);
        config.put("units", units);
        config.put("activation", activation);
        config.put("use_bias", true);
        kernelAndBias(config);
        // Keras 3's Dense config has no activity_regularizer; quantization_config (3.15) is left out for older Keras 3.
        config.remove("activity_regularizer");
    }
}
