package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each spectral block of each golden clip whose 22050 Hz signal we have equals librosa 0.10.2's {@code frames.<block>},
 * frame by frame, within the block's tolerance (error scaled by {@code max(1, |librosa|)}). A clip that librosa
 * resampled is held to {@link #RESAMPLED}, as docs/PARITY.md says, even though its {@code y} here is librosa's own.
 */
class SpectralParityTest {
    static final List<String> CLIPS = SpectralClips.ALL;
    static final List<String> DETAIL_CLIPS = SpectralClips.DETAIL;

    /**
     * Native clips: the tolerance per block: the 1e-5 for mfcc and delta, about twice the largest error seen
     * for the others (docs/PARITY.md, "Spectral blocks");
     * zcr and rolloff are exact on every clip.
     */
    private static final Map<String, Double> NATIVE = Map.of("mfcc", 1e-5, "mfcc_delta", 1e-5, "rms", 1e-7,
            "zcr", 0.0, "centroid", 1e-7, "rolloff", 0.0, "contrast", 5e-7, "mel_power", 1e-6);
    /** Clips librosa resampled (speech_fr_8000 here, although its y is librosa's own). */
    private static final double RESAMPLED = 1e-3;

    private static final Map<String, Double> WORST = new ConcurrentHashMap<>();

    private static double tolerance(String clip, String block) {
        return SpectralClips.resampled(clip) ? RESAMPLED : NATIVE.get(block);
    }

    private static void check(String clip, String block, double[][] actual) {
        double[][] expected = SpectralClips.expected(clip, block);
        assertNotNull(expected, clip + ": golden has no " + block);
        assertEquals(Golden.json(clip).get("n_frames").asInt(), expected[0].length, clip + " " + block + " frames");
        double worst = Tolerance.assertMatrixClose(clip + " " + block, expected, actual, tolerance(clip, block));
        WORST.put(block + " | " + clip, worst);
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void mfccEqualsLibrosa(String clip) {
        check(clip, "mfcc", SpectralClips.widen(Mfcc.librosaDefault().compute(SpectralClips.frames(clip))));
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void mfccDeltaEqualsLibrosaOrIsTooShortAsInLibrosa(String clip) {
        float[][] mfcc = Mfcc.librosaDefault().compute(SpectralClips.frames(clip));
        if (SpectralClips.expected(clip, "mfcc_delta") == null) {
            // librosa raised ParameterError for this clip (fewer than 9 frames): the extractor reports TOO_SHORT
            assertTrue(Golden.json(clip).get("features").isNull(), clip + ": golden features should be null");
            assertEquals("mfcc_delta", Golden.json(clip).get("error").get("failed_blocks").get(0).asText());
            TooFewFramesException e = assertThrows(TooFewFramesException.class,
                    () -> Delta.librosaDefault().apply(mfcc));
            assertEquals(mfcc[0].length, e.frames());
            return;
        }
        check(clip, "mfcc_delta", SpectralClips.widen(Delta.librosaDefault().apply(mfcc)));
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void rmsEqualsLibrosa(String clip) {
        check(clip, "rms", SpectralClips.row(Rms.librosaDefault().compute(SpectralClips.y(clip))));
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void zeroCrossingRateEqualsLibrosa(String clip) {
        check(clip, "zcr", SpectralClips.row(ZeroCrossingRate.librosaDefault().compute(SpectralClips.y(clip))));
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void spectralCentroidEqualsLibrosa(String clip) {
        check(clip, "centroid",
                SpectralClips.row(SpectralCentroid.librosaDefault().compute(SpectralClips.frames(clip))));
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void spectralRolloffEqualsLibrosa(String clip) {
        check(clip, "rolloff", SpectralClips.row(SpectralRolloff.librosaDefault().compute(SpectralClips.frames(clip))));
    }

    @ParameterizedTest
    @FieldSource("CLIPS")
    void spectralContrastEqualsLibrosa(String clip) {
        check(clip, "contrast", SpectralContrast.librosaDefault().compute(SpectralClips.frames(clip)));
    }

    @ParameterizedTest
    @FieldSource("DETAIL_CLIPS")
    void melPowerEqualsLibrosa(String clip) {
        double[][] expected = Golden.matrix(Golden.json(clip).get("detail").get("mel_power").get("values"));
        double[][] actual = SpectralClips.widen(Melspectrogram.librosaDefault().compute(SpectralClips.frames(clip)));
        double worst = Tolerance.assertMatrixClose(clip + " mel_power", expected, actual,
                tolerance(clip, "mel_power"));
        WORST.put("mel_power | " + clip, worst);
    }

    @AfterAll
    static void printWorstErrors() {
        StringBuilder sb = new StringBuilder("Max scaled error per block and clip:\n");
        new TreeMap<>(WORST).forEach((k, v) -> sb.append(String.format("  %-60s %.3g%n", k, v)));
        System.out.print(sb);
    }
}
