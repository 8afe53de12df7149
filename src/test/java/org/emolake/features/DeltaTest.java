package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class DeltaTest {
    private static final JsonNode CASES = Golden.primitives().get("delta");

    @Test
    void firstOrderEqualsLibrosa() {
        Tolerance.assertMatrixClose("delta order 1", Golden.matrix(CASES.get("order1")),
                Delta.librosaDefault().apply(Golden.matrix(CASES.get("input"))), 1e-15);
    }

    @Test
    void secondOrderEqualsLibrosa() {
        Tolerance.assertMatrixClose("delta order 2", Golden.matrix(CASES.get("order2")),
                new Delta(9, 2).apply(Golden.matrix(CASES.get("input"))), 1e-15);
    }

    @Test
    void exactlyWidthFramesEqualsLibrosa() {
        Tolerance.assertMatrixClose("delta order 1, 9 columns", Golden.matrix(CASES.get("order1_9cols")),
                Delta.librosaDefault().apply(Golden.matrix(CASES.get("input_9cols"))), 1e-15);
    }

    @Test
    void fewerFramesThanWidthIsTooShortAsInLibrosa() {
        TooFewFramesException e = assertThrows(TooFewFramesException.class,
                () -> Delta.librosaDefault().apply(new float[13][8]));
        assertEquals(8, e.frames());
        assertEquals(9, e.required());
        assertEquals(9, Delta.librosaDefault().minFrames());
    }

    static final java.util.List<String> CLIPS = SpectralClips.ALL;

    /**
     * Delta alone, on librosa's own float32 MFCCs, equals librosa's mfcc_delta to the bit, except where the exact
     * least-squares edge slope is a float32 rounding tie, which numpy's SVD-based polyfit breaks by its own float64
     * rounding (one value of the 728 edge values here, 1 ulp) and near-zero values of silence (~1e-13).
     */
    @ParameterizedTest
    @FieldSource("CLIPS")
    void deltaOfLibrosaMfccEqualsLibrosaMfccDelta(String clip) {
        double[][] mfcc = SpectralClips.expected(clip, "mfcc");
        double[][] expected = SpectralClips.expected(clip, "mfcc_delta");
        float[][] in = new float[mfcc.length][];
        for (int r = 0; r < in.length; r++) {
            in[r] = new float[mfcc[r].length];
            for (int t = 0; t < in[r].length; t++) {
                in[r][t] = (float) mfcc[r][t];
            }
        }
        if (expected == null) {
            assertThrows(TooFewFramesException.class, () -> Delta.librosaDefault().apply(in));
            return;
        }
        Tolerance.assertMatrixClose(clip + " delta of librosa mfcc", expected,
                SpectralClips.widen(Delta.librosaDefault().apply(in)), 2.5e-7);
    }
}
