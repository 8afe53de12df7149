package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.emolake.model.ModelBundle;
import org.emolake.model.Prediction;
import org.emolake.training.BundleWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .keras export: Keras 3's layout (compared with a genuine Keras 3.15 archive), and read back by emolake's
 * Keras 3 import it gives the trained network's outputs. That TensorFlow 2.21 loads it too is checked outside the
 * build by scripts/check_keras3_export.py (docs/MODEL_BUNDLE.md).
 */
class Keras3ArchiveWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void archiveImportsToTheTrainedNetworksOutputs() throws Exception {
        MultiLayerNetwork network = WriterFixtures.network();
        float[][] inputs = WriterFixtures.inputs();
        float[][] trained = network.output(CnnLstmTrainer.input(inputs), false).toFloatMatrix();
        Keras3ArchiveWriter.write(network, WriterFixtures.FEATURES, dir.resolve(ModelBundle.MODEL_ARCHIVE));
        double[] ones = new double[WriterFixtures.FEATURES];
        Arrays.fill(ones, 1.0);
        BundleWriter.writeScaler(dir, new double[WriterFixtures.FEATURES], ones);
        BundleWriter.writeLabels(dir, List.of("a", "b", "c", "d", "e"));
        ModelBundle bundle = ModelBundle.load(dir);
        assertEquals(ModelBundle.MODEL_ARCHIVE, bundle.modelFile());
        assertEquals("Keras " + Keras3ArchiveWriter.KERAS_VERSION + ", .keras archive", bundle.modelFormat());
        double[][] raw = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            raw[i] = new double[inputs[i].length];
            for (int j = 0; j < inputs[i].length; j++) {
                raw[i][j] = inputs[i][j];
            }
        }
        List<Prediction> predictions = bundle.newScorer().score(raw);
        double max = 0;
        for (int i = 0; i < raw.length; i++) {
            double[] p = predictions.get(i).probabilities();
            for (int k = 0; k < p.length; k++) {
                max = Math.max(max, Math.abs(p[k] - trained[i][k]));
            }
        }
        assertTrue(max <= 1e-5, "max |import - trained| = " + max);
    }

    /** Same entries, same config keys per layer and the same weight paths and shapes as Keras 3.15.1's own archive. */
    @Test
    void layoutMatchesAGenuineKeras3Archive() throws Exception {
        Path written = dir.resolve("written.keras");
        Keras3ArchiveWriter.write(WriterFixtures.network(), WriterFixtures.FEATURES, written);
        Path genuine = Path.of("src/test/resources/model/keras3-cnn-lstm-6/model.keras");
        JsonNode ours = config(written);
        JsonNode theirs = config(genuine);
        assertEquals(theirs.path("config").path("layers").size(), ours.path("config").path("layers").size());
        for (int i = 0; i < theirs.path("config").path("layers").size(); i++) {
            JsonNode a = theirs.path("config").path("layers").get(i);
            JsonNode b = ours.path("config").path("layers").get(i);
            assertEquals(a.path("class_name"), b.path("class_name"));
            assertEquals(a.path("module"), b.path("module"));
            assertEquals(a.path("build_config"), b.path("build_config"), "layer " + i);
            List<String> theirKeys = keys(a.path("config"));
            List<String> ourKeys = keys(b.path("config"));
            theirKeys.remove("quantization_config"); // Dense option added after the seed's Keras 3 versions
            assertEquals(theirKeys, ourKeys, "config keys of layer " + i);
            assertEquals(a.path("config").path("name"), b.path("config").path("name"));
            assertEquals(a.path("config").path("dtype").path("config"), b.path("config").path("dtype").path("config"));
        }
        assertEquals(theirs.path("build_config"), ours.path("build_config"));
        Map<String, List<KerasH5Writer.Weight>> weights = KerasH5Writer.kerasWeights(WriterFixtures.network());
        try (Hdf5Archive a = new Hdf5Archive(weightsFile(genuine, "genuine").toString());
             Hdf5Archive b = new Hdf5Archive(weightsFile(written, "ours").toString())) {
            for (String path : List.of("layers/conv1d/vars/0", "layers/conv1d/vars/1", "layers/lstm/cell/vars/0",
                    "layers/lstm/cell/vars/1", "layers/lstm/cell/vars/2", "layers/dense/vars/0", "layers/dense/vars/1")) {
                String[] parts = path.split("/");
                String[] groups = Arrays.copyOf(parts, parts.length - 1);
                assertArrayEquals(a.readDataSet(parts[parts.length - 1], groups).shape(),
                        b.readDataSet(parts[parts.length - 1], groups).shape(), path);
            }
            assertEquals(a.getGroups("layers"), b.getGroups("layers"));
            assertEquals(a.readAttributeAsString("name", "layers", "lstm", "cell", "vars"),
                    b.readAttributeAsString("name", "layers", "lstm", "cell", "vars"));
        }
        assertEquals(7, weights.size());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        return keys;
    }

    private static JsonNode config(Path archive) throws Exception {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return JSON.readTree(zip.getInputStream(zip.getEntry("config.json")));
        }
    }

    private Path weightsFile(Path archive, String name) throws Exception {
        Path out = dir.resolve(name + ".weights.h5");
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Files.write(out, zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes());
        }
        return out;
    }
}
