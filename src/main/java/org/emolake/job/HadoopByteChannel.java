package org.emolake.job;

import org.apache.hadoop.fs.FSDataInputStream;
import org.emolake.audio.ReadOnlyChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A read-only channel over a Hadoop {@link FSDataInputStream} of known length, so that the audio decoders read a
 * recording on HDFS or object storage range by range, as they read a local file. Reads are sequential on the stream
 * and seek only when the position moved, which object-store streams serve best.
 */
final class HadoopByteChannel extends ReadOnlyChannel {
    private static final int CHUNK = 64 * 1024;

    private final FSDataInputStream in;
    private final byte[] chunk;

    HadoopByteChannel(FSDataInputStream in, long size) {
        super(size);
        this.in = in;
        this.chunk = new byte[(int) Math.min(CHUNK, Math.max(1, size))];
    }

    @Override
    protected int readAt(long position, ByteBuffer target, int count) throws IOException {
        if (in.getPos() != position) {
            in.seek(position);
        }
        int total = 0;
        while (total < count) {
            int n = in.read(chunk, 0, Math.min(chunk.length, count - total));
            if (n < 0) {
                break;
            }
            target.put(chunk, 0, n);
            total += n;
        }
        return total == 0 ? -1 : total;
    }

    @Override
    protected void closeSource() throws IOException {
        in.close();
    }
}
