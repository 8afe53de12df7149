package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.ErrorCode;
import org.emolake.audio.LoadedAudio;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole pipeline, file to 110 values, against librosa 0.10.2 for every golden clip: each block frame by frame,
 * both tunings, and the final vector. The tolerance table is the one in docs/PARITY.md.
 */
class FeatureExtractorGoldenTest {
    /** One FFT bin at sr 22050, n_fft 2048: rolloff may jump by one when float32 cumulative sums round apart. */
    private static final double ROLLOFF_BIN_HZ = 22050.0 / 2048;

    private static final AudioLoader LOADER = new AudioLoader();
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();

    static Stream<String> clips() {
        return Stream.of("speech_en_22050_mono_s16", "speech_en_22050_mono_s16_clipped", "sine_440_22050_mono_s16",
                "silence_22050_mono_s16", "short_4096samples_22050_mono_s16", "speech_es_22050_mono_f32_noise",
                "speech_fr_8000_mono_u8", "noise_white_16000_mono_s16", "speech_enus_16000_mono_s16",
                "chirp_lin_100to8000_44100_mono_f32", "speech_engbrp_44100_stereo_s16",
                "speech_enus_44100_stereo_f32_padded", "speech_de_48000_mono_s24");
    }

    /** Per-frame targets (scaled absolute error) at 22050 Hz input; resampled clips get 1e-3 for every block. */
    static Map<FeatureBlock, Double> frameTolerance(boolean resampled) {
        Map<FeatureBlock, Double> t = new EnumMap<>(FeatureBlock.class);
        for (FeatureBlock block : FeatureBlock.values()) {
            t.put(block, resampled ? 1e-3 : 1e-5);
        }
        t.put(FeatureBlock.TONNETZ, 1e-3);
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void everyBlockEqualsLibrosaFrameByFrame(String clip) throws Exception {
        JsonNode golden = Golden.json(clip);
        boolean resampled = golden.get("source").get("sample_rate").asInt() != 22050;
        LoadedAudio audio = LOADER.load(Golden.audio(clip));
        assertEquals(golden.get("load").get("n_samples").asInt(), audio.samples().length, clip + " n_samples");
        FeatureExtractor.ClipFrames frames = EXTRACTOR.frames(audio.samples(), clip);
        Map<FeatureBlock, Double> tolerance = frameTolerance(resampled);
        for (FeatureBlock block : FeatureBlock.values()) {
            double[][] expected = Golden.matrix(golden.get("frames").get(block.id()));
            double[][] actual = frames.matrix(block);
            if (block == FeatureBlock.ROLLOFF) {
                assertRolloffWithinOneBin(clip, expected[0], actual[0]);
            } else {
                Tolerance.assertMatrixClose(clip + " " + block.id(), expected, actual, tolerance.get(block));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void bothTuningsEqualLibrosa(String clip) throws Exception {
        JsonNode tuning = Golden.json(clip).get("tuning");
        float[] y = LOADER.load(Golden.audio(clip)).samples();
        Spectrogram s = Stft.librosaDefault().transform(y);
        assertEquals(tuning.get("chroma_stft").asDouble(), ChromaStft.compute(s).tuning(), 1e-12,
                clip + " chroma_stft tuning");
        float[] yHarmonic = new EffectsHarmonic().harmonic(y, s);
        assertEquals(tuning.get("chroma_cqt").asDouble(), ChromaCqt.estimateTuning(yHarmonic), 1e-12,
                clip + " chroma_cqt tuning");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void featureVectorEqualsLibrosa(String clip) throws Exception {
        JsonNode golden = Golden.json(clip);
        boolean resampled = golden.get("source").get("sample_rate").asInt() != 22050;
        double[] expected = Golden.doubles(golden.get("features"));
        double[] actual = EXTRACTOR.extract(LOADER.load(Golden.audio(clip)).samples(), clip);
        Map<FeatureBlock, Double> tolerance = frameTolerance(resampled);
        for (FeatureBlock block : FeatureBlock.values()) {
            int offset = FeatureSet.offset(block);
            int n = 2 * block.rows();
            double[] e = java.util.Arrays.copyOfRange(expected, offset, offset + n);
            double[] a = java.util.Arrays.copyOfRange(actual, offset, offset + n);
            if (block == FeatureBlock.ROLLOFF) {
                assertRelative(clip + " rolloff mean", e[0], a[0], 1e-3);
                assertRelative(clip + " rolloff std", e[1], a[1], 1e-2);
            } else {
                Tolerance.assertArrayClose(clip + " " + block.id() + " summary", e, a, tolerance.get(block));
            }
        }
    }

    @Test
    void clipsUnder4096SamplesAreTooShortAsTheReferenceRaises() throws Exception {
        JsonNode golden = Golden.json("short_1500samples_22050_mono_s16");
        assertEquals(true, golden.get("features").isNull(), "the reference raises for this clip");
        float[] y = LOADER.load(Golden.audio("short_1500samples_22050_mono_s16")).samples();
        AudioException e = assertThrows(AudioException.class, () -> EXTRACTOR.extract(y, "short.wav"));
        assertEquals(ErrorCode.TOO_SHORT, e.code());
        assertEquals(true, e.getMessage().contains("1500 samples"), e.getMessage());
        assertEquals(true, e.getMessage().contains("short.wav"), e.getMessage());
    }

    @Test
    void theBoundaryClipOf4096SamplesIsScored() throws Exception {
        float[] y = LOADER.load(Golden.audio("short_4096samples_22050_mono_s16")).samples();
        assertEquals(FeatureExtractor.MIN_SAMPLES, y.length);
        assertEquals(FeatureSet.SIZE, EXTRACTOR.extract(y, "short_4096").length);
    }

    @Test
    void extractionIsThreadSafe() throws Exception {
        float[] a = LOADER.load(Golden.audio("speech_en_22050_mono_s16")).samples();
        float[] b = LOADER.load(Golden.audio("speech_de_48000_mono_s24")).samples();
        double[] expectedA = EXTRACTOR.extract(a, "a");
        double[] expectedB = EXTRACTOR.extract(b, "b");
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < threads.length; i++) {
            boolean useA = i % 2 == 0;
            threads[i] = new Thread(() -> {
                try {
                    for (int k = 0; k < 3; k++) {
                        assertArrayEquals(useA ? expectedA : expectedB, EXTRACTOR.extract(useA ? a : b, "x"));
                    }
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            fail("concurrent extraction differed", failure[0]);
        }
    }

    private static void assertRolloffWithinOneBin(String clip, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, clip + " rolloff frames");
        for (int t = 0; t < expected.length; t++) {
            if (Math.abs(expected[t] - actual[t]) > ROLLOFF_BIN_HZ + 1e-6) {
                fail(String.format("%s rolloff frame %d: java %.6f Hz, librosa %.6f Hz: more than one bin apart", clip,
                        t, actual[t], expected[t]));
            }
        }
    }

    private static void assertRelative(String context, double expected, double actual, double tolerance) {
        double error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        if (!(error <= tolerance) && !(expected == 0 && actual == 0)) {
            fail(String.format("%s: java %.9g, librosa %.9g, relative error %.3g > %.3g", context, actual, expected,
                    error, tolerance));
        }
    }
}
