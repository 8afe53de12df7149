package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fixture model must give the probabilities an independent Keras implementation gave. */
class KerasGoldenTest {

    static final double TOLERANCE = 1e-5;
    /** The goldens are checked on the tuned inference path the scorers use, not on a fallback. */
    static final String TUNED = "channels-first, native LSTM";

    @TempDir
    Path dir;

    /** A plain KerasModelImport hangs in the Orthogonal initializer's SVD; the timeout catches a regression. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void identityScalerReproducesKerasProbabilities() throws Exception {
        ModelBundle bundle = ModelBundle.load(Fixtures.keras7Bundle(dir));
        assertEquals(TUNED, bundle.inferencePath());
        List<Prediction> predictions = bundle.newScorer().score(Fixtures.matrix(Fixtures.KERAS7 + "inputs.json"));
        assertMatchesExpected(bundle.labels(), predictions);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void realSklearnScalerOnRawFeaturesReproducesKerasProbabilities() throws Exception {
        ModelBundle bundle = ModelBundle.load(Fixtures.keras7PickleBundle(dir));
        assertEquals(TUNED, bundle.inferencePath());
        List<Prediction> predictions = bundle.newScorer().score(Fixtures.matrix(Fixtures.KERAS7 + "raw_inputs.json"));
        assertMatchesExpected(bundle.labels(), predictions);
    }

    /** A functional-API model with 8 classes, its own weights and a real sklearn scaler.pkl. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void functionalEightClassModelMatchesIndependentForwardPass() throws Exception {
        for (String name : List.of(ModelBundle.MODEL_FILE, ModelBundle.LABELS_JSON, ModelBundle.SCALER_PICKLE)) {
            Fixtures.write(dir, name, Fixtures.bytes("functional-8/" + name));
        }
        ModelBundle bundle = ModelBundle.load(dir);
        assertEquals(8, bundle.labels().size());
        assertEquals(TUNED, bundle.inferencePath());
        List<Prediction> predictions = bundle.newScorer().score(Fixtures.matrix("functional-8/raw_inputs.json"));
        assertMatches(Fixtures.matrix("functional-8/expected.json"), bundle.labels(), predictions);
    }

    static void assertMatchesExpected(List<String> labels, List<Prediction> predictions) {
        assertEquals(List.of("angry", "disgust", "fearful", "happy", "neutral", "sad", "surprised"), labels);
        assertMatches(Fixtures.matrix(Fixtures.KERAS7 + "expected.json"), labels, predictions);
    }

    static void assertMatches(double[][] expected, List<String> labels, List<Prediction> predictions) {
        assertEquals(expected.length, predictions.size());
        for (int row = 0; row < expected.length; row++) {
            Prediction prediction = predictions.get(row);
            assertTrue(prediction.isOk(), () -> prediction.toString());
            double[] actual = prediction.probabilities();
            int argmax = 0;
            for (int k = 0; k < expected[row].length; k++) {
                final int r = row;
                final int c = k;
                assertEquals(expected[row][k], actual[k], TOLERANCE, () -> "row " + r + " class " + c);
                if (expected[row][k] > expected[row][argmax]) {
                    argmax = k;
                }
            }
            assertEquals(labels.get(argmax), prediction.label(), "row " + row);
            assertEquals(actual[argmax], prediction.confidence(), 0.0);
        }
    }
}
