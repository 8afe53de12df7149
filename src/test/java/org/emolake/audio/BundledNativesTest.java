package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

        Path stamp = folders.get(0).resolve(BundledNatives.VERIFIED_STAMP);
        assertEquals(BundledNatives.fileStates(folders.get(0)), Files.readString(stamp),
                "the checked libraries' sizes, times and inodes are recorded");

        byte[] same = Files.readAllBytes(sndfile);
        same[same.length / 2] ^= 1; // same size, other content: a new modification time
        Files.write(sndfile, same);
        assertNotEquals(BundledNatives.fileStates(folders.get(0)), Files.readString(stamp));
        assertEquals("available", run("-D" + BundledNatives.CACHE_PROPERTY + "=" + cache));
        assertEquals(BundledNatives.sha256(Files.readAllBytes(folders.get(0).resolve("libsndfile.so.1"))),
                checksumOf("libsndfile.so.1"), "a library changed since its check is checked and replaced");
        assertEquals(BundledNatives.fileStates(folders.get(0)), Files.readString(stamp));

        Path copy = Files.copy(sndfile, cache.resolve("libsndfile-copy"));
        Files.delete(sndfile);
        Files.createSymbolicLink(sndfile, copy);
        assertNull(BundledNatives.fileStates(folders.get(0)), "a link is hashed at every start, never stamped");
        Files.delete(sndfile);
        Files.move(copy, sndfile);

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

    private static String checksumOf(String soname) throws IOException {
        try (var in = BundledNatives.class.getResourceAsStream("/native/" + BundledNatives.PLATFORM + "/SHA256SUMS")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 2 && fields[1].replace("*", "").equals(soname)) {
                    return fields[0];
                }
            }
        }
        throw new AssertionError(soname + " is not in SHA256SUMS");
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
