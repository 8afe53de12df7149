package org.emolake.model;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores raw (unscaled) feature rows with one bundle. Holds its own copy of the network, so it is
 * cheap to keep and must not be shared: create one per thread with {@link ModelBundle#newScorer()}.
 */
public final class Scorer {

    /** Rows per network call; larger batches stopped paying off in the benchmark (docs/MODEL_BUNDLE.md). */
    static final int BATCH_ROWS = 256;

    private final KerasNetwork network;
    private final StandardScaler scaler;
    private final List<String> labels;
    private final int features;
    private final float[] batch;
    private final AtomicBoolean busy = new AtomicBoolean();

    Scorer(KerasNetwork network, StandardScaler scaler, List<String> labels) {
        this.network = network;
        this.scaler = scaler;
        this.labels = labels;
        this.features = scaler.size();
        this.batch = new float[BATCH_ROWS * features];
    }

    public List<Prediction> score(double[][] rawFeatureRows) {
        return score(Arrays.asList(rawFeatureRows));
    }

    /** One prediction per row, in row order; bad rows get an error prediction instead of failing the call. */
    public List<Prediction> score(List<double[]> rawFeatureRows) {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("Scorer used by two threads at once; call ModelBundle.newScorer() per thread");
        }
        try {
            Prediction[] results = new Prediction[rawFeatureRows.size()];
            int[] pending = new int[BATCH_ROWS];
            int filled = 0;
            for (int row = 0; row < results.length; row++) {
                results[row] = scaleInto(rawFeatureRows.get(row), filled);
                if (results[row] == null) {
                    pending[filled++] = row;
                    if (filled == BATCH_ROWS) {
                        run(pending, filled, results);
                        filled = 0;
                    }
                }
            }
            if (filled > 0) {
                run(pending, filled, results);
            }
            return List.of(results);
        } finally {
            busy.set(false);
        }
    }

    /** Writes the scaled row into batch slot {@code slot}; returns an error prediction if it cannot be scored. */
    private Prediction scaleInto(double[] raw, int slot) {
        if (raw == null || raw.length != features) {
            return Prediction.error(Prediction.ErrorCode.WRONG_FEATURE_COUNT,
                    "row has " + (raw == null ? "no" : raw.length) + " features, the model takes " + features);
        }
        int offset = slot * features;
        for (int i = 0; i < features; i++) {
            if (!Double.isFinite(raw[i])) {
                return Prediction.error(Prediction.ErrorCode.NON_FINITE_FEATURE, "feature " + i + " is " + raw[i]);
            }
            float scaled = (float) scaler.transform(raw[i], i);
            if (!Float.isFinite(scaled)) {
                return Prediction.error(Prediction.ErrorCode.FEATURE_OUT_OF_RANGE,
                        "feature " + i + " = " + raw[i] + " scales beyond the float32 range");
            }
            batch[offset + i] = scaled;
        }
        return null;
    }

    private void run(int[] rows, int count, Prediction[] results) {
        float[] data = count == BATCH_ROWS ? batch : Arrays.copyOf(batch, count * features);
        INDArray input = Nd4j.create(data, new long[] {count, features, 1}, 'c');
        float[][] output = network.output(input).toFloatMatrix();
        for (int i = 0; i < count; i++) {
            results[rows[i]] = prediction(output[i]);
        }
    }

    private Prediction prediction(float[] output) {
        double[] probabilities = new double[output.length];
        int best = 0;
        for (int k = 0; k < output.length; k++) {
            if (!Float.isFinite(output[k])) {
                return Prediction.error(Prediction.ErrorCode.NON_FINITE_OUTPUT,
                        "the network produced " + output[k] + " for " + labels.get(k));
            }
            probabilities[k] = output[k];
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return Prediction.ok(probabilities, labels.get(best), probabilities[best]);
    }
}
