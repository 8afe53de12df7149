package org.emolake.audio;

import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Locale;

/**
 * An audio stream opened by libsndfile itself ({@code sf_open_virtual}), read as float32 frames the way soundfile's
 * {@code SoundFile.read(dtype='float32')} reads them ({@code sf_readf_float} with libsndfile's default normalisation:
 * integers scaled to [-1, 1), float data passed through), with random access by frame. Every format libsndfile 1.2
 * reads: WAV/RIFX/RF64/W64, AIFF/AIFC, AU, CAF, FLAC, Ogg Vorbis/Opus/FLAC, MP3 (mpg123) and more.
 *
 * <p>The source is a byte buffer or a seekable channel (for example an open file or an HDFS stream adapter): libsndfile
 * reads it through callbacks, so only the frames asked for are decoded and held. Not thread-safe; close it (the
 * native handle is freed then, not by the garbage collector).
 */
public final class SoundFile implements AutoCloseable {
    private final Sndfile.Api api;
    private final Source source;
    private final String name;
    /** Strong references to the callbacks for as long as libsndfile may call them. */
    private final Sndfile.VirtualIo callbacks;
    private final Sndfile.Info info;
    private Pointer handle;

    private SoundFile(Sndfile.Api api, Source source, String name) throws AudioException {
        this.api = api;
        this.source = source;
        this.name = name;
        this.callbacks = source.callbacks();
        this.info = new Sndfile.Info();
        this.handle = api.sf_open_virtual(callbacks, Sndfile.SFM_READ, info, null);
        if (handle == null) {
            source.throwIfFailed(name);
            String reason = api.sf_strerror(null);
            ErrorCode code = reason != null && reason.toLowerCase(Locale.ROOT).contains("not recognised")
                    ? ErrorCode.UNSUPPORTED_FORMAT : ErrorCode.CORRUPT_STREAM;
            throw new AudioException(code, name, "libsndfile cannot open it: " + reason);
        }
        // What soundfile sets on every file it opens; it changes only float-to-integer reads, kept for fidelity.
        api.sf_command(handle, Sndfile.SFC_SET_CLIPPING, null, Sndfile.SF_TRUE);
        if (info.channels <= 0 || info.samplerate <= 0) {
            close();
            throw new AudioException(ErrorCode.INVALID_FORMAT, name, "libsndfile reports " + info.channels
                    + " channels at " + info.samplerate + " Hz");
        }
    }

    /** Opens the bytes between the buffer's position and limit (the buffer is not modified). */
    public static SoundFile open(ByteBuffer bytes, String name) throws AudioException {
        if (!bytes.hasRemaining()) {
            throw new AudioException(ErrorCode.EMPTY_FILE, name, "file is empty (0 bytes)");
        }
        return new SoundFile(Sndfile.library(), new BufferSource(bytes.slice()), name);
    }

    /** Opens a seekable channel from its start; the channel stays open and owned by the caller. */
    public static SoundFile open(SeekableByteChannel channel, String name) throws AudioException {
        try {
            if (channel.size() == 0) {
                throw new AudioException(ErrorCode.EMPTY_FILE, name, "file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "cannot read: " + e.getMessage(), e);
        }
        return new SoundFile(Sndfile.library(), new ChannelSource(channel), name);
    }

    /** Frames in the stream as libsndfile reports them after opening it. */
    public long frames() {
        return info.frames;
    }

    public int sampleRate() {
        return info.samplerate;
    }

    public int channels() {
        return info.channels;
    }

    /** libsndfile's {@code SF_FORMAT_*} major format and subtype, e.g. {@code 0x170002} for FLAC PCM_16. */
    public int format() {
        return info.format;
    }

    /** The subtype by libsndfile's name. */
    public SampleEncoding encoding() {
        return SampleEncoding.ofSndfileSubtype(info.format & Sndfile.SF_FORMAT_SUBMASK);
    }

    /**
     * Up to {@code frameCount} interleaved frames from {@code frameOffset} ({@code sf_seek} then
     * {@code sf_readf_float}); fewer at the end of the stream, or where a damaged stream stops decoding.
     */
    public float[] read(long frameOffset, int frameCount) throws AudioException {
        if (handle == null) {
            throw new IllegalStateException("SoundFile " + name + " is closed");
        }
        if (frameOffset < 0 || frameCount < 0) {
            throw new IllegalArgumentException("Cannot read " + frameCount + " frames at " + frameOffset);
        }
        long position = api.sf_seek(handle, frameOffset, Sndfile.SEEK_SET);
        source.throwIfFailed(name);
        if (position != frameOffset) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "cannot seek to frame " + frameOffset + ": "
                    + api.sf_strerror(handle));
        }
        return readFromHere(frameCount);
    }

