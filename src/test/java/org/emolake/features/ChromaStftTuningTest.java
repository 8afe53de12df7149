package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.emolake.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tuning {@code chroma_stft} estimates from the power spectrogram (12 bins per octave). */
class ChromaStftTuningTest {

    @ParameterizedTest
    @ValueSource(strings = {"speech_en_22050_mono_s16", "speech_fr_8000_mono_u8", "short_1500samples_22050_mono_s16"})
    void tuningOfDetailSignalEqualsLibrosa(String clip) {
        check(clip, Golden.floats(Golden.json(clip).get("detail").get("y")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"speech_en_22050_mono_s16", "speech_en_22050_mono_s16_clipped", "sine_440_22050_mono_s16",
        "silence_22050_mono_s16", "short_4096samples_22050_mono_s16", "short_1500samples_22050_mono_s16"})
    void tuningOf22050HzPcm16ClipEqualsLibrosa(String clip) {
        check(clip, Golden.y(clip));
    }

    private static void check(String clip, float[] y) {
        Spectrogram stft = Stft.librosaDefault().transform(y);
        double tuning = EstimateTuning.fromSpectrogram(stft.power(), stft.bins(), stft.frames(), 22050, 12);
        assertEquals(Golden.json(clip).get("tuning").get("chroma_stft").asDouble(), tuning, 0.0,
                clip + " tuning.chroma_stft");
    }
}
