package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChromaFilterbankTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0", "-0.1", "0.25"})
    void chromaFilterbankEqualsLibrosa(String tuning) {
        JsonNode golden = Golden.primitives().get("chroma_filterbank").get("by_tuning").get(tuning);
        double[][] expected = Golden.matrix(golden.get("values"));
        ChromaFilterbank fb = ChromaFilterbank.forTuning(Double.parseDouble(tuning));
        double[][] actual = new double[ChromaFilterbank.N_CHROMA][ChromaFilterbank.BINS];
        for (int c = 0; c < actual.length; c++) {
            for (int k = 0; k < actual[c].length; k++) {
                actual[c][k] = fb.weight(c, k);
            }
        }
        double error = Tolerance.assertMatrixClose("filters.chroma tuning=" + tuning, expected, actual, 1e-7);
        System.out.printf("chroma filterbank tuning=%s: max scaled error %.3g%n", tuning, error);
    }

    @Test
    void filterbankOfEveryTuningPitchTuningCanReturnIsBuiltOnce() {
        for (int i = 0; i < PitchTuning.HISTOGRAM_BINS; i++) {
            double tuning = PitchTuning.edge(i);
            assertSame(ChromaFilterbank.forTuning(tuning), ChromaFilterbank.forTuning(tuning), "tuning " + tuning);
        }
    }

    @Test
    void tuningsOffTheHistogramAreBuiltPerCall() {
        // -0.1 is not a histogram edge (edge 40 is -0.09999999999999998): correct, but not cached.
        assertNotSame(ChromaFilterbank.forTuning(-0.1), ChromaFilterbank.forTuning(-0.1));
    }
}
