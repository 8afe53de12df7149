package org.emolake.job;

import org.apache.hadoop.fs.FSDataInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop {@link FSDataInputStream} of known length, so that the
 * audio decoders read a recording on HDFS or object storage range by range, as they read a local file. Reads are
 * sequential on the stream and seek only when the position moved, which object-store streams serve best.
 */
final class HadoopByteChannel implements SeekableByteChannel {
    private static final int CHUNK = 64 * 1024;

    private final FSDataInputStream in;
    private final long size;
    private final byte[] chunk;
    private long position;
    private boolean open = true;

    HadoopByteChannel(FSDataInputStream in, long size) {
        this.in = in;
        this.size = size;
        this.chunk = new byte[(int) Math.min(CHUNK, Math.max(1, size))];
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int wanted = (int) Math.min(dst.remaining(), size - position);
        if (wanted == 0) {
            return 0;
        }
        if (in.getPos() != position) {
            in.seek(position);
        }
        int total = 0;
        while (total < wanted) {
            int n = in.read(chunk, 0, Math.min(chunk.length, wanted - total));
            if (n < 0) {
                break;
            }
            dst.put(chunk, 0, n);
            total += n;
        }
        position += total;
        return total == 0 ? -1 : total;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            in.close();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
