package org.emolake.features;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

class EffectsHarmonicTest {

    @Test
    void harmonicSignalEqualsLibrosaForTheDetailClips() {
        EffectsHarmonic harmonic = new EffectsHarmonic();
        for (String clip : new String[] {"speech_en_22050_mono_s16", "speech_fr_8000_mono_u8"}) {
            JsonNode detail = Golden.json(clip).get("detail");
            float[] y = Golden.floats(detail.get("y"));
            double[] expected = Golden.doubles(detail.get("y_harmonic").get("values"));
            float[] actual = harmonic.harmonic(y);
            double[] widened = new double[actual.length];
            int differing = 0;
            for (int i = 0; i < actual.length; i++) {
                widened[i] = actual[i];
                if (actual[i] != (float) expected[i]) {
                    differing++;
                }
            }
            double error = Tolerance.assertArrayClose(clip + " effects.harmonic", expected, widened, 1e-7);
            System.out.printf("%s effects.harmonic: max scaled error %.3g, %d of %d samples differ%n", clip, error,
                    differing, actual.length);
        }
    }

    @Test
    void harmonicOfTheSharedSpectrogramEqualsHarmonicOfTheSignal() {
        float[] y = Golden.floats(Golden.json("speech_en_22050_mono_s16").get("detail").get("y"));
        EffectsHarmonic harmonic = new EffectsHarmonic();
        org.junit.jupiter.api.Assertions.assertArrayEquals(harmonic.harmonic(y),
                harmonic.harmonic(y, Stft.librosaDefault().transform(y)));
    }
}
