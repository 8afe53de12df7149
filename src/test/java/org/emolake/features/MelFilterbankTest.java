package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

class MelFilterbankTest {
    private static final JsonNode PRIMITIVES = Golden.primitives();

    @Test
    void fftFrequenciesEqualNumpyRfftfreq() {
        double[] expected = Golden.doubles(PRIMITIVES.get("fft_frequencies").get("values"));
        double[] actual = MelFilterbank.fftFrequencies(22050, 2048);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 0.0, "bin " + k);
        }
        assertEquals(expected.length, actual.length);
    }

    @Test
    void melFrequenciesEqualLibrosaSlaneyScale() {
        double[] expected = Golden.doubles(PRIMITIVES.get("mel_frequencies").get("values"));
        double[] actual = MelFilterbank.librosaDefault().melFrequencies();
        // Math.exp/log against numpy's: at most an ulp or two of float64
        Tolerance.assertArrayClose("mel_frequencies", expected, actual, 1e-15);
    }

    @Test
    void float32FilterbankEqualsLibrosaToTheBit() {
        double[][] expected = Golden.matrix(PRIMITIVES.get("mel_filterbank").get("values"));
        MelFilterbank fb = MelFilterbank.librosaDefault();
        assertEquals(128, expected.length);
        assertEquals(128, fb.mels());
        assertEquals(1025, fb.bins());
        for (int m = 0; m < 128; m++) {
            for (int k = 0; k < 1025; k++) {
                assertEquals((float) expected[m][k], fb.weight(m, k), 0f, "mel " + m + ", bin " + k);
            }
        }
    }

    @Test
    void float64FilterbankEqualsLibrosa() {
        double[][] expected = Golden.matrix(PRIMITIVES.get("mel_filterbank").get("values_float64"));
        double[][] actual = MelFilterbank.librosaDefault().weightsFloat64();
        Tolerance.assertMatrixClose("mel_filterbank float64", expected, actual, 1e-15);
    }

    @Test
    void defaultIsBuiltOnce() {
        assertSame(MelFilterbank.librosaDefault(), MelFilterbank.librosaDefault());
        assertSame(MelFilterbank.librosaDefault(), Mfcc.librosaDefault().melspectrogram().filterbank());
    }
}
