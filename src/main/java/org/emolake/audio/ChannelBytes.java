package org.emolake.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/** A seekable channel read at absolute offsets, with I/O failures as {@link ErrorCode#UNREADABLE}. */
final class ChannelBytes implements WavDecoder.Bytes {
    private final SeekableByteChannel channel;
    private final String name;
    private final long length;

    ChannelBytes(SeekableByteChannel channel, String name) throws AudioException {
        this.channel = channel;
        this.name = name;
        try {
            this.length = channel.size();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public long length() {
        return length;
    }

    /** The first bytes of the file, enough to recognise its format. */
    ByteBuffer head() throws AudioException {
        return read(0, AudioFormat.PROBE_BYTES);
    }

    @Override
    public ByteBuffer read(long offset, int count) throws AudioException {
        int n = (int) Math.max(0, Math.min(count, length - offset));
        ByteBuffer buffer = ByteBuffer.allocate(n);
        try {
            channel.position(offset);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new AudioException(ErrorCode.UNREADABLE, name, "file changed size while being read: "
                            + length + " bytes when opened, " + (offset + buffer.position()) + " when read");
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    private AudioException unreadable(IOException e) {
        return new AudioException(ErrorCode.UNREADABLE, name, "cannot read: " + e.getMessage(), e);
    }
}
