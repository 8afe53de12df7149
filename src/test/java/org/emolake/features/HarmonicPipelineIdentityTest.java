package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;

/**
 * The optimised STFT, HPSS, ISTFT, estimate_tuning and CQT give bit for bit what {@link ReferencePipeline} (the
 * classes before the perf-hpss work) gives, on signals beyond the golden clips.
 */
class HarmonicPipelineIdentityTest {
    private static final ReferencePipeline REFERENCE = new ReferencePipeline();

    private static float[][] signals() {
        Random random = new Random(5);
        float[] noise = new float[22050];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * random.nextGaussian());
        }
        float[] sparse = new float[30000];
        for (int i = 0; i < sparse.length; i += 997) {
            sparse[i] = 0.5f;
        }
        return new float[][] {TestWavs.speechLike(3.0, 22050, 42), TestWavs.speechLike(2.2, 22050, 7),
            TestWavs.speechLike(0.3, 22050, 3), noise, sparse, new float[8000], new float[1500]};
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                assertEquals(expected[i], actual[i], 0f, what + " at " + i);
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        what + " bits at " + i);
            }
        }
    }

    @Test
    void harmonicTuningAndChromaCqtAreBitIdentical() {
        EffectsHarmonic effects = new EffectsHarmonic();
        ChromaCqt chromaCqt = new ChromaCqt();
        int index = 0;
        for (float[] y : signals()) {
            String what = "signal " + index++;
            Spectrogram stft = Stft.librosaDefault().transform(y);
            Spectrogram referenceStft = REFERENCE.stft(y);
            assertBitsEqual(referenceStft.realParts(), stft.realParts(), what + " stft re");
            assertBitsEqual(referenceStft.imaginaryParts(), stft.imaginaryParts(), what + " stft im");
            Spectrogram hpss = new Hpss().harmonic(stft);
            Spectrogram referenceHpss = REFERENCE.hpss(referenceStft);
            assertBitsEqual(referenceHpss.realParts(), hpss.realParts(), what + " hpss re");
            assertBitsEqual(referenceHpss.imaginaryParts(), hpss.imaginaryParts(), what + " hpss im");
            assertBitsEqual(referenceHpss.realParts(), new Hpss().harmonic(stft, stft.magnitude()).realParts(),
                    what + " hpss with magnitude");
            float[] harmonic = effects.harmonic(y);
            float[] referenceHarmonic = REFERENCE.harmonic(y);
            assertBitsEqual(referenceHarmonic, harmonic, what + " effects.harmonic");
            double tuning = ChromaCqt.estimateTuning(harmonic);
            assertEquals(REFERENCE.tuning(referenceHarmonic), tuning, 0.0, what + " tuning");
            if (y.length >= 4096) {
                assertBitsEqual(REFERENCE.cqtMagnitude(harmonic, tuning), Cqt.forTuning(tuning).magnitude(harmonic),
                        what + " cqt");
                assertBitsEqual(REFERENCE.chroma(harmonic, tuning), chromaCqt.chroma(harmonic, tuning),
                        what + " chroma_cqt");
            }
        }
    }

    @Test
    void tuningOfRandomPowerSpectrogramsIsUnchanged() {
        Random random = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            int frames = 1 + random.nextInt(60);
            float[] s = new float[frames * 1025];
            for (int i = 0; i < s.length; i++) {
                s[i] = random.nextInt(3) == 0 ? 0f : (float) Math.exp(3 * random.nextGaussian());
            }
            double expected = REFERENCE.tuningOfSpectrogram(s, 1025, frames, 22050.0, 12);
            assertEquals(expected, EstimateTuning.fromSpectrogram(s, 1025, frames, 22050.0, 12), 0.0);
        }
    }

    @Test
    void arraysOfTheHarmonicSpectrogramAreFresh() {
        float[] y = TestWavs.speechLike(1.0, 22050, 1);
        Spectrogram stft = Stft.librosaDefault().transform(y);
        float[] magnitude = stft.magnitude();
        float[] copy = magnitude.clone();
        new Hpss().harmonic(stft, magnitude);
        assertArrayEquals(copy, magnitude, "the magnitude is only read");
    }
}
