package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The natives in the jar: extracted once per content hash, checked, loaded; a clear message where they cannot be. */
class BundledNativesTest {
    @Test
    void extractsEveryLibraryIntoTheCacheByContentHashAndReusesIt(@TempDir Path cache) throws Exception {
        assertEquals("available", run("-D" + BundledNatives.CACHE_PROPERTY + "=" + cache));
        List<Path> folders;
        try (Stream<Path> list = Files.list(cache)) {
            folders = list.toList();
        }
        assertEquals(1, folders.size(), "one folder per bundle: " + folders);
        for (String soname : BundledNatives.LOAD_ORDER) {
            Path library = folders.get(0).resolve(soname);
            assertTrue(Files.isRegularFile(library), soname);
        }
        Path sndfile = folders.get(0).resolve("libsndfile.so.1");
        long modified = Files.getLastModifiedTime(sndfile).toMillis();
        assertEquals("available", run("-D" + BundledNatives.CACHE_PROPERTY + "=" + cache));
        assertEquals(modified, Files.getLastModifiedTime(sndfile).toMillis(), "a good copy is not rewritten");

        Files.write(sndfile, new byte[] {1, 2, 3});
        assertEquals("available", run("-D" + BundledNatives.CACHE_PROPERTY + "=" + cache));
        assertTrue(Files.size(sndfile) > 100_000, "a damaged copy is replaced");
    }

    @Test
    void anotherPlatformGetsOneMessageNamingTheFix(@TempDir Path cache) throws Exception {
        String out = run("-D" + BundledNatives.CACHE_PROPERTY + "=" + cache, "-Dos.arch=aarch64");
        assertTrue(out.contains("linux-x86_64") && out.contains("-Demolake.natives=system"), out);
    }

    @Test
    void anUnknownModeIsRefused() throws Exception {
        String out = run("-D" + BundledNatives.MODE_PROPERTY + "=elsewhere");
        assertTrue(out.contains("Unknown -Demolake.natives"), out);
    }

    /** Runs {@link AudioLoader#checkAvailable()} in a fresh JVM; returns "available" or the exception's message. */
    private static String run(String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(List.of(properties));
        command.add(CheckMain.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    /** Prints what {@link AudioLoader#checkAvailable()} says. */
    static final class CheckMain {
        public static void main(String[] args) {
            try {
                AudioLoader.checkAvailable();
                System.out.println("available");
            } catch (NativeLibraryUnavailableException e) {
                System.out.println(e.getMessage().replace('\n', ' '));
            }
        }
    }
}
