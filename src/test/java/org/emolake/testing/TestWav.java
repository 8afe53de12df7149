package org.emolake.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only reader for the mono golden WAVs at 22050 Hz that librosa loads without resampling: 16-bit PCM
 * ({@code int16 / 32768}, as libsndfile converts) and 32-bit IEEE float. Not the production decoder.
 */
public final class TestWav {
    private TestWav() {
    }

    /** The samples of a mono 16-bit PCM or 32-bit float WAV as librosa's float32 {@code y}; checks the rate. */
    public static float[] readMono(Path path, int expectedRate) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("Not a RIFF/WAVE file: " + path);
        }
        int format = -1;
        int channels = -1;
        int rate = -1;
        int bits = -1;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164) { // "data"
                if (channels != 1 || rate != expectedRate) {
                    throw new IllegalArgumentException(path + ": expected mono at " + expectedRate + " Hz, got "
                            + channels + " channels at " + rate + " Hz");
                }
                if (format == 1 && bits == 16) {
                    float[] y = new float[size / 2];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = b.getShort(body + 2 * i) / 32768f;
                    }
                    return y;
                }
                if (format == 3 && bits == 32) {
                    float[] y = new float[size / 4];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = b.getFloat(body + 4 * i);
                    }
                    return y;
                }
                throw new IllegalArgumentException(path + ": unsupported format " + format + " with " + bits + " bits");
            }
            pos = body + size + (size & 1);
        }
        throw new IllegalArgumentException(path + ": no data chunk");
    }
}
