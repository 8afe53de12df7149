package org.emolake.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} of a known size over some source of bytes ({@link AudioLoader#open}'s
 * input): the position, the open state and the refusal to write are kept here; a subclass only reads at a position.
 */
public abstract class ReadOnlyChannel implements SeekableByteChannel {
    private final long size;
    private long position;
    private boolean open = true;

    /** A channel of {@code size} bytes, open, at position 0. */
    protected ReadOnlyChannel(long size) {
        this.size = size;
    }

    /**
     * Reads {@code count} bytes (at least 1, all within the size) at {@code position} into {@code target}; returns
     * how many it read (fewer if the source ended early), or -1 if none.
     */
    protected abstract int readAt(long position, ByteBuffer target, int count) throws IOException;

    /** Releases the source; called once, by the first {@link #close()}. */
    protected void closeSource() throws IOException {
    }

    @Override
    public final int read(ByteBuffer target) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int count = (int) Math.min(target.remaining(), size - position);
        if (count == 0) {
            return 0;
        }
        int n = readAt(position, target, count);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public final int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public final long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public final SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public final long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public final SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void close() throws IOException {
        if (open) {
            open = false;
            closeSource();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
