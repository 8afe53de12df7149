package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

class CqtTest {
    private static final JsonNode GOLDEN = Golden.primitives().get("cqt_chroma_cqt");

    @Test
    void frequenciesBandwidthsAndLengthsEqualLibrosaAtTuningZero() {
        Cqt cqt = Cqt.forTuning(0.0);
        assertEquals(GOLDEN.get("args").get("fmin").asDouble(), Cqt.C1, 0.0);
        Tolerance.assertArrayClose("cqt frequencies", Golden.doubles(GOLDEN.get("frequencies")), cqt.frequencies(),
                1e-13);
        Tolerance.assertArrayClose("cqt alpha", Golden.doubles(GOLDEN.get("alpha")), cqt.alpha(), 1e-12);
        Tolerance.assertArrayClose("cqt lengths", Golden.doubles(GOLDEN.get("lengths")), cqt.lengths(), 1e-12);
        assertEquals(GOLDEN.get("filter_cutoff").asDouble(), cqt.filterCutoff(), 1e-9);
        assertEquals(0, GOLDEN.get("early_downsample_count").asInt(), "no early downsampling at this configuration");
    }

    @Test
    void octaveBasesMatchLibrosasOctaveLayout() {
        Cqt cqt = Cqt.forTuning(0.0);
        JsonNode octaves = GOLDEN.get("octaves");
        assertEquals(Cqt.N_OCTAVES, octaves.size());
        for (int i = 0; i < Cqt.N_OCTAVES; i++) {
            JsonNode octave = octaves.get(i);
            CqtOctaveBasis basis = cqt.octave(i);
            assertEquals(octave.get("sr").asDouble(), basis.sampleRate, 0.0, "octave " + i + " sample rate");
            assertEquals(octave.get("hop_length").asInt(), Cqt.HOP_LENGTH >> i, "octave " + i + " hop");
            assertEquals(octave.get("n_fft").asInt(), CqtOctaveBasis.N_FFT, "octave " + i + " n_fft");
            assertEquals(octave.get("bins").get(0).asInt(), basis.firstBin, "octave " + i + " first bin");
            Tolerance.assertArrayClose("octave " + i + " lengths", Golden.doubles(octave.get("lengths")),
                    basis.lengths, 1e-12);
        }
    }

    @Test
    void cqToChromaEqualsLibrosa() {
        CqToChroma matrix = CqToChroma.chromaCqtDefault();
        double[][] expected = Golden.matrix(GOLDEN.get("cq_to_chroma"));
        double[][] actual = new double[matrix.nChroma()][matrix.nInput()];
        for (int c = 0; c < actual.length; c++) {
            for (int b = 0; b < actual[c].length; b++) {
                actual[c][b] = matrix.get(c, b);
            }
        }
        Tolerance.assertMatrixClose("cq_to_chroma", expected, actual, 0.0);
    }

    @Test
    void basesAreBuiltOncePerTuning() {
        assertSame(Cqt.forTuning(0.09999999999999998), Cqt.forTuning(0.09999999999999998));
    }

    @Test
    void frameCountIsTheFewestFramesOfAnyOctave() {
        Cqt cqt = Cqt.forTuning(0.0);
        assertEquals(90, cqt.frameCount(46068));
        assertEquals(3, cqt.frameCount(1500));
        assertEquals(1 + 22050 / 512, cqt.frameCount(22050));
    }
}
