package org.emolake.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.emolake.features.FeatureSet;

/**
 * A 110-value feature vector against the librosa 0.10.2 golden vector of a clip, with the summary tolerances of
 * docs/PARITY.md: scaled error 1e-5 per value (1e-3 for tonnetz and for every value of a resampled clip); spectral
 * rolloff's mean within 1e-3 and its std within 1e-2, relative (a frame may move by one FFT bin).
 */
public final class GoldenFeatures {
    private GoldenFeatures() {
    }

    /** Fails naming the clip, the feature and both values of the first value out of tolerance. */
    public static void assertMatches(String clip, double[] actual) {
        JsonNode golden = Golden.json(clip);
        boolean resampled = golden.get("source").get("sample_rate").asInt() != FeatureSet.SAMPLE_RATE;
        assertMatches(clip, Golden.doubles(golden.get("features")), actual, resampled);
    }

    /**
     * The same against any librosa vector (a segment's, for instance); {@code resampled}: whether the audio was
     * resampled to 22050 Hz on loading.
     */
    public static void assertMatches(String clip, double[] expected, double[] actual, boolean resampled) {
        List<String> names = FeatureSet.names();
        assertEquals(FeatureSet.SIZE, actual.length, clip + ": feature count");
        for (int i = 0; i < expected.length; i++) {
            String name = names.get(i);
            double error;
            double tolerance;
            if (name.startsWith("rolloff_")) {
                error = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-12);
                tolerance = name.equals("rolloff_mean") ? 1e-3 : 1e-2;
            } else {
                error = Tolerance.scaledError(actual[i], expected[i]);
                tolerance = resampled || name.startsWith("tonnetz_") ? 1e-3 : 1e-5;
            }
            if (!(error <= tolerance)) {
                fail(String.format("%s %s: java %.9g, librosa %.9g, error %.3g > %.3g", clip, name, actual[i],
                        expected[i], error, tolerance));
            }
        }
    }
}
