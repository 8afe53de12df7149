package org.emolake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input}, written by {@code make_bad_input.py}) and the
 * path-level cases that cannot be committed as files, made at run time in a folder.
 */
public final class BadInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BadInput() {
    }

    /** What one input must give. {@code status} is "ok" or "error"; code and phrase are null when ok. */
    public record Case(String file, String what, String status, String errorCode, String messageContains) {
        public boolean ok() {
            return "ok".equals(status);
        }
    }

    /** The folder holding the committed corpus. */
    public static Path folder() {
        try {
            return Paths.get(BadInput.class.getResource("/bad-input/cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed cases, in cases.json order. */
    public static List<Case> corpus() {
        try {
            JsonNode cases = JSON.readTree(folder().resolve("cases.json").toFile());
            List<Case> out = new ArrayList<>();
            for (JsonNode c : cases) {
                out.add(new Case(c.get("file").asText(), c.get("what").asText(), c.get("status").asText(),
                        c.get("error_code").isNull() ? null : c.get("error_code").asText(),
                        c.get("message_contains").isNull() ? null : c.get("message_contains").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path-level case made in a folder: the path to hand to the reader and what it must give. */
    public record PathCase(Path path, Case expected) {
    }

    /**
     * Makes the path-level cases inside {@code dir}: a missing file, a folder, a symbolic-link loop, a dangling link,
     * a FIFO (when {@code mkfifo} exists), a regular file whose read fails ({@code /proc/self/mem}, EIO even for
     * root) and a file whose size changes while it is read ({@code /proc/self/status}: 0 bytes when opened, text
     * when read). Permission bits are tested separately, as a non-root user (root reads any file).
     */
    public static List<PathCase> pathCases(Path dir) throws IOException, InterruptedException {
        List<PathCase> cases = new ArrayList<>();
        cases.add(new PathCase(dir.resolve("missing.wav"),
                new Case("missing.wav", "a path that does not exist", "error", "FILE_NOT_FOUND", "no such file")));
        Path folder = Files.createDirectories(dir.resolve("folder.wav"));
        cases.add(new PathCase(folder,
                new Case("folder.wav", "a folder given as a path", "error", "NOT_A_FILE", "directory")));
        Path loopA = dir.resolve("loop_a.wav");
        Path loopB = dir.resolve("loop_b.wav");
        Files.createSymbolicLink(loopA, loopB.getFileName());
        Files.createSymbolicLink(loopB, loopA.getFileName());
        cases.add(new PathCase(loopA,
                new Case("loop_a.wav", "a symbolic-link loop", "error", "NOT_A_FILE", "symbolic link loop")));
        Path dangling = dir.resolve("dangling.wav");
        Files.createSymbolicLink(dangling, Paths.get("gone.wav"));
        cases.add(new PathCase(dangling, new Case("dangling.wav", "a symbolic link to a missing file", "error",
                "FILE_NOT_FOUND", "symbolic link to a missing file")));
        Path fifo = dir.resolve("fifo.wav");
        if (mkfifo(fifo)) {
            cases.add(new PathCase(fifo, new Case("fifo.wav", "a FIFO (would block a naive reader)", "error",
                    "NOT_A_FILE", "not a regular file")));
        }
        cases.add(new PathCase(Paths.get("/proc/self/mem"), new Case("/proc/self/mem",
                "a regular file whose read fails (EIO)", "error", "UNREADABLE", "read failed")));
        cases.add(new PathCase(Paths.get("/proc/self/status"), new Case("/proc/self/status",
                "a file that changes size while read (procfs: 0 bytes when opened, more when read)", "error",
                "UNREADABLE", "changed size while being read")));
        return cases;
    }

    private static boolean mkfifo(Path path) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
