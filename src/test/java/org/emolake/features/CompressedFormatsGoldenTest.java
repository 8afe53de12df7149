package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.LoadedAudio;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FLAC, Ogg Vorbis and MP3 clips, decoded by the bundled libsndfile 1.2.0 (the build librosa's soundfile used for the
 * golden data in {@code src/test/resources/golden-formats}), meet the WAV tolerance table of docs/PARITY.md: every
 * block frame by frame and the 110-value vector.
 */
class CompressedFormatsGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AudioLoader LOADER = new AudioLoader();
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();

    static Stream<String> clips() {
        return Stream.of("speech_en_22050_mono.flac", "speech_engbrp_44100_stereo.ogg", "speech_de_48000_mono_128k.mp3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void loadsAsLibrosaAndEveryBlockMeetsTheWavTolerances(String clip) throws Exception {
        JsonNode golden = golden(clip);
        JsonNode source = golden.get("source");
        boolean resampled = source.get("sample_rate").asInt() != 22050;
        LoadedAudio audio = LOADER.load(audio(clip));
        assertEquals(source.get("sample_rate").asInt(), audio.sourceSampleRate(), clip + " sample rate");
        assertEquals(source.get("channels").asInt(), audio.sourceChannels(), clip + " channels");
        assertEquals(source.get("frames").asLong(), audio.sourceFrames(), clip + " frames");
        assertEquals(source.get("subtype").asText(), audio.sourceEncoding().name(), clip + " subtype");
        assertEquals(golden.get("load").get("n_samples").asInt(), audio.samples().length, clip + " n_samples");

        FeatureExtractor.ClipFrames frames = EXTRACTOR.frames(audio.samples(), clip);
        Map<FeatureBlock, Double> tolerance = FeatureExtractorGoldenTest.frameTolerance(resampled);
        for (FeatureBlock block : FeatureBlock.values()) {
            double[][] expected = Golden.matrix(golden.get("frames").get(block.id()));
            double[][] actual = frames.matrix(block);
            if (block == FeatureBlock.ROLLOFF) {
                // within one FFT bin per frame, as for WAV (FeatureExtractorGoldenTest)
                assertEquals(expected[0].length, actual[0].length, clip + " rolloff frames");
                for (int t = 0; t < expected[0].length; t++) {
                    assertEquals(expected[0][t], actual[0][t], 22050.0 / 2048 + 1e-6, clip + " rolloff frame " + t);
                }
            } else {
                Tolerance.assertMatrixClose(clip + " " + block.id(), expected, actual, tolerance.get(block));
            }
        }
        double[] expected = Golden.doubles(golden.get("features"));
        double[] actual = EXTRACTOR.extract(audio.samples(), clip);
        for (FeatureBlock block : FeatureBlock.values()) {
            int offset = FeatureSet.offset(block);
            int n = 2 * block.rows();
            if (block == FeatureBlock.ROLLOFF) {
                assertEquals(expected[offset], actual[offset], 1e-3 * Math.abs(expected[offset]), clip + " rolloff mean");
                assertEquals(expected[offset + 1], actual[offset + 1], 1e-2 * Math.abs(expected[offset + 1]),
                        clip + " rolloff std");
                continue;
            }
            Tolerance.assertArrayClose(clip + " " + block.id() + " summary", Arrays.copyOfRange(expected, offset,
                    offset + n), Arrays.copyOfRange(actual, offset, offset + n), tolerance.get(block));
        }
    }

    static JsonNode golden(String clip) throws IOException {
        String name = clip.substring(0, clip.lastIndexOf('.'));
        try (InputStream in = CompressedFormatsGoldenTest.class.getResourceAsStream("/golden-formats/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    static Path audio(String clip) throws Exception {
        return Paths.get(CompressedFormatsGoldenTest.class.getResource("/golden-formats/audio/" + clip).toURI());
    }
}
