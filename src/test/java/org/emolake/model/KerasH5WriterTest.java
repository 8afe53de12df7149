package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.Group;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.emolake.model.ModelBundle;
import org.emolake.model.Prediction;
import org.emolake.training.BundleWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class KerasH5WriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURE = Path.of("src/test/resources/model/numpy-forward");

    private static MultiLayerNetwork network;
    private static float[][] inputs;
    private static double[][] dl4j;

    @BeforeAll
    static void network() {
        network = WriterFixtures.network();
        inputs = WriterFixtures.inputs();
        dl4j = toDouble(network.output(CnnLstmTrainer.input(inputs), false));
    }

    private static double[][] toDouble(INDArray output) {
        float[][] f = output.toFloatMatrix();
        double[][] out = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            out[i] = new double[f[i].length];
            for (int j = 0; j < f[i].length; j++) {
                out[i][j] = f[i][j];
            }
        }
        return out;
    }

    /** expected.json is scripts/keras_forward.py (numpy float64, Keras conventions) on the committed export. */
    @Test
    void independentNumpyForwardPassOfTheExportAgreesWithTheTrainedNetwork() throws Exception {
        JsonNode expected;
        try (InputStream in = Files.newInputStream(FIXTURE.resolve("expected.json"))) {
            expected = JSON.readTree(in);
        }
        assertEquals(inputs.length, expected.size());
        double max = 0;
        for (int i = 0; i < inputs.length; i++) {
            int best = 0;
            for (int k = 0; k < WriterFixtures.CLASSES; k++) {
                max = Math.max(max, Math.abs(expected.get(i).get(k).asDouble() - dl4j[i][k]));
                if (expected.get(i).get(k).asDouble() > expected.get(i).get(best).asDouble()) {
                    best = k;
                }
            }
            assertEquals(best, argmax(dl4j[i]), "row " + i);
        }
        assertTrue(max <= 1e-5, "max |numpy - DL4J| = " + max);
    }

    /** The writer still writes, value for value, the file the numpy expectations were computed from. */
    @Test
    void writerReproducesTheCommittedExport(@TempDir Path dir) throws Exception {
        Path written = dir.resolve("cnn_lstm_model.h5");
        KerasH5Writer.write(network, WriterFixtures.FEATURES, 1e-3, written);
        try (H5Reader a = new H5Reader(written); H5Reader b = new H5Reader(FIXTURE.resolve("cnn_lstm_model.h5"))) {
            for (String path : datasetPaths()) {
                DataSet x = a.file.openDataSet(path);
                DataSet y = b.file.openDataSet(path);
                assertArrayEquals(H5Reader.dims(y), H5Reader.dims(x), path);
                assertArrayEquals(H5Reader.floats(y), H5Reader.floats(x), path);
                x.close();
                y.close();
            }
        }
    }

    private static List<String> datasetPaths() {
        return List.of("/model_weights/conv1d/conv1d/kernel:0", "/model_weights/conv1d/conv1d/bias:0",
                "/model_weights/lstm/lstm/lstm_cell/kernel:0", "/model_weights/lstm/lstm/lstm_cell/recurrent_kernel:0",
                "/model_weights/lstm/lstm/lstm_cell/bias:0", "/model_weights/dense/dense/kernel:0",
                "/model_weights/dense/dense/bias:0", "/model_weights/dense_1/dense_1/kernel:0",
                "/model_weights/dense_1/dense_1/bias:0");
    }

    /** Groups, attributes (type, charset, shape), weight names, dataset shapes and gate order, read back with bytedeco HDF5. */
    @Test
    void layoutIsTheTfKeras2Layout(@TempDir Path dir) throws Exception {
        Path written = dir.resolve("cnn_lstm_model.h5");
        KerasH5Writer.write(network, WriterFixtures.FEATURES, 1e-3, written);
        try (H5Reader h5 = new H5Reader(written)) {
            Group root = h5.file.openGroup("/");
            assertEquals("vlen-string/utf8[-1]", H5Reader.kind(root, "backend"));
            assertEquals("vlen-string/utf8[-1]", H5Reader.kind(root, "keras_version"));
            assertEquals("vlen-string/ascii[-1]", H5Reader.kind(root, "model_config"));
            assertEquals("vlen-string/ascii[-1]", H5Reader.kind(root, "training_config"));
            assertEquals(List.of("tensorflow"), H5Reader.strings(root, "backend"));
            assertEquals(List.of("2.15.0"), H5Reader.strings(root, "keras_version"));
            JsonNode config = JSON.readTree(H5Reader.strings(root, "model_config").get(0));
            assertEquals("Sequential", config.get("class_name").asText());
            JsonNode layers = config.get("config").get("layers");
            assertEquals(8, layers.size());
            assertEquals("[null,110,1]", layers.get(0).get("config").get("batch_input_shape").toString());
            assertEquals(WriterFixtures.CLASSES, layers.get(7).get("config").get("units").asInt());
            assertEquals("LSTM", layers.get(4).get("class_name").asText());
            assertTrue(!layers.get(4).get("config").has("time_major"), "Keras 3 refuses time_major");
            JsonNode training = JSON.readTree(H5Reader.strings(root, "training_config").get(0));
            assertEquals("sparse_categorical_crossentropy", training.get("loss").asText());
            assertEquals(1e-7, training.get("optimizer_config").get("config").get("epsilon").asDouble());

            Group weights = h5.file.openGroup("/model_weights");
            assertEquals("vlen-string/ascii[7]", H5Reader.kind(weights, "layer_names"));
            assertEquals(KerasH5Writer.LAYER_NAMES, H5Reader.strings(weights, "layer_names"));
            assertEquals(List.of("2.15.0"), H5Reader.strings(weights, "keras_version"));
            for (String empty : List.of("max_pooling1d", "dropout", "dropout_1", "top_level_model_weights")) {
                Group g = h5.file.openGroup("/model_weights/" + empty);
                assertEquals("float64[0]", H5Reader.kind(g, "weight_names"), empty);
                assertEquals(0, g.getNumObjs(), empty);
                g.close();
            }
            Group lstm = h5.file.openGroup("/model_weights/lstm");
            assertEquals(List.of("lstm/lstm_cell/kernel:0", "lstm/lstm_cell/recurrent_kernel:0", "lstm/lstm_cell/bias:0"),
                    H5Reader.strings(lstm, "weight_names"));
            Group conv = h5.file.openGroup("/model_weights/conv1d");
            assertEquals(List.of("conv1d/kernel:0", "conv1d/bias:0"), H5Reader.strings(conv, "weight_names"));

            long[][] shapes = {{3, 1, 64}, {64}, {64, 256}, {64, 256}, {256}, {64, 64}, {64}, {64, WriterFixtures.CLASSES},
                    {WriterFixtures.CLASSES}};
            List<String> paths = datasetPaths();
            for (int i = 0; i < paths.size(); i++) {
                DataSet ds = h5.file.openDataSet(paths.get(i));
                assertEquals("float32[" + java.util.Arrays.stream(shapes[i]).reduce(1, (p, q) -> p * q) + "]",
                        H5Reader.kind(ds.asAbstractDs()), paths.get(i));
                assertArrayEquals(shapes[i], H5Reader.dims(ds), paths.get(i));
                ds.close();
            }

            // Keras gate order i, f, c, o from DL4J's c, f, o, i; dense kernels (in, out).
            DataSet kernel = h5.file.openDataSet("/model_weights/lstm/lstm/lstm_cell/kernel:0");
            float[] keras = H5Reader.floats(kernel);
            kernel.close();
            INDArray w = network.getLayer(3).getParam("W");
            int[] dl4jBlockOfKerasBlock = {3, 1, 0, 2};
            for (int r : new int[] {0, 17, 63}) {
                for (int k = 0; k < 4; k++) {
                    for (int u : new int[] {0, 5, 63}) {
                        assertEquals(w.getFloat(r, dl4jBlockOfKerasBlock[k] * 64 + u), keras[r * 256 + k * 64 + u]);
                    }
                }
            }
            DataSet dense = h5.file.openDataSet("/model_weights/dense_1/dense_1/kernel:0");
            float[] denseKeras = H5Reader.floats(dense);
            dense.close();
            assertEquals(network.getLayer(6).getParam("W").getFloat(10, 3), denseKeras[10 * WriterFixtures.CLASSES + 3]);
            lstm.close();
            conv.close();
            weights.close();
            root.close();
        }
    }

    /** Export, then import through ModelBundle (the Keras import path): same outputs to 1e-5. */
    @Test
    void roundTripThroughTheKerasImportGivesTheNetworksOutputs(@TempDir Path dir) throws Exception {
        KerasH5Writer.write(network, WriterFixtures.FEATURES, 1e-3, dir.resolve(ModelBundle.MODEL_FILE));
        double[] zeros = new double[WriterFixtures.FEATURES];
        double[] ones = new double[WriterFixtures.FEATURES];
        java.util.Arrays.fill(ones, 1.0);
        BundleWriter.writeScaler(dir, zeros, ones);
        BundleWriter.writeLabels(dir, List.of("a", "b", "c", "d", "e"));
        ModelBundle bundle = ModelBundle.load(dir);
        double[][] raw = new double[inputs.length][WriterFixtures.FEATURES];
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < WriterFixtures.FEATURES; j++) {
                raw[i][j] = inputs[i][j];
            }
        }
        List<Prediction> predictions = bundle.newScorer().score(raw);
        double max = 0;
        for (int i = 0; i < raw.length; i++) {
            assertTrue(predictions.get(i).isOk());
            double[] p = predictions.get(i).probabilities();
            for (int k = 0; k < p.length; k++) {
                max = Math.max(max, Math.abs(p[k] - dl4j[i][k]));
            }
            assertEquals(argmax(dl4j[i]), argmax(p));
        }
        assertTrue(max <= 1e-5, "max |import - trained| = " + max);
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
