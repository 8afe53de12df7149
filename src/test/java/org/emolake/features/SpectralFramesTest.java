package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SpectralFramesTest {

    @Test
    void magnitudeAndPowerAreComputedOnceAndEqualSpectrogramMethods() {
        float[] y = SpectralClips.y("speech_en_22050_mono_s16");
        SpectralFrames frames = SpectralFrames.of(Stft.librosaDefault(), y);
        float[] magnitude = frames.magnitude();
        float[] power = frames.power();
        assertSame(magnitude, frames.magnitude());
        assertSame(power, frames.power());
        assertArrayEquals(frames.spectrogram().magnitude(), magnitude, 0f);
        assertArrayEquals(frames.spectrogram().power(), power, 0f);
    }
}
