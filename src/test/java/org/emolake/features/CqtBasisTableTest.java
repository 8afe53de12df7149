package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The build-time table of CQT bases against the computation it was made from. */
class CqtBasisTableTest {

    @Test
    void everyStoredTuningEqualsItsComputedBasesBitForBit() {
        for (int index = 0; index < PitchTuning.HISTOGRAM_BINS; index++) {
            double tuning = PitchTuning.edge(index);
            Cqt computed = Cqt.computed(tuning);
            CqtOctaveBasis[] stored = CqtBasisTable.read(tuning, computed.frequencies(), computed.alpha());
            assertNotNull(stored, "no stored bases for tuning " + tuning + " (the build's process-classes step)");
            for (int i = 0; i < Cqt.N_OCTAVES; i++) {
                assertSameBasis(computed.octave(i), stored[i], "tuning " + tuning + ", octave " + i);
            }
        }
    }

    @Test
    void forTuningUsesTheTableAndAgreesWithTheComputation() {
        double tuning = PitchTuning.edge(37);
        Cqt cqt = Cqt.forTuning(tuning);
        Cqt computed = Cqt.computed(tuning);
        for (int i = 0; i < Cqt.N_OCTAVES; i++) {
            assertSameBasis(computed.octave(i), cqt.octave(i), "octave " + i);
            assertSame(computed.octave(i).spectra, cqt.octave(i).spectra, "shared spectra of octave " + i);
        }
    }

    @Test
    void aTuningOutsideTheHistogramEdgesIsComputed() {
        assertEquals(-1, CqtBasisTable.edgeIndex(0.123));
        assertEquals(-1, CqtBasisTable.edgeIndex(Math.nextUp(PitchTuning.edge(10))));
        assertEquals(-1, CqtBasisTable.edgeIndex(0.5), "the last edge is never an estimated tuning");
        assertEquals(50, CqtBasisTable.edgeIndex(0.0));
        assertNull(CqtBasisTable.read(0.123, new double[Cqt.N_BINS], new double[Cqt.N_BINS]));
    }

    @Test
    void encodingThenDecodingGivesTheSameBases() {
        Cqt computed = Cqt.computed(0.123);
        CqtOctaveBasis[] decoded = CqtBasisTable.decode(CqtBasisTable.encode(computed), 0.123,
                computed.frequencies(), computed.alpha(), "round trip");
        for (int i = 0; i < Cqt.N_OCTAVES; i++) {
            assertSameBasis(computed.octave(i), decoded[i], "octave " + i);
        }
        assertThrows(IllegalStateException.class, () -> CqtBasisTable.decode(CqtBasisTable.encode(computed), 0.25,
                computed.frequencies(), computed.alpha(), "another tuning's"));
    }

    private static void assertSameBasis(CqtOctaveBasis expected, CqtOctaveBasis actual, String what) {
        assertEquals(expected.firstBin, actual.firstBin, what);
        assertEquals(expected.sampleRate, actual.sampleRate, what);
        assertArrayEquals(expected.lengths, actual.lengths, what);
        assertArrayEquals(expected.rowStart, actual.rowStart, what);
        assertArrayEquals(expected.columns, actual.columns, what);
        assertArrayEquals(floatBits(expected.re), floatBits(actual.re), what + " re");
        assertArrayEquals(floatBits(expected.im), floatBits(actual.im), what + " im");
        assertEquals(expected.firstColumn, actual.firstColumn, what);
        assertEquals(expected.lastColumn, actual.lastColumn, what);
    }

    private static int[] floatBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
