package org.emolake.scoring;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import org.emolake.audio.AudioException;
import org.emolake.audio.ClipFiles;

/**
 * Where one clip's encoded audio comes from: the first step of the {@link ClipPipeline}. A whole clip is handed over
 * as bytes ({@link #read}), which {@link org.emolake.audio.AudioLoader} decodes (whatever the format it detects); a
 * long recording is read through a seekable channel ({@link #open}), from which only the segments' ranges are
 * decoded.
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

    /**
     * The encoded file as a seekable channel, for reading ranges of a long recording without holding it in memory;
     * the caller closes it. The default reads the whole file ({@link #read}) into an in-memory channel: sources that
     * can seek (a local file, a Hadoop stream) override it.
     *
     * @param maxBytes as for {@link #read}; a source that seeks need not hold the file, and may ignore it
     * @throws AudioException naming the clip when it cannot be opened (missing, a folder, unreadable)
     */
    default SeekableByteChannel open(long maxBytes) throws AudioException {
        return ClipFiles.inMemoryChannel(read(maxBytes));
    }

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

        /** The file opened for reading; it is never read whole, so {@code maxBytes} does not apply. */
        @Override
        public SeekableByteChannel open(long maxBytes) throws AudioException {
            return ClipFiles.open(path);
        }
    }
}
