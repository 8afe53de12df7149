package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTest {

    @TempDir
    static Path dir;

    private static ModelBundle bundle;
    private static double[][] inputs;

    @BeforeAll
    static void load() throws ModelException {
        bundle = ModelBundle.load(Fixtures.keras7Bundle(dir));
        inputs = Fixtures.matrix(Fixtures.KERAS7 + "inputs.json");
    }

    @Test
    void badRowsGetRowErrorsAndTheRestOfTheBatchIsScored() {
        List<double[]> rows = new ArrayList<>(Arrays.asList(inputs));
        double[] nan = inputs[3].clone();
        nan[5] = Double.NaN;
        double[] infinite = inputs[4].clone();
        infinite[109] = Double.NEGATIVE_INFINITY;
        double[] tooLarge = inputs[6].clone();
        tooLarge[0] = 1e300;
        rows.set(3, nan);
        rows.set(4, infinite);
        rows.set(5, Arrays.copyOf(inputs[5], 109));
        rows.set(6, tooLarge);
        rows.set(7, null);

        List<Prediction> predictions = bundle.newScorer().score(rows);

        assertError(predictions.get(3), Prediction.ErrorCode.NON_FINITE_FEATURE, "feature 5 is NaN");
        assertError(predictions.get(4), Prediction.ErrorCode.NON_FINITE_FEATURE, "feature 109 is -Infinity");
        assertError(predictions.get(5), Prediction.ErrorCode.WRONG_FEATURE_COUNT, "row has 109 features, the model takes 110");
        assertError(predictions.get(6), Prediction.ErrorCode.FEATURE_OUT_OF_RANGE, "feature 0 = 1.0E300");
        assertError(predictions.get(7), Prediction.ErrorCode.WRONG_FEATURE_COUNT, "row has no features");
        double[][] expected = Fixtures.matrix(Fixtures.KERAS7 + "expected.json");
        for (int row : new int[] {0, 1, 2, 8, 63}) {
            assertArrayEquals(expected[row], predictions.get(row).probabilities(), KerasGoldenTest.TOLERANCE);
        }
        assertThrows(IllegalStateException.class, () -> predictions.get(3).probabilities());
        assertThrows(IllegalStateException.class, () -> predictions.get(0).errorCode());
    }

    private static void assertError(Prediction prediction, Prediction.ErrorCode code, String messageStart) {
        assertFalse(prediction.isOk());
        assertEquals(code, prediction.errorCode());
        assertTrue(prediction.errorMessage().startsWith(messageStart), prediction.errorMessage());
    }

    @Test
    void batchesLargerThanOneNetworkCallAndEmptyInput() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < Scorer.BATCH_ROWS * 2 + 7; i++) {
            rows.add(inputs[i % inputs.length]);
        }
        List<Prediction> predictions = bundle.newScorer().score(rows);
        double[][] expected = Fixtures.matrix(Fixtures.KERAS7 + "expected.json");
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(expected[i % inputs.length], predictions.get(i).probabilities(), KerasGoldenTest.TOLERANCE);
        }
        assertEquals(List.of(), bundle.newScorer().score(List.of()));
    }

    @Test
    void concurrentScorersGiveTheSingleThreadedResults() throws Exception {
        List<Prediction> reference = bundle.newScorer().score(inputs);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<List<Prediction>>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    Scorer scorer = bundle.newScorer();
                    List<List<Prediction>> runs = new ArrayList<>();
                    for (int run = 0; run < 20; run++) {
                        runs.add(scorer.score(inputs));
                    }
                    return runs;
                }));
            }
            for (Future<List<List<Prediction>>> future : futures) {
                for (List<Prediction> run : future.get()) {
                    for (int row = 0; row < inputs.length; row++) {
                        assertArrayEquals(reference.get(row).probabilities(), run.get(row).probabilities(), 0.0);
                        assertEquals(reference.get(row).label(), run.get(row).label());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aScorerSharedBetweenThreadsIsRefusedNotCorrupted() throws Exception {
        Scorer shared = bundle.newScorer();
        List<double[]> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.addAll(Arrays.asList(inputs));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                futures.add(pool.submit(() -> {
                    for (int run = 0; run < 10; run++) {
                        shared.score(many);
                    }
                }));
            }
            int refused = 0;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
                    refused++;
                }
            }
            assertTrue(refused > 0, "two threads scored on one network at the same time");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fromBytesGivesTheSameBundleAsLoad() throws Exception {
        Map<String, byte[]> artifacts = ModelBundle.readArtifacts(dir);
        ModelBundle rebuilt = ModelBundle.fromBytes(artifacts);
        assertEquals(bundle.labels(), rebuilt.labels());
        assertEquals(bundle.sha256(), rebuilt.sha256());
        List<Prediction> a = bundle.newScorer().score(inputs);
        List<Prediction> b = rebuilt.newScorer().score(inputs);
        for (int row = 0; row < inputs.length; row++) {
            assertArrayEquals(a.get(row).probabilities(), b.get(row).probabilities(), 0.0);
        }
    }

    @Test
    void sharedBuildsOncePerContent() throws Exception {
        Map<String, byte[]> artifacts = ModelBundle.readArtifacts(dir);
        ModelBundle first = ModelBundle.shared(artifacts);
        assertSame(first, ModelBundle.shared(ModelBundle.readArtifacts(dir)));
        Map<String, byte[]> relabelled = new java.util.HashMap<>(artifacts);
        relabelled.put(ModelBundle.LABELS_JSON,
                "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]".getBytes());
        assertNotSame(first, ModelBundle.shared(relabelled));
    }

    @Test
    void describesArtifactsLayersAndScaler() throws Exception {
        byte[] h5 = Fixtures.bytes(Fixtures.KERAS7 + "model.h5");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(h5));
        assertEquals(sha, bundle.sha256());
        assertEquals(sha, bundle.artifactSha256().get(ModelBundle.MODEL_FILE));
        assertEquals(List.of(ModelBundle.MODEL_FILE, ModelBundle.LABELS_JSON, ModelBundle.SCALER_JSON),
                List.copyOf(bundle.artifactSha256().keySet()));

        List<LayerInfo> layers = bundle.layers();
        assertEquals(List.of("conv1d", "max_pooling1d", "dropout", "lstm", "dropout_1", "dense", "dense_1"),
                layers.stream().map(LayerInfo::name).toList());
        assertEquals(List.of(1L, 7L), layers.get(layers.size() - 1).outputShape());
        // Keras param counts: conv 3*1*64+64, LSTM 4*(64*64+64*64+64), dense 64*64+64, dense_1 64*7+7
        assertEquals(List.of(256L, 0L, 0L, 33024L, 0L, 4160L, 455L),
                layers.stream().map(LayerInfo::parameters).toList());

        ScalerSummary scaler = bundle.scalerSummary();
        assertEquals(110, scaler.features());
        assertEquals(0.0, scaler.meanMin(), 0.0);
        assertEquals(1.0, scaler.scaleMax(), 0.0);
        assertEquals("v1", bundle.metadata().featureSet());
        assertEquals(110, bundle.featureCount());
    }
}
