package org.emolake.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.emolake.testing.Golden;

/** The golden clips whose librosa signal {@code y} at 22050 Hz the tests can get, with their shared STFT. */
final class SpectralClips {
    /** Clips with {@code detail.y} in their golden JSON. */
    static final List<String> DETAIL = List.of("speech_en_22050_mono_s16", "speech_fr_8000_mono_u8",
            "short_1500samples_22050_mono_s16");
    /** Native 22050 Hz mono files that librosa loads without resampling. */
    static final List<String> NATIVE_WAV = List.of("speech_en_22050_mono_s16_clipped", "sine_440_22050_mono_s16",
            "silence_22050_mono_s16", "short_4096samples_22050_mono_s16", "speech_es_22050_mono_f32_noise");
    /** Every clip above. */
    static final List<String> ALL = List.of("speech_en_22050_mono_s16", "speech_fr_8000_mono_u8",
            "short_1500samples_22050_mono_s16", "speech_en_22050_mono_s16_clipped", "sine_440_22050_mono_s16",
            "silence_22050_mono_s16", "short_4096samples_22050_mono_s16", "speech_es_22050_mono_f32_noise");

    private static final Map<String, float[]> Y = new ConcurrentHashMap<>();
    private static final Map<String, SpectralFrames> FRAMES = new ConcurrentHashMap<>();

    private SpectralClips() {
    }

    /** Whether librosa resampled the clip to get {@code y} (parity is then judged at the resampled tolerance). */
    static boolean resampled(String clip) {
        return Golden.json(clip).get("source").get("sample_rate").asInt() != 22050;
    }

    static float[] y(String clip) {
        return Y.computeIfAbsent(clip, Golden::y);
    }

    static SpectralFrames frames(String clip) {
        return FRAMES.computeIfAbsent(clip, c -> SpectralFrames.of(Stft.librosaDefault(), y(c)));
    }

    /** {@code frames.<block>} of the clip, {@code [row][frame]}; null when the reference raised for it. */
    static double[][] expected(String clip, String block) {
        JsonNode m = Golden.json(clip).get("frames").get(block);
        return m == null || m.isNull() ? null : Golden.matrix(m);
    }

    static double[][] widen(float[][] m) {
        return PowerToDbTest.widen(m);
    }

    static double[][] row(float[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return new double[][] {r};
    }

    static double[][] row(double[] v) {
        return new double[][] {v.clone()};
    }
}
