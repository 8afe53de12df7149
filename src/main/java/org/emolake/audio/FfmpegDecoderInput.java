package org.emolake.audio;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Bytes in memory, or a seekable channel, as an FFmpeg {@link AVIOContext} (read and seek callbacks): no temporary
 * file, no process.
 *
 * <p>JavaCPP gives each callback class a small fixed pool of native entry points, so the two callbacks are created
 * once for the JVM and find their input through the {@code opaque} pointer FFmpeg hands back: a key into a concurrent
 * map, unique per open input. Each call owns its input, so concurrent decodes share nothing else. A callback must
 * never throw into native code: a failure (the clip's deadline included) is kept, FFmpeg is told to stop, and the
 * decoder rethrows it with {@link #rethrowCallbackFailure()} once the native call has returned.
 */
final class FfmpegDecoderInput implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 15;
    private static final int AVSEEK_SIZE = 0x10000;
    private static final int AVSEEK_FORCE = 0x20000;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int AVERROR_EINVAL = -22;
    /** FFmpeg's AVERROR_EXIT, {@code -MKTAG('E','X','I','T')}: "stop, the caller asked". */
    static final int AVERROR_EXIT = -('E' | 'X' << 8 | 'I' << 16 | 'T' << 24);

    private static final Map<Long, FfmpegDecoderInput> OPEN = new ConcurrentHashMap<>();

    private static final Read_packet_Pointer_BytePointer_int READ = new Read_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            FfmpegDecoderInput input = OPEN.get(opaque.address());
            return input == null ? AVERROR_EXIT : input.read(buffer, size);
        }
    };

    private static final Seek_Pointer_long_int SEEK = new Seek_Pointer_long_int() {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            FfmpegDecoderInput input = OPEN.get(opaque.address());
            return input == null ? AVERROR_EXIT : input.seek(offset, whence);
        }
    };

    private final byte[] bytes;
    private final int start;
    /** Null when reading bytes in memory. */
    private final SeekableByteChannel channel;
    private final long length;
    private final LongPointer key;
    private final AVIOContext context;
    private long position;
    private RuntimeException callbackFailure;
    private byte[] transfer;

    /** Wraps the bytes between the buffer's position and limit; the buffer is not modified. */
    FfmpegDecoderInput(ByteBuffer data) {
        if (data.hasArray()) {
            bytes = data.array();
            start = data.arrayOffset() + data.position();
        } else {
            bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            start = 0;
        }
        channel = null;
        length = data.remaining();
        key = new LongPointer(1);
        context = allocate();
    }

    /** Reads {@code channel} (of {@code length} bytes) from its start; the channel stays open and the caller's. */
    FfmpegDecoderInput(SeekableByteChannel channel, long length) {
        this.bytes = null;
        this.start = 0;
        this.channel = channel;
        this.length = length;
        key = new LongPointer(1);
        context = allocate();
    }

    private AVIOContext allocate() {
        OPEN.put(key.address(), this);
        BytePointer buffer = new BytePointer(av_malloc(BUFFER_BYTES));
        AVIOContext io = buffer.isNull() ? null : avio_alloc_context(buffer, BUFFER_BYTES, 0, key, READ, null, SEEK);
        if (io == null || io.isNull()) {
            if (!buffer.isNull()) {
                av_free(buffer);
            }
            OPEN.remove(key.address());
            key.close();
            throw new OutOfMemoryError("FFmpeg could not allocate an I/O context");
        }
        return io;
    }

    AVIOContext context() {
        return context;
    }

    /** Throws what a callback caught (the clip deadline, for instance) since the last call. */
    void rethrowCallbackFailure() {
        RuntimeException failure = callbackFailure;
        if (failure != null) {
            callbackFailure = null;
            throw failure;
        }
    }

    private int read(BytePointer buffer, int size) {
        try {
            ClipDeadline.check();
            long remaining = length - position;
            if (remaining <= 0) {
                return AVERROR_EOF;
            }
            int count = (int) Math.min(size, remaining);
            if (channel == null) {
                buffer.position(0).put(bytes, start + (int) position, count);
            } else {
                count = readChannel(buffer, count);
                if (count <= 0) {
                    return AVERROR_EOF;
                }
            }
            position += count;
            return count;
        } catch (RuntimeException e) {
            callbackFailure = e;
            return AVERROR_EXIT;
        }
    }

    private int readChannel(BytePointer buffer, int count) {
        if (transfer == null || transfer.length < count) {
            transfer = new byte[Math.max(count, BUFFER_BYTES)];
        }
        ByteBuffer target = ByteBuffer.wrap(transfer, 0, count);
        try {
            channel.position(position);
            while (target.hasRemaining() && channel.read(target) >= 0) {
                // a channel may return fewer bytes than asked: read on to the end of the request
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int read = target.position();
        buffer.position(0).put(transfer, 0, read);
        return read;
    }

    private long seek(long offset, int whence) {
        int mode = whence & ~AVSEEK_FORCE;
        if (mode == AVSEEK_SIZE) {
            return length;
        }
        long target;
        switch (mode) {
            case SEEK_SET -> target = offset;
            case SEEK_CUR -> target = position + offset;
            case SEEK_END -> target = length + offset;
            default -> {
                return AVERROR_EINVAL;
            }
        }
        if (target < 0 || target > length) {
            return AVERROR_EINVAL;
        }
        position = target;
        return target;
    }

    @Override
    public void close() {
        // FFmpeg may have replaced the buffer it was given: free the one the context holds now.
        av_free(context.buffer());
        context.buffer(null);
        avio_context_free(context);
        OPEN.remove(key.address());
        key.close();
    }
}
