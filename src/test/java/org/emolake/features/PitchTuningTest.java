package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.junit.jupiter.api.Test;

class PitchTuningTest {
    private static final JsonNode PRIMITIVE = Golden.primitives().get("pitch_tuning");

    @Test
    void pitchTuningOfFixedFrequenciesEqualsLibrosaIn12And36BinsPerOctave() {
        double[] frequencies = Golden.doubles(PRIMITIVE.get("frequencies"));
        assertEquals(PRIMITIVE.get("bins_per_octave_12").asDouble(), PitchTuning.of(frequencies, 12), 0.0,
                "pitch_tuning 12 bins/octave");
        assertEquals(PRIMITIVE.get("bins_per_octave_36").asDouble(), PitchTuning.of(frequencies, 36), 0.0,
                "pitch_tuning 36 bins/octave");
    }

    @Test
    void float32PathAgreesOnTheSameFrequencies() {
        float[] frequencies = Golden.floats(PRIMITIVE.get("frequencies"));
        assertEquals(PRIMITIVE.get("bins_per_octave_12").asDouble(),
                PitchTuning.of(frequencies, frequencies.length, 12), 0.0, "pitch_tuning float32, 12 bins/octave");
        assertEquals(PRIMITIVE.get("bins_per_octave_36").asDouble(),
                PitchTuning.of(frequencies, frequencies.length, 36), 0.0, "pitch_tuning float32, 36 bins/octave");
    }

    @Test
    void noPositiveFrequencyGivesZeroLikeLibrosa() {
        assertEquals(0.0, PitchTuning.of(new float[] {0f, 0f}, 2, 12), 0.0);
        assertEquals(0.0, PitchTuning.of(new double[0], 36), 0.0);
    }

    @Test
    void tuningIsAHistogramEdgeOfLinspace() {
        // np.linspace(-0.5, 0.5, 101)[[0, 53, 99]] as numpy rounds them
        assertEquals(-0.5, PitchTuning.edge(0), 0.0);
        assertEquals(0.030000000000000027, PitchTuning.edge(53), 0.0);
        assertEquals(0.49, PitchTuning.edge(99), 0.0);
    }
}
