package org.emolake.audio;

import java.nio.ByteBuffer;

/** A read-only channel over bytes already in memory. */
final class ByteArrayChannel extends ReadOnlyChannel {
    private final byte[] bytes;

    ByteArrayChannel(byte[] bytes) {
        super(bytes.length);
        this.bytes = bytes;
    }

    @Override
    protected int readAt(long position, ByteBuffer target, int count) {
        target.put(bytes, (int) position, count);
        return count;
    }
}
