package org.emolake.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emolake.features.FeatureExtractor;
import org.emolake.features.FeatureSet;
import org.emolake.testing.Golden;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void writesOneLinePerClipInOrderWithErrorsAsLines() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("archive"));
        Files.copy(Golden.audio("speech_en_22050_mono_s16"), folder.resolve("a_speech.wav"));
        Files.copy(Golden.audio("short_1500samples_22050_mono_s16"), folder.resolve("b_short.WAV"));
        Files.writeString(folder.resolve("c_text.wav"), "not audio");
        Files.writeString(folder.resolve("notes.txt"), "skipped and reported: not audio");
        Path missing = dir.resolve("missing.wav");

        assertEquals(0, run("features", folder.toString(), missing.toString()));
        List<JsonNode> lines = lines(out.toString(StandardCharsets.UTF_8));
        assertEquals(4, lines.size(), out.toString(StandardCharsets.UTF_8));

        JsonNode speech = lines.get(0);
        assertTrue(speech.get("path").asText().endsWith("a_speech.wav"));
        assertEquals("ok", speech.get("status").asText());
        assertTrue(speech.get("error_code").isNull());
        assertEquals(46068, speech.get("n_samples").asInt());
        double[] expected = new FeatureExtractor().extract(Golden.y("speech_en_22050_mono_s16"), "x");
        double[] actual = new double[FeatureSet.SIZE];
        assertEquals(FeatureSet.SIZE, speech.get("features").size());
        for (int i = 0; i < actual.length; i++) {
            actual[i] = speech.get("features").get(i).asDouble();
        }
        assertArrayEquals(expected, actual, 0.0, "JSON must round-trip every double exactly");

        assertError(lines.get(1), "b_short.WAV", "TOO_SHORT");
        assertEquals(1500, lines.get(1).get("n_samples").asInt());
        assertError(lines.get(2), "c_text.wav", "NOT_RIFF_WAVE");
        assertError(lines.get(3), "missing.wav", "FILE_NOT_FOUND");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("4 clips, 1 ok, 3 errors, 1 files skipped"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("features: skipped " + folder.resolve("notes.txt")
                + ": extension .txt is not an audio extension"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesToAnOutputFile() throws Exception {
        Path output = dir.resolve("features.jsonl");
        Files.copy(Golden.audio("sine_440_22050_mono_s16"), dir.resolve("sine.wav"));
        assertEquals(0, run("features", "--output", output.toString(), "--threads", "1",
                dir.resolve("sine.wav").toString()));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        List<JsonNode> lines = lines(Files.readString(output));
        assertEquals(1, lines.size());
        assertEquals("ok", lines.get(0).get("status").asText());
    }

    @Test
    void namesAreTheReferenceNames() {
        assertEquals(0, run("features", "--names"));
        String[] names = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(FeatureSet.SIZE, names.length);
        assertEquals("mfcc_mean_00", names[0]);
        assertEquals("rolloff_std", names[109]);
    }

    @Test
    void badArgumentsExitWithUsage() {
        assertEquals(2, run("features"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at least one file or folder"));
        assertEquals(2, run("features", "--bogus", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: '--bogus'"));
        assertEquals(2, run("nonsense"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'nonsense'"));
    }

    /** Without libsoxr no clip can be loaded: the command says so once, with the install hint, and exits 3. */
    @Test
    void aMissingLibsoxrStopsTheCommandUpFront() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Demolake.soxr.library=/nonexistent/libsoxr.so.0", Main.class.getName(), "features",
                Golden.audio("sine_440_22050_mono_s16").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.waitFor(), output);
        assertTrue(output.startsWith("emolake features: Cannot load libsoxr"), output);
        assertTrue(output.contains("libsoxr0"), output);
        assertTrue(!output.contains("\"status\""), "no clip line is written: " + output);
    }

    /**
     * {@code --segments}: one line per segment, in order, with the segment's place and length; 20 segments of a
     * 30-s recording spread over several threads come out in order; a file that cannot be opened is one line.
     */
    @Test
    void segmentsAreOneLineEach() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("calls"));
        float[] y = TestWavs.speechLike(7, 16000, 9);
        Files.write(folder.resolve("a_call.wav"), TestWavs.pcm16(y, 1, 16000));
        Files.writeString(folder.resolve("b_text.wav"), "not audio");

        assertEquals(0, run("features", "--segments", "--threads", "2", folder.toString()));
        List<JsonNode> lines = lines(out.toString(StandardCharsets.UTF_8));
        assertEquals(5, lines.size(), out.toString(StandardCharsets.UTF_8));
        double[] offsets = {0, 1.5, 3, 4.5};
        double[] durations = {3, 3, 3, 2.5};
        for (int k = 0; k < 4; k++) {
            JsonNode line = lines.get(k);
            assertTrue(line.get("path").asText().endsWith("a_call.wav"), line.toString());
            assertEquals(k, line.get("segment_index").asInt());
            assertEquals(offsets[k], line.get("offset_s").asDouble());
            assertEquals(durations[k], line.get("duration_s").asDouble(), 1e-12);
            assertEquals("ok", line.get("status").asText());
            assertEquals((int) Math.ceil(durations[k] * 22050), line.get("n_samples").asInt());
            assertEquals(FeatureSet.SIZE, line.get("features").size());
            assertEquals(lines.get(0).get("id"), line.get("id"), "the recording's clip id");
        }
        double[] expected = new FeatureExtractor().extract(
                org.emolake.audio.Resampler.resample(java.util.Arrays.copyOfRange(pcm16RoundTrip(y), 48000, 96000),
                        16000, 22050, false), "x");
        for (int i = 0; i < FeatureSet.SIZE; i++) {
            assertEquals(expected[i], lines.get(2).get("features").get(i).asDouble(), 0.0, "feature " + i);
        }
        JsonNode text = lines.get(4);
        assertError(text, "b_text.wav", "NOT_RIFF_WAVE");
        assertTrue(text.has("segment_index") && text.get("segment_index").isNull(), text.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("2 recordings, 5 lines, 4 ok, 1 errors"),
                err.toString(StandardCharsets.UTF_8));

        out.reset();
        assertEquals(0, run("features", "--segments", "--window", "5", "--hop", "4", folder.resolve("a_call.wav")
                .toString()));
        assertEquals(2, lines(out.toString(StandardCharsets.UTF_8)).size(), "0-5 s and 4-7 s");
        assertEquals(2, run("features", "--segments", "--hop", "0", folder.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--hop"), err.toString(StandardCharsets.UTF_8));
    }

    /** The samples a 16-bit WAV of {@code y} decodes to. */
    private static float[] pcm16RoundTrip(float[] y) {
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(y[i] * 32767f))) / 32768f;
        }
        return out;
    }

    private static void assertError(JsonNode line, String file, String code) {
        assertTrue(line.get("path").asText().endsWith(file), line.toString());
        assertEquals("error", line.get("status").asText(), line.toString());
        assertEquals(code, line.get("error_code").asText(), line.toString());
        assertTrue(line.get("error_message").asText().contains(file), line.toString());
        assertTrue(line.get("features").isNull(), line.toString());
    }
}
