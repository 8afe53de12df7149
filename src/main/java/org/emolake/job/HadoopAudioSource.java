package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.emolake.audio.AudioException;
import org.emolake.audio.ErrorCode;
import org.emolake.scoring.AudioSource;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * A manifest row's file on any Hadoop file system as an {@link AudioSource}: read whole ({@link ClipReader}) for a
 * clip, or opened as a {@link HadoopByteChannel} so that a long recording is decoded range by range.
 *
 * @param name     the path as the manifest names it (every message carries it)
 * @param readPath the path actually read (after {@code --allowed-roots} resolution)
 */
record HadoopAudioSource(String name, String readPath, Configuration conf) implements AudioSource {

    @Override
    public byte[] read(long maxBytes) throws AudioException {
        ClipReader.Read read = ClipReader.read(name, readPath, conf);
        if (!read.ok()) {
            throw new AudioException(read.errorCode(), name, read.message());
        }
        return read.bytes();
    }

    /**
     * The file as a channel; {@code maxBytes} does not apply, since a channel is read by ranges and never held
     * whole (the duration limit, from the header, does).
     */
    @Override
    public SeekableByteChannel open(long maxBytes) throws AudioException {
        if (name == null || name.isBlank()) {
            throw new AudioException(ErrorCode.MISSING_PATH, String.valueOf(name),
                    "the manifest row has no path (" + (name == null ? "NULL" : "blank") + ")");
        }
        try {
            Path path = new Path(readPath);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            if (!status.isFile()) {
                throw new AudioException(ErrorCode.NOT_A_FILE, name, "not a regular file");
            }
            FSDataInputStream in = fs.open(path);
            return new HadoopByteChannel(in, status.getLen());
        } catch (FileNotFoundException e) {
            throw new AudioException(ErrorCode.FILE_NOT_FOUND, name, "file not found", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, String.valueOf(e.getMessage()), e);
        }
    }
}
