package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EstimateTuningTest {
    private static final JsonNode TONE = Golden.primitives().get("estimate_tuning_tone443");

    /** The golden's signal: {@code 0.5*sin(2*pi*443*n/22050), n=0..22049}, float32. */
    private static float[] tone443() {
        float[] y = new float[22050];
        for (int n = 0; n < y.length; n++) {
            y[n] = (float) (0.5 * Math.sin(2 * Math.PI * 443 * n / 22050));
        }
        return y;
    }

    @Test
    void tuningOfA443ToneFromItsPowerSpectrogramEqualsLibrosa() {
        Spectrogram stft = Stft.librosaDefault().transform(tone443());
        double tuning = EstimateTuning.fromSpectrogram(stft.power(), stft.bins(), stft.frames(), 22050, 12);
        assertEquals(TONE.get("from_power_spectrogram_bpo12").asDouble(), tuning, 0.0,
                "estimate_tuning(S=power, bins_per_octave=12) of a 443 Hz tone");
    }

    @Test
    void tuningOfA443ToneFromTheSignalEqualsLibrosa() {
        assertEquals(TONE.get("from_y_bpo36").asDouble(), EstimateTuning.fromSignal(tone443(), 22050, 36), 0.0,
                "estimate_tuning(y=y, bins_per_octave=36) of a 443 Hz tone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"speech_en_22050_mono_s16", "speech_fr_8000_mono_u8"})
    void chromaCqtTuningOfTheHarmonicSignalEqualsLibrosa(String clip) {
        JsonNode golden = Golden.json(clip);
        float[] harmonic = Golden.floats(golden.get("detail").get("y_harmonic").get("values"));
        assertEquals(golden.get("tuning").get("chroma_cqt").asDouble(), EstimateTuning.fromSignal(harmonic, 22050, 36),
                0.0, clip + " tuning.chroma_cqt (estimate_tuning(y=y_harmonic, bins_per_octave=36))");
    }

    @Test
    void silenceHasNoPitchAndZeroTuning() {
        Spectrogram stft = Stft.librosaDefault().transform(new float[11025]);
        assertEquals(0, Piptrack.librosaDefault(22050, 2048).track(stft.power(), stft.frames()).count());
        assertEquals(0.0, EstimateTuning.fromStft(stft, 22050, 12), 0.0);
    }
}
