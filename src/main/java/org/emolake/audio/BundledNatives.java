package org.emolake.audio;

import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The native libraries shipped inside the jar ({@code native/linux-x86_64/}, Debian 12's builds of libsoxr,
 * libsndfile and the codecs libsndfile links; see docs/THIRD_PARTY.md). On first use they are copied into a per-user
 * cache folder named by the SHA-256 of their checksum list (so two jar versions never share files, and concurrent
 * JVMs each write to a temporary file and move it into place atomically), checked against that list, and loaded
 * dependencies first, so that when libsndfile is loaded the dynamic linker finds its codecs, already loaded, by
 * soname. They need Linux on x86-64 with glibc 2.34 or newer.
 *
 * <p>{@code -Demolake.natives=system} (or {@code EMOLAKE_NATIVES=system}) uses the system's libraries instead
 * (Debian/Ubuntu packages libsoxr0 and libsndfile1); {@code -Demolake.natives.cache=DIR} (or
 * {@code EMOLAKE_NATIVES_CACHE}) moves the cache, by default {@code $XDG_CACHE_HOME/emolake/natives} or
 * {@code ~/.cache/emolake/natives}, or the temporary folder if the home folder is not writable.
 */
final class BundledNatives {
    static final String MODE_PROPERTY = "emolake.natives";
    static final String MODE_ENV = "EMOLAKE_NATIVES";
    static final String CACHE_PROPERTY = "emolake.natives.cache";
    static final String CACHE_ENV = "EMOLAKE_NATIVES_CACHE";
    static final String PLATFORM = "linux-x86_64";
    private static final String RESOURCE_DIR = "/native/" + PLATFORM + "/";
    private static final String CHECKSUMS = "SHA256SUMS";

    /** Every bundled library by soname, in an order where each comes after the libraries it needs. */
    static final List<String> LOAD_ORDER = List.of(
            "libgomp.so.1", "libsoxr.so.0",
            "libogg.so.0", "libvorbis.so.0", "libvorbisenc.so.2", "libFLAC.so.12", "libopus.so.0",
            "libmpg123.so.0", "libmp3lame.so.0", "libsndfile.so.1");

    private BundledNatives() {
    }

    /** Whether the system's libraries are configured instead of the bundled ones. */
    static boolean useSystemLibraries() {
        String mode = setting(MODE_PROPERTY, MODE_ENV);
        if (mode == null || mode.equalsIgnoreCase("bundled")) {
            return false;
        }
        if (mode.equalsIgnoreCase("system")) {
            return true;
        }
        throw new NativeLibraryUnavailableException("Unknown -D" + MODE_PROPERTY + " / " + MODE_ENV + " value '" + mode
                + "': use 'bundled' (the default) or 'system'", null);
    }

    /**
     * The absolute path of a bundled library, all of them extracted and loaded; throws
     * {@link NativeLibraryUnavailableException} (the same one every time) if they cannot be.
     */
    static String path(String soname) {
        if (Holder.FAILURE != null) {
            throw Holder.FAILURE;
        }
        return Holder.DIRECTORY.resolve(soname).toString();
    }

    private static final class Holder {
        static final Path DIRECTORY;
        static final NativeLibraryUnavailableException FAILURE;
        /** Strong references: a loaded library stays loaded for the life of the JVM. */
        static final List<NativeLibrary> LOADED = new ArrayList<>();

        static {
            Path directory = null;
            NativeLibraryUnavailableException failure = null;
            try {
                directory = extractAndLoad();
            } catch (NativeLibraryUnavailableException e) {
                failure = e;
            } catch (IOException | UncheckedIOException | UnsatisfiedLinkError | SecurityException e) {
                failure = new NativeLibraryUnavailableException("Cannot load emolake's bundled native libraries ("
                        + PLATFORM + ", glibc 2.34 or newer): " + e.getMessage() + ". " + SYSTEM_HINT, e);
            }
            DIRECTORY = directory;
            FAILURE = failure;
        }

