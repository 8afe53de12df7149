package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameStatisticsTest {

    @ParameterizedTest
    @ValueSource(strings = {"speech_en_22050_mono_s16", "speech_fr_8000_mono_u8", "speech_de_48000_mono_s24",
        "chirp_lin_100to8000_44100_mono_f32", "noise_white_16000_mono_s16", "silence_22050_mono_s16",
        "sine_440_22050_mono_s16", "speech_engbrp_44100_stereo_s16", "speech_enus_44100_stereo_f32_padded",
        "short_4096samples_22050_mono_s16"})
    void summaryOfLibrosaFramesEqualsLibrosaFeatures(String clip) {
        JsonNode golden = Golden.json(clip);
        double[] expected = Golden.doubles(golden.get("features"));
        double[] actual = new double[FeatureSet.SIZE];
        for (FeatureBlock block : FeatureBlock.values()) {
            JsonNode frames = golden.get("frames").get(block.id());
            assertEquals(block.float32() ? "float32" : "float64",
                    golden.get("frame_dtypes").get(block.id()).asText(), block.id());
            assertEquals(block.fortranOrder() ? "F" : "C",
                    golden.get("frame_memory_order").get(block.id()).asText(), block.id());
            double[][] m = Golden.matrix(frames);
            if (block.float32()) {
                FrameStatistics.float32(toFloat(m), block.fortranOrder(), actual, FeatureSet.offset(block));
            } else {
                FrameStatistics.float64(m, block.fortranOrder(), actual, FeatureSet.offset(block));
            }
        }
        // Same inputs, same summation order, same dtype: the summary is bit-identical to numpy's.
        Tolerance.assertArrayClose(clip + " summary", expected, actual, 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"speech_en_22050_mono_s16"})
    void namesEqualTheReference(String clip) {
        List<String> expected = new ArrayList<>();
        Golden.json(clip).get("feature_names").forEach(n -> expected.add(n.asText()));
        assertEquals(expected, FeatureSet.names());
    }

    private static float[][] toFloat(double[][] m) {
        float[][] out = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = new float[m[r].length];
            for (int c = 0; c < m[r].length; c++) {
                out[r][c] = (float) m[r][c];
            }
        }
        return out;
    }
}
