package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;

/** {@link Stft#magnitude} (no complex spectrogram kept) equals {@code transform(y).magnitude()} bit for bit. */
class StftMagnitudeTest {
    @Test
    void equalsMagnitudeOfTransform() {
        Stft stft = Stft.librosaDefault();
        for (float[] y : new float[][] {TestWavs.speechLike(1.3, 22050, 5), new float[5000], TestWavs.speechLike(0.2,
                22050, 9)}) {
            assertArrayEquals(stft.transform(y).magnitude(), stft.magnitude(y));
        }
    }
}
