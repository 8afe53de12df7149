package org.emolake.scoring;

import java.nio.file.Path;
import org.emolake.audio.AudioException;
import org.emolake.audio.ClipFiles;

/**
 * Where one clip's encoded audio comes from: the first step of the {@link ClipPipeline}. Today every source hands
 * over the whole file as bytes, which {@link org.emolake.audio.AudioLoader} decodes (whatever the format it detects);
 * a source that can be read piecewise (a seekable stream over object storage, for long recordings) is one more
 * implementation of this interface, with the decoding step asking it for ranges instead of the whole file.
 */
public interface AudioSource {

    /** The clip's path or URI as the caller names it: every error message about the clip carries it. */
    String name();

    /**
     * The whole encoded file.
     *
     * @param maxBytes files larger than this are refused ({@code TOO_LONG}) before they are read, where the source
     *                 can tell (a source already in memory has been read and ignores it)
     * @throws AudioException naming the clip when it cannot be read (missing, a folder, unreadable, too large)
     */
    byte[] read(long maxBytes) throws AudioException;

    /** A clip already in memory. */
    static AudioSource of(String name, byte[] bytes) {
        return new ClipInput(name, bytes);
    }

    /** A clip on a local (or NIO-mounted) file system, read with {@link ClipFiles} when the pipeline needs it. */
    static AudioSource file(Path path) {
        return new LocalFile(path);
    }

    /** A local file, read lazily so that a folder of clips is never held in memory at once. */
    record LocalFile(Path path) implements AudioSource {
        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public byte[] read(long maxBytes) throws AudioException {
            return ClipFiles.read(path, maxBytes);
        }
    }
}
