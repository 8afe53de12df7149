package org.emolake.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which files in a folder are audio clips: every file with the extension of a format emolake reads, and any other
 * file whose first bytes are such a format ({@link AudioFormat#detect}). Every other regular file is returned as
 * {@link Skipped} with the reason, so that a folder scan can report what it left out instead of omitting it silently.
 * Decoding itself never trusts the extension: a {@code .mp3} that holds FLAC is read as FLAC.
 */
public final class AudioFiles {
    /** Lower-case extensions of the formats emolake reads (libsndfile's, plus MP4/M4A for the FFmpeg decoder). */
    public static final Set<String> EXTENSIONS = Set.of(
            "wav", "wave", "bwf", "rf64", "w64", "aif", "aiff", "aifc", "au", "snd", "caf",
            "flac", "ogg", "oga", "opus", "mp3", "mp2", "m4a", "mp4", "aac");
    /** {@link #EXTENSIONS} for messages, sorted. */
    public static final String EXTENSIONS_TEXT = "." + String.join(", .", new TreeSet<>(EXTENSIONS));

    /** A regular file a scan left out, and why. */
    public record Skipped(Path path, String reason) {
    }

    /** The clips a scan found, in path order, and the files it left out, with the reason. */
    public record Scan(List<Path> clips, List<Skipped> skipped) {
    }

    private AudioFiles() {
    }

    /** Whether {@code name} ends with one of {@link #EXTENSIONS}, in any case. */
    public static boolean hasAudioExtension(String name) {
        return EXTENSIONS.contains(extension(name));
    }

    static boolean hasWavExtension(String name) {
        String extension = extension(name);
        return extension.equals("wav") || extension.equals("wave");
    }

    /**
     * The reason a file of this name and these first bytes is not a clip, or null if it is one: it has an audio
     * extension, or its content is a known audio format.
     */
    public static String skipReason(String name, ByteBuffer firstBytes) {
        if (hasAudioExtension(name)) {
            return null;
        }
        AudioFormat format = AudioFormat.detect(firstBytes);
        if (format != AudioFormat.UNKNOWN) {
            return null;
        }
        String extension = extension(name);
        return (extension.isEmpty() ? "no extension" : "extension ." + extension)
                + " is not an audio extension (" + EXTENSIONS_TEXT + ") and the content is no audio format emolake reads";
    }

    /**
     * Walks a folder tree (symbolic links are not followed into folders) and sorts what is not a folder into clips
     * and skipped files. An entry with an audio extension is a clip even if it is a dangling link, a link loop or
     * unreadable: decoding it gives an error row instead of a silent omission.
     */
    public static Scan scan(Path folder) throws IOException {
        List<Path> clips = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) walk.filter(p -> !Files.isDirectory(p)).sorted()::iterator) {
                String name = file.getFileName().toString();
                String reason;
                if (hasAudioExtension(name)) {
                    reason = null;
                } else if (!Files.isRegularFile(file)) {
                    reason = "not a regular file, and extension is not an audio extension (" + EXTENSIONS_TEXT + ")";
                } else {
                    reason = skipReason(name, firstBytes(file));
                }
                if (reason == null) {
                    clips.add(file);
                } else {
                    skipped.add(new Skipped(file, reason));
                }
            }
        }
        return new Scan(List.copyOf(clips), List.copyOf(skipped));
    }

    private static ByteBuffer firstBytes(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ByteBuffer.wrap(in.readNBytes(AudioFormat.PROBE_BYTES));
        } catch (IOException e) {
            return ByteBuffer.allocate(0); // unreadable and not named as audio: skipped, with the reason

        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