    /** Up to {@code frameCount} frames from the current position, as soundfile reads a whole file. */
    float[] readFromHere(int frameCount) throws AudioException {
        float[] buffer = new float[Math.multiplyExact(frameCount, info.channels)];
        long read = api.sf_readf_float(handle, buffer, frameCount);
        source.throwIfFailed(name);
        if (read < 0) {
            throw new AudioException(ErrorCode.CORRUPT_STREAM, name, "cannot decode: " + api.sf_strerror(handle));
        }
        return read == frameCount ? buffer : Arrays.copyOf(buffer, (int) read * info.channels);
    }

    @Override
    public void close() {
        if (handle != null) {
            api.sf_close(handle);
            handle = null;
        }
    }

    /** The bytes libsndfile reads, with its read position; I/O failures are kept and reported after the call. */
    private abstract static class Source {
        long position;
        IOException failure;

        abstract long length() throws IOException;

        /** Reads into {@code target} at {@link #position}; returns bytes read, 0 at the end. */
        abstract int readAt(ByteBuffer target) throws IOException;

        void throwIfFailed(String name) throws AudioException {
            if (failure != null) {
                throw new AudioException(ErrorCode.UNREADABLE, name, "cannot read: " + failure.getMessage(), failure);
            }
        }

        Sndfile.VirtualIo callbacks() {
            Sndfile.VirtualIo io = new Sndfile.VirtualIo();
            io.get_filelen = user -> {
                try {
                    return length();
                } catch (IOException e) {
                    failure = e;
                    return -1;
                }
            };
            io.seek = (offset, whence, user) -> {
                try {
                    long base = whence == Sndfile.SEEK_SET ? 0 : whence == Sndfile.SEEK_CUR ? position : length();
                    long target = base + offset;
                    if (target < 0) {
                        return -1;
                    }
                    position = target;
                    return position;
                } catch (IOException e) {
                    failure = e;
                    return -1;
                }
            };
            io.read = (buffer, count, user) -> {
                try {
                    long available = Math.max(0, Math.min(count, length() - position));
                    if (available == 0) {
                        return 0;
                    }
                    ByteBuffer target = buffer.getByteBuffer(0, available);
                    long total = 0;
                    while (target.hasRemaining()) {
                        int n = readAt(target);
                        if (n <= 0) {
                            break;
                        }
                        position += n;
                        total += n;
                    }
                    return total;
                } catch (IOException e) {
                    failure = e;
                    return 0;
                }
            };
            io.write = (buffer, count, user) -> 0;
            io.tell = user -> position;
            return io;
        }
    }

    private static final class BufferSource extends Source {
        private final ByteBuffer bytes;

        BufferSource(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        @Override
        long length() {
            return bytes.limit();
        }

        @Override
        int readAt(ByteBuffer target) {
            int n = (int) Math.min(target.remaining(), bytes.limit() - position);
            target.put(bytes.slice((int) position, n));
            return n;
        }
    }

    private static final class ChannelSource extends Source {
        private final SeekableByteChannel channel;

        ChannelSource(SeekableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        long length() throws IOException {
            return channel.size();
        }

        @Override
        int readAt(ByteBuffer target) throws IOException {
            channel.position(position);
            return channel.read(target);
        }
    }
}
