package org.emolake.model;

import static org.emolake.model.KerasInitializers.initializer;
import static org.emolake.model.KerasInitializers.kernelAndBias;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.DataType;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a network of {@link CnnLstmTrainer#build} as {@code cnn_lstm_model.h5} in the HDF5 layout of tf.keras 2.15's
 * {@code model.save("cnn_lstm_model.h5")} (compare {@code shared/fixtures/keras-cnn-lstm-7/model.h5}):
 *
 * <ul>
 *   <li>root attributes {@code backend} "tensorflow", {@code keras_version} "2.15.0" (UTF-8 variable-length strings),
 *       {@code model_config} (the Sequential JSON) and {@code training_config} (Adam, sparse categorical
 *       cross-entropy, accuracy), variable-length ASCII strings;</li>
 *   <li>group {@code model_weights} with {@code backend}, {@code keras_version} and {@code layer_names}
 *       (conv1d, max_pooling1d, dropout, lstm, dropout_1, dense, dense_1); per layer a group with a
 *       {@code weight_names} attribute (an empty float64 array for layers without weights, as h5py writes it) and
 *       the float32 datasets {@code <layer>/<layer>/<name>:0}, {@code lstm/lstm/lstm_cell/...:0} for the LSTM;
 *       plus the empty {@code top_level_model_weights} group.</li>
 * </ul>
 *
 * Not written: {@code optimizer_weights} (Keras' load_model then starts the optimizer afresh, as for a model
 * saved before its first fit).
 *
 * <p>Parameter layouts, the inverse of DL4J 1.0.0-M2.1's Keras import: Conv1D kernel (3, 1, 64) = DL4J W
 * {@code [64, 1, 3, 1]} read as one C-ordered buffer (the import stores the Keras buffer unchanged); LSTM kernel
 * (in, 256), recurrent_kernel (64, 256), bias (256) in Keras gate order i, f, c, o, from DL4J's W/RW/b, whose
 * gate blocks are c, f, o, i ({@code KerasLSTM.setWeights}); Dense kernel (in, out) = DL4J W.
 */
public final class KerasH5Writer {

    public static final String KERAS_VERSION = "2.15.0";
    public static final String BACKEND = "tensorflow";
    static final List<String> LAYER_NAMES =
            List.of("conv1d", "max_pooling1d", "dropout", "lstm", "dropout_1", "dense", "dense_1");

    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasH5Writer() {
    }

    /** A Keras weight: its name under the layer group (e.g. {@code lstm_cell/kernel:0}), shape and C-ordered values. */
    record Weight(String name, long[] shape, float[] values) {
    }

    /** The Keras weights of every layer, in layer order (empty lists for the weightless layers). */
    static Map<String, List<Weight>> kerasWeights(MultiLayerNetwork network) {
        Layer[] layers = network.getLayers();
        if (layers.length != LAYER_NAMES.size()) {
            throw new IllegalArgumentException("expected the 7-layer seed CNN-LSTM, got " + layers.length + " layers");
        }
        Map<String, List<Weight>> out = new LinkedHashMap<>();
        for (String name : LAYER_NAMES) {
            out.put(name, new ArrayList<>());
        }
        INDArray convW = layers[0].getParam("W");
        long filters = convW.size(0);
        long channels = convW.size(1);
        long kernel = convW.size(2);
        out.get("conv1d").add(new Weight("kernel:0", new long[] {kernel, channels, filters}, cOrder(convW)));
        out.get("conv1d").add(new Weight("bias:0", new long[] {filters}, cOrder(layers[0].getParam("b"))));

        Layer lstm = layers[3];
        INDArray w = lstm.getParam("W");
        INDArray rw = lstm.getParam("RW");
        INDArray b = lstm.getParam("b").reshape(1, -1);
        out.get("lstm").add(new Weight("lstm_cell/kernel:0", new long[] {w.size(0), w.size(1)}, gatesToKeras(w)));
        out.get("lstm").add(new Weight("lstm_cell/recurrent_kernel:0", new long[] {rw.size(0), rw.size(1)}, gatesToKeras(rw)));
        out.get("lstm").add(new Weight("lstm_cell/bias:0", new long[] {b.size(1)}, gatesToKeras(b)));

        for (int i : new int[] {5, 6}) {
            INDArray kernelW = layers[i].getParam("W");
            out.get(LAYER_NAMES.get(i)).add(new Weight("kernel:0", new long[] {kernelW.size(0), kernelW.size(1)}, cOrder(kernelW)));
            out.get(LAYER_NAMES.get(i)).add(new Weight("bias:0", new long[] {kernelW.size(1)}, cOrder(layers[i].getParam("b"))));
        }
        return out;
    }

    private static float[] cOrder(INDArray array) {
        return array.dup('c').reshape(array.length()).toFloatVector();
    }

    /** DL4J gate blocks (c, f, o, i) along the columns to Keras' (i, f, c, o), C-ordered. */
    private static float[] gatesToKeras(INDArray dl4j) {
        float[][] m = dl4j.toFloatMatrix();
        int rows = m.length;
        int cols = m[0].length;
        int units = cols / 4;
        int[] sourceBlock = {3, 1, 0, 2}; // Keras block k comes from DL4J block sourceBlock[k]
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < 4; k++) {
                System.arraycopy(m[r], sourceBlock[k] * units, out, r * cols + k * units, units);
            }
        }
        return out;
    }

    /** The {@code model_config} JSON of the seed Sequential model, as tf.keras 2.15 writes it. */
    static String modelConfig(int features, int classes) {
        ObjectNode root = JSON.createObjectNode();
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", "sequential");
        ArrayNode layers = config.putArray("layers");

        ObjectNode input = layer(layers, "InputLayer");
        batchInputShape(input, features);
        input.put("dtype", "float32");
        input.put("sparse", false);
        input.put("ragged", false);
        input.put("name", "conv1d_input");

        ObjectNode conv = layer(layers, "Conv1D");
        common(conv, "conv1d");
        batchInputShape(conv, features);
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

        ObjectNode pool = layer(layers, "MaxPooling1D");
        common(pool, "max_pooling1d");
        pool.putArray("strides").add(2);
        pool.putArray("pool_size").add(2);
        pool.put("padding", "valid");
        pool.put("data_format", "channels_last");

        dropout(layer(layers, "Dropout"), "dropout");

        ObjectNode lstm = layer(layers, "LSTM");
        common(lstm, "lstm");
        lstm.put("return_sequences", false);
        lstm.put("return_state", false);
        lstm.put("go_backwards", false);
        lstm.put("stateful", false);
        lstm.put("unroll", false);
        // No time_major (tf.keras 2.15 writes false, its default): Keras 3 refuses the key, and without it Keras 3
        // loads this file as well.
        lstm.put("units", 64);
        lstm.put("activation", "tanh");
        lstm.put("recurrent_activation", "sigmoid");
        lstm.put("use_bias", true);
        lstm.set("kernel_initializer", initializer("GlorotUniform", true));
        ObjectNode orthogonal = initializer("Orthogonal", true);
        ((ObjectNode) orthogonal.get("config")).removeAll().put("gain", 1.0).putNull("seed");
        lstm.set("recurrent_initializer", orthogonal);
        lstm.set("bias_initializer", initializer("Zeros", false));
        lstm.put("unit_forget_bias", true);
        for (String key : new String[] {"kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint"}) {
            lstm.putNull(key);
        }
        lstm.put("dropout", 0.0);
        lstm.put("recurrent_dropout", 0.0);
        lstm.put("implementation", 2);

        dropout(layer(layers, "Dropout"), "dropout_1");

        dense(layer(layers, "Dense"), "dense", 64, "relu");
        dense(layer(layers, "Dense"), "dense_1", classes, "softmax");
        return root.toString();
    }

    /** The {@code training_config} JSON: what tf.keras 2.15 writes for compile(Adam(), sparse_categorical_crossentropy, accuracy). */
    static String trainingConfig(double learningRate) {
        ObjectNode root = JSON.createObjectNode();
        root.put("loss", "sparse_categorical_crossentropy");
        ObjectNode metric = root.putArray("metrics").addArray().addObject();
        metric.put("class_name", "MeanMetricWrapper");
        ObjectNode metricConfig = metric.putObject("config");
        metricConfig.put("name", "accuracy");
        metricConfig.put("dtype", "float32");
        metricConfig.put("fn", "sparse_categorical_accuracy");
        root.putNull("weighted_metrics");
        root.putNull("loss_weights");
        ObjectNode optimizer = root.putObject("optimizer_config");
        optimizer.put("class_name", "Custom>Adam");
        ObjectNode adam = optimizer.putObject("config");
        adam.put("name", "Adam");
        adam.putNull("weight_decay");
        adam.putNull("clipnorm");
        adam.putNull("global_clipnorm");
        adam.putNull("clipvalue");
        adam.put("use_ema", false);
        adam.put("ema_momentum", 0.99);
        adam.putNull("ema_overwrite_frequency");
        adam.put("jit_compile", false);
        adam.put("is_legacy_optimizer", false);
        adam.put("learning_rate", (double) (float) learningRate); // Keras stores the float32 variable's value
        adam.put("beta_1", 0.9);
        adam.put("beta_2", 0.999);
        adam.put("epsilon", 1e-07);
        adam.put("amsgrad", false);
        return root.toString();
    }

    private static ObjectNode layer(ArrayNode layers, String className) {
        ObjectNode layer = layers.addObject();
        layer.put("class_name", className);
        return layer.putObject("config");
    }

    private static void common(ObjectNode config, String name) {
        config.put("name", name);
        config.put("trainable", true);
        config.put("dtype", "float32");
    }

    private static void batchInputShape(ObjectNode config, int features) {
        config.putArray("batch_input_shape").addNull().add(features).add(1);
    }

    private static void dropout(ObjectNode config, String name) {
        common(config, name);
        config.put("rate", 0.3);
        config.putNull("noise_shape");
        config.putNull("seed");
    }

    private static void dense(ObjectNode config, String name, int units, String activation) {
        common(config, name);
        config.put("units", units);
        config.put("activation", activation);
        config.put("use_bias", true);
        kernelAndBias(config);
    }

    /** Writes {@code network} (from {@link CnnLstmTrainer#build}, {@code features} inputs) to {@code file}. */
    static void write(MultiLayerNetwork network, int features, double learningRate, Path file) throws java.io.IOException {
        write(kerasWeights(network), features, learningRate, file);
    }

    /** Writes the seed model with the given Keras weights (as {@link #kerasWeights} gives them). */
    static void write(Map<String, List<Weight>> weights, int features, double learningRate, Path file) throws java.io.IOException {
        List<Weight> output = weights.get("dense_1");
        int classes = (int) output.get(output.size() - 1).shape()[0];
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Loader.load(hdf5.class);
        // HDF5 here is not thread-safe: write under the lock DL4J's reader (Hdf5Archive) takes for its calls, and close
        // (free, with its HDF5 id) every HDF5 object on this thread — one left to the GC would be freed later by
        // JavaCPP's deallocator thread, entering HDF5 concurrently with whatever HDF5 work runs then.
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            H5File h5 = new H5File(file.toString(), hdf5.H5F_ACC_TRUNC);
            // HDF5 keeps a file open while any of its objects is: every group is closed before the file.
            List<Group> opened = new ArrayList<>();
            try {
                Group root = track(opened, h5.openGroup("/"));
                stringAttribute(root, "backend", BACKEND, true);
                stringAttribute(root, "keras_version", KERAS_VERSION, true);
                stringAttribute(root, "model_config", modelConfig(features, classes), false);
                stringAttribute(root, "training_config", trainingConfig(learningRate), false);
                Group modelWeights = track(opened, root.createGroup("model_weights"));
                stringAttribute(modelWeights, "backend", BACKEND, false);
                stringAttribute(modelWeights, "keras_version", KERAS_VERSION, false);
                stringArrayAttribute(modelWeights, "layer_names", LAYER_NAMES);
                for (Map.Entry<String, List<Weight>> layer : weights.entrySet()) {
                    String name = layer.getKey();
                    Group group = track(opened, modelWeights.createGroup(name));
                    if (layer.getValue().isEmpty()) {
                        emptyWeightNames(group);
                    } else {
                        List<String> names = new ArrayList<>();
                        for (Weight weight : layer.getValue()) {
                            names.add(name + "/" + weight.name());
                        }
                        stringArrayAttribute(group, "weight_names", names);
                        Group inner = track(opened, group.createGroup(name));
                        for (Weight weight : layer.getValue()) {
                            Group target = inner;
                            String datasetName = weight.name();
                            int slash = datasetName.indexOf('/');
                            if (slash > 0) {
                                target = track(opened, openOrCreate(inner, datasetName.substring(0, slash)));
                                datasetName = datasetName.substring(slash + 1);
                            }
                            floatDataset(target, datasetName, weight.shape(), weight.values());
                        }
                    }
                }
                emptyWeightNames(track(opened, modelWeights.createGroup("top_level_model_weights")));
            } finally {
                for (int i = opened.size() - 1; i >= 0; i--) {
                    opened.get(i).close();
                }
                h5.close();
            }
        }
    }

    static Group track(List<Group> opened, Group group) {
        opened.add(group);
        return group;
    }

    static Group openOrCreate(Group parent, String name) {
        return parent.nameExists(name) ? parent.openGroup(name) : parent.createGroup(name);
    }

    static void stringAttribute(H5Object target, String name, String value, boolean utf8) {
        StrType type = new StrType(PredType.C_S1(), hdf5.H5T_VARIABLE());
        type.setCset(utf8 ? hdf5.H5T_CSET_UTF8 : hdf5.H5T_CSET_ASCII);
        DataSpace space = new DataSpace(hdf5.H5S_SCALAR);
        Attribute attribute = target.createAttribute(name, type, space);
        try {
            attribute.write(type, value);
        } finally {
            attribute.close();
            space.close();
            type.close();
        }
    }

    private static void stringArrayAttribute(H5Object target, String name, List<String> values) {
        StrType type = new StrType(PredType.C_S1(), hdf5.H5T_VARIABLE());
        DataSpace space = new DataSpace(1, new long[] {values.size()});
        Attribute attribute = target.createAttribute(name, type, space);
        BytePointer[] strings = new BytePointer[values.size()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = new BytePointer(values.get(i), java.nio.charset.StandardCharsets.US_ASCII);
        }
        PointerPointer<BytePointer> pointers = new PointerPointer<>(strings);
        try {
            attribute.write(type, pointers);
        } finally {
            attribute.close();
            space.close();
            type.close();
            pointers.close();
            for (BytePointer s : strings) {
                s.close();
            }
        }
    }

    /** h5py writes an empty {@code weight_names} list as a float64 array of shape (0,). */
    private static void emptyWeightNames(H5Object target) {
        DataSpace space = new DataSpace(1, new long[] {0});
        DataType type = new DataType(PredType.IEEE_F64LE());
        Attribute attribute = target.createAttribute("weight_names", type, space);
        attribute.close();
        type.close();
        space.close();
    }

    static void floatDataset(Group group, String name, long[] shape, float[] values) {
        DataSpace space = new DataSpace(shape.length, shape);
        DataType fileType = new DataType(PredType.IEEE_F32LE());
        DataType memoryType = new DataType(PredType.NATIVE_FLOAT());
        DataSet dataset = group.createDataSet(name, fileType, space);
        FloatPointer data = new FloatPointer(values);
        try {
            dataset.write(data, memoryType);
        } finally {
            data.close();
            dataset.close();
            memoryType.close();
            fileType.close();
            space.close();
        }
    }
}
