package org.emolake.bench;

import java.util.List;
import java.util.Locale;
import org.emolake.audio.AudioLoader;
import org.emolake.features.FeatureBlock;
import org.emolake.features.FeatureExtractor;
import org.emolake.testing.Golden;
import org.emolake.testing.TestWavs;

/**
 * Prints a hash of the exact bits of every block's frames for the golden clips and a few synthetic ones: run it before
 * and after a performance change and diff the output to check that the change is bit-identical (same class path as
 * {@link FeatureStagesBenchmark}).
 */
public final class FeatureDigest {
    private static final List<String> CLIPS = List.of("speech_en_22050_mono_s16", "speech_en_22050_mono_s16_clipped",
            "sine_440_22050_mono_s16", "silence_22050_mono_s16", "short_4096samples_22050_mono_s16",
            "speech_es_22050_mono_f32_noise", "speech_fr_8000_mono_u8", "noise_white_16000_mono_s16",
            "speech_enus_16000_mono_s16", "chirp_lin_100to8000_44100_mono_f32", "speech_engbrp_44100_stereo_s16",
            "speech_enus_44100_stereo_f32_padded", "speech_de_48000_mono_s24");

    private FeatureDigest() {
    }

    public static void main(String[] args) throws Exception {
        AudioLoader loader = new AudioLoader();
        FeatureExtractor extractor = new FeatureExtractor();
        for (String clip : CLIPS) {
            print(clip, extractor.frames(loader.load(Golden.audio(clip)).samples(), clip));
        }
        for (int seed = 1; seed <= 4; seed++) {
            float[] y = TestWavs.speechLike(2.0 + seed, 22050, seed);
            print("speechLike_" + seed, extractor.frames(y, "synthetic"));
        }
    }

    private static void print(String clip, FeatureExtractor.ClipFrames frames) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-38s", clip));
        for (FeatureBlock block : FeatureBlock.values()) {
            long h = 1125899906842597L;
            for (double[] row : frames.matrix(block)) {
                for (double v : row) {
                    h = 31 * h + Double.doubleToRawLongBits(v);
                }
            }
            line.append(String.format(Locale.ROOT, " %s=%08x", block.id(), (int) (h ^ (h >>> 32))));
        }
        System.out.println(line);
    }
}
