package org.emolake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emolake.testing.BadInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus at the command level: {@code emolake features} over a folder holding the whole bad-input corpus and
 * the path-level cases finishes with exit code 0, writes one line per clip with the right status, error code and a
 * message naming the file, and writes the good clips' lines exactly as a run over the good clips alone does.
 */
@Timeout(300)
class FeaturesBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(List<String> args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private Map<String, String> linesByPath() throws Exception {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                String path = JSON.readTree(line).get("path").asText();
                assertTrue(lines.put(path, line) == null, "two lines for " + path);
            }
        }
        return lines;
    }

    @Test
    void everyBadInputIsALineAndGoodLinesAreUntouched() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        List<BadInput.Case> expected = new ArrayList<>();
        List<String> goodPaths = new ArrayList<>();
        for (BadInput.Case c : BadInput.corpus()) {
            Path copy = Files.copy(BadInput.folder().resolve(c.file()), corpus.resolve(c.file()));
            expected.add(new BadInput.Case(copy.toString(), c.what(), c.status(), c.errorCode(), c.messageContains()));
            if (c.ok()) {
                goodPaths.add(copy.toString());
            }
        }
        // Path-level cases inside the scanned folder (a folder is walked, not a clip), the /proc ones given by name.
        List<String> explicit = new ArrayList<>();
        for (BadInput.PathCase pc : BadInput.pathCases(corpus)) {
            String what = pc.expected().what();
            if (what.startsWith("a folder") || what.startsWith("a path that does not exist")) {
                continue;
            }
            expected.add(new BadInput.Case(pc.path().toString(), what, "error", pc.expected().errorCode(),
                    pc.expected().messageContains()));
            if (pc.path().startsWith("/proc")) {
                explicit.add(pc.path().toString());
            }
            if (what.contains("loop")) {
                // the loop's other link is in the folder too
                expected.add(new BadInput.Case(corpus.resolve("loop_b.wav").toString(), what, "error",
                        pc.expected().errorCode(), pc.expected().messageContains()));
            }
        }
        // A folder named like a clip is walked; a missing path given by name is an error line.
        Files.copy(BadInput.folder().resolve("good_a.wav"),
                Files.createDirectories(corpus.resolve("nested.wav")).resolve("inner.wav"));
        String innerGood = corpus.resolve("nested.wav").resolve("inner.wav").toString();
        goodPaths.add(innerGood);
        expected.add(new BadInput.Case(innerGood, "a WAV file inside a folder named .wav", "ok", null, null));
        String missing = dir.resolve("missing.wav").toString();
        explicit.add(missing);
        expected.add(new BadInput.Case(missing, "a path that does not exist", "error", "FILE_NOT_FOUND",
                "no such file"));

        List<String> args = new ArrayList<>(List.of("features", "--threads", "2", corpus.toString()));
        args.addAll(explicit);
        assertEquals(0, run(args), err);
        Map<String, String> all = linesByPath();
        long errors = expected.stream().filter(c -> !c.ok()).count();
        assertTrue(err.contains("features: " + expected.size() + " clips, " + (expected.size() - errors) + " ok, "
                + errors + " errors"), err);
        assertEquals(expected.size(), all.size(), all.keySet().toString());

        for (BadInput.Case c : expected) {
            String line = all.get(c.file());
            assertNotNull(line, "no line for " + c.file() + " (" + c.what() + ")");
            JsonNode row = JSON.readTree(line);
            String label = c.what() + ": " + line.substring(0, Math.min(line.length(), 400));
            assertEquals(c.status(), row.get("status").asText(), label);
            if (c.ok()) {
                assertTrue(row.get("error_code").isNull(), label);
                assertEquals(110, row.get("features").size(), label);
            } else {
                assertEquals(c.errorCode(), row.get("error_code").asText(), label);
                String message = row.get("error_message").asText();
                assertTrue(message.contains(c.file()), "message names the file: " + label);
                assertTrue(message.contains(c.messageContains()), label);
                assertTrue(row.get("features").isNull(), label);
            }
        }

        // The good clips alone: their lines are byte for byte those of the run with every bad input.
        List<String> goodArgs = new ArrayList<>(List.of("features", "--threads", "1"));
        goodArgs.addAll(goodPaths);
        assertEquals(0, run(goodArgs), err);
        Map<String, String> good = linesByPath();
        assertEquals(goodPaths.size(), good.size());
        for (String path : goodPaths) {
            assertEquals(good.get(path), all.get(path), path);
        }
    }

    @Test
    void limitsAreCommandOptions() throws Exception {
        Path clip = Files.copy(BadInput.folder().resolve("good_a.wav"), dir.resolve("good_a.wav"));
        assertEquals(0, run(List.of("features", "--max-duration", "0.25", clip.toString())), err);
        JsonNode row = JSON.readTree(out.trim());
        assertEquals("TOO_LONG", row.get("error_code").asText(), out);
        assertEquals(0, run(List.of("features", "--clip-timeout", "0.000001", clip.toString())), err);
        row = JSON.readTree(out.trim());
        assertEquals("TIMEOUT", row.get("error_code").asText(), out);
        assertEquals(2, run(List.of("features", "--clip-timeout", "-1", clip.toString())));
        assertTrue(err.contains("--clip-timeout must be a positive number of seconds"), err);
        assertFalse(err.isEmpty());
    }
}