        private static Path extractAndLoad() throws IOException {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                throw new NativeLibraryUnavailableException("emolake's bundled native libraries are for " + PLATFORM
                        + " (glibc 2.34 or newer), not " + os + "/" + arch + ". " + SYSTEM_HINT, null);
            }
            byte[] checksumList = resource(CHECKSUMS);
            Map<String, String> expected = parseChecksums(checksumList);
            Path directory = cacheRoot().resolve(sha256(checksumList).substring(0, 16));
            Files.createDirectories(directory);
            Path stamp = directory.resolve(VERIFIED_STAMP);
            String states = fileStates(directory);
            if (states == null || !states.equals(readStamp(stamp))) {
                for (String soname : LOAD_ORDER) {
                    String sha = expected.get(soname);
                    if (sha == null) {
                        throw new IOException(CHECKSUMS + " does not list " + soname);
                    }
                    Path target = directory.resolve(soname);
                    if (!Files.isRegularFile(target) || !sha.equals(sha256(Files.readAllBytes(target)))) {
                        extract(soname, sha, target);
                    }
                }
                String checked = fileStates(directory);
                if (checked != null) {
                    writeAtomically(stamp, checked.getBytes(StandardCharsets.UTF_8));
                }
            }
            for (String soname : LOAD_ORDER) {
                LOADED.add(NativeLibrary.getInstance(directory.resolve(soname).toString()));
            }
            return directory;
        }

        private static void extract(String soname, String sha, Path target) throws IOException {
            byte[] bytes = resource(soname);
            if (!sha.equals(sha256(bytes))) {
                throw new IOException(soname + " in the jar does not match its SHA-256 in " + CHECKSUMS);
            }
            writeAtomically(target, bytes);
        }

        /** Writes a file under a temporary name and moves it into place, so a concurrent JVM never reads half of it. */
        private static void writeAtomically(Path target, byte[] bytes) throws IOException {
            Path temporary = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
            try {
                Files.write(temporary, bytes);
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * The name of the file that records each library's size, modification time and inode as they were when their
     * SHA-256 was last checked: while all three are unchanged, a start does not hash the 3.4 MB again (~0.2 s of a
     * one-core start, when the JVM's SHA-256 is not compiled yet). A library rewritten, truncated or replaced changes
     * them, and is checked and extracted again.
     */
    static final String VERIFIED_STAMP = "VERIFIED";

    /**
     * One line per library: soname, size, modification time in nanoseconds, file key; {@code null} if one is
     * missing or not a regular file of its own (a link's target can change without its link changing), so that the
     * libraries are hashed.
     */
    static String fileStates(Path directory) throws IOException {
        StringBuilder states = new StringBuilder();
        for (String soname : LOAD_ORDER) {
            Path library = directory.resolve(soname);
            if (!Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            BasicFileAttributes attributes = Files.readAttributes(library, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            states.append(soname).append(' ').append(attributes.size()).append(' ')
                    .append(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append(' ')
                    .append(attributes.fileKey()).append('\n');
        }
        return states.toString();
    }

    private static String readStamp(Path stamp) {
        try {
            return Files.readString(stamp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // absent or unreadable: check the libraries
        }
    }

    private static final String SYSTEM_HINT = "To use the system's libraries instead (Debian/Ubuntu packages libsoxr0 "
            + "and libsndfile1), set -D" + MODE_PROPERTY + "=system or " + MODE_ENV + "=system";

    private static Path cacheRoot() {
        String configured = setting(CACHE_PROPERTY, CACHE_ENV);
        if (configured != null) {
            return Paths.get(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path home = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home", "."), ".cache");
        Path preferred = home.resolve("emolake").resolve("natives");
        try {
            Files.createDirectories(preferred);
            if (Files.isWritable(preferred)) {
                return preferred;
            }
        } catch (IOException | SecurityException e) {
            // a container or executor without a writable home: fall through to the temporary folder
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Paths.get(System.getProperty("java.io.tmpdir"), "emolake-natives-" + user);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BundledNatives.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IOException(RESOURCE_DIR + name + " is not in the jar (build with scripts/fetch-natives.sh run)");
            }
            return in.readAllBytes();
        }
    }

    private static Map<String, String> parseChecksums(byte[] list) {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (String line : new String(list, StandardCharsets.US_ASCII).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2) {
                checksums.put(fields[1].replace("*", ""), fields[0]);
            }
        }
        return checksums;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
