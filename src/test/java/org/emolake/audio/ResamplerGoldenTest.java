package org.emolake.audio;

import org.emolake.testing.Golden;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** librosa.resample(res_type='soxr_hq') primitives from the golden data, bit for bit. */
class ResamplerGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() {
        golden = TestResources.json("golden/audio_golden.json").get("resample");
    }

    @ParameterizedTest(name = "{0} float32")
    @ValueSource(strings = {"44100_to_22050", "16000_to_22050", "2_to_1_scaled"})
    void float32EqualsLibrosa(String key) {
        JsonNode c = golden.get(key);
        float[] input = TestResources.floats(c.get("float32").get("input"));
        float[] expected = TestResources.floats(c.get("float32").get("output"));
        float[] actual = Resampler.resample(input, c.get("orig_sr").asDouble(), c.get("target_sr").asDouble(),
                c.get("scale").asBoolean());
        int at = TestResources.firstBitDifference(expected, actual);
        assertEquals(-1, at, () -> key + " float32: length " + actual.length + " (expected " + expected.length
                + "), first difference at " + at + ", max abs diff " + TestResources.maxAbsDiff(expected, actual));
    }

    @ParameterizedTest(name = "{0} float64")
    @ValueSource(strings = {"44100_to_22050", "16000_to_22050", "2_to_1_scaled"})
    void float64EqualsLibrosa(String key) {
        JsonNode c = golden.get(key);
        double[] input = Golden.doubles(c.get("float64").get("input"));
        double[] expected = Golden.doubles(c.get("float64").get("output"));
        double[] actual = Resampler.resample(input, c.get("orig_sr").asDouble(), c.get("target_sr").asDouble(),
                c.get("scale").asBoolean());
        int at = TestResources.firstBitDifference(expected, actual);
        assertEquals(-1, at, () -> key + " float64: length " + actual.length + " (expected " + expected.length
                + "), first difference at " + at);
    }
}
