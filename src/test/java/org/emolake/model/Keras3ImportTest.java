package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Genuine Keras 3 files written by TensorFlow's own Keras (keras3-cnn-lstm-6 from the reference fixtures, the others
 * from scripts/make_keras3_fixtures.py) give TensorFlow's probabilities, as .h5 and as .keras.
 */
class Keras3ImportTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "keras3-cnn-lstm-6, model.h5, cnn_lstm_model.h5, 6",
            "keras3-cnn-lstm-6, model.keras, cnn_lstm_model.keras, 6",
            "keras3-functional-4, model.h5, cnn_lstm_model.h5, 4",
            "keras3-functional-4, model.keras, cnn_lstm_model.keras, 4",
            "keras3-sequential-9, model.h5, cnn_lstm_model.h5, 9",
            "keras3-sequential-9, model.keras, cnn_lstm_model.keras, 9",
    })
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void reproducesTensorFlowProbabilities(String fixture, String file, String bundleName, int classes) throws Exception {
        ModelBundle bundle = ModelBundle.load(bundle(fixture, file, bundleName));
        assertEquals(classes, bundle.labels().size());
        assertEquals(bundleName, bundle.modelFile());
        assertTrue(bundle.modelFormat().startsWith("Keras 3."), bundle.modelFormat());
        assertTrue(bundle.modelFormat().endsWith(file.endsWith(".keras") ? ".keras archive" : "HDF5"), bundle.modelFormat());
        assertEquals(KerasGoldenTest.TUNED, bundle.inferencePath());
        List<Prediction> predictions = bundle.newScorer().score(Fixtures.matrix(fixture + "/inputs.json"));
        KerasGoldenTest.assertMatches(Fixtures.matrix(fixture + "/expected.json"), bundle.labels(), predictions);
    }

    /** Other architectures of layers DL4J imports, from scripts/make_keras3_fixtures.py. */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "batchnorm-flatten-5, model.h5", "batchnorm-flatten-5, model.keras",
            "stacked-lstm-3, model.h5", "stacked-lstm-3, model.keras",
            "global-pool-no-bias-7, model.h5", "global-pool-no-bias-7, model.keras",
            "functional-branches-6, model.h5", "functional-branches-6, model.keras",
            "simple-rnn-2, model.h5", "simple-rnn-2, model.keras",
    })
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void otherArchitecturesReproduceTensorFlow(String variant, String file) throws Exception {
        String fixture = "keras3-variants/" + variant;
        ModelBundle bundle = ModelBundle.load(bundle(fixture, file, "cnn_lstm_model" + file.substring(file.indexOf('.'))));
        KerasGoldenTest.assertMatches(Fixtures.matrix(fixture + "/expected.json"), bundle.labels(),
                bundle.newScorer().score(Fixtures.matrix(fixture + "/inputs.json")));
    }

    /** The network as imported (no inference tuning) gives the same probabilities. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"keras3-cnn-lstm-6, model.keras", "keras3-functional-4, model.h5"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void untunedNetworkReproducesTensorFlowToo(String fixture, String file) throws Exception {
        System.setProperty(ModelBundle.TUNING_PROPERTY, "off");
        try {
            ModelBundle bundle = ModelBundle.load(bundle(fixture, file, "cnn_lstm_model" + file.substring(file.indexOf('.'))));
            assertEquals("as imported", bundle.inferencePath());
            KerasGoldenTest.assertMatches(Fixtures.matrix(fixture + "/expected.json"), bundle.labels(),
                    bundle.newScorer().score(Fixtures.matrix(fixture + "/inputs.json")));
        } finally {
            System.clearProperty(ModelBundle.TUNING_PROPERTY);
        }
    }

    /** Bytes, as on a Spark executor: the .keras archive is recognised by content, not by name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"cnn_lstm_model.keras", "cnn_lstm_model.h5"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void archiveFromBytes(String bundleName) throws Exception {
        ModelBundle bundle = ModelBundle.fromBytes(Map.of(
                bundleName, Fixtures.bytes("keras3-cnn-lstm-6/model.keras"),
                ModelBundle.LABELS_JSON, Fixtures.bytes("keras3-cnn-lstm-6/labels.json"),
                ModelBundle.SCALER_JSON, Fixtures.identityScalerJson(110).getBytes()));
        assertTrue(bundle.modelFormat().endsWith(".keras archive"), bundle.modelFormat());
        KerasGoldenTest.assertMatches(Fixtures.matrix("keras3-cnn-lstm-6/expected.json"), bundle.labels(),
                bundle.newScorer().score(Fixtures.matrix("keras3-cnn-lstm-6/inputs.json")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "keras3-unsupported/mixed_float16.keras | cnn_lstm_model.keras | dtype policy mixed_float16",
            "keras3-unsupported/masking.keras | cnn_lstm_model.keras | layer masking (Masking) masks its input",
            "keras3-unsupported/custom_layer.keras | cnn_lstm_model.keras | custom object emolake_tests>Scale",
            "keras3-unsupported/layer_norm.h5 | cnn_lstm_model.h5 | DL4J cannot import this Keras model",
            "keras3-variants/gru-4/model.keras | cnn_lstm_model.keras | Unsupported keras layer type GRU",
            "keras3-variants/bidirectional-3/model.h5 | cnn_lstm_model.h5 | layer bidirectional (Bidirectional) is not supported",
    })
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void unsupportedKeras3FeaturesAreNamed(String file, String bundleName, String reason) {
        Fixtures.write(dir, bundleName, Fixtures.bytes(file));
        Fixtures.write(dir, ModelBundle.LABELS_JSON, "[\"a\", \"b\", \"c\"]".getBytes());
        Fixtures.write(dir, ModelBundle.SCALER_JSON, Fixtures.identityScalerJson(110).getBytes());
        ModelException e = assertThrows(ModelException.class, () -> ModelBundle.load(dir));
        assertEquals(ModelException.Code.UNSUPPORTED_MODEL, e.code(), e.getMessage());
        assertEquals(dir.resolve(bundleName).toString(), e.file());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("Cannot load " + dir.resolve(bundleName)), e.getMessage());
    }

    private Path bundle(String fixture, String file, String bundleName) {
        Fixtures.write(dir, bundleName, Fixtures.bytes(fixture + "/" + file));
        Fixtures.write(dir, ModelBundle.LABELS_JSON, Fixtures.bytes(fixture + "/labels.json"));
        Fixtures.write(dir, ModelBundle.SCALER_JSON, Fixtures.identityScalerJson(110).getBytes());
        return dir;
    }
}
