package org.emolake.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only reader of 16-bit PCM mono WAV clips: {@code librosa.load} of such a clip at its own rate is
 * {@code int16 / 32768} in float32. Not a WAV decoder: it accepts nothing else.
 */
public final class Pcm16TestReader {
    private Pcm16TestReader() {
    }

    /** Samples of a golden 16-bit PCM mono clip as librosa loads them. */
    public static float[] read(String clip) {
        try {
            return decode(ByteBuffer.wrap(Files.readAllBytes(Golden.audio(clip))).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] decode(ByteBuffer wav) {
        wav.position(12);
        while (wav.remaining() >= 8) {
            int id = wav.getInt();
            int size = wav.getInt();
            if (id == 0x20746d66) { // "fmt "
                short format = wav.getShort(wav.position());
                short channels = wav.getShort(wav.position() + 2);
                short bits = wav.getShort(wav.position() + 14);
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new IllegalArgumentException("Not 16-bit PCM mono: format " + format + ", channels "
                            + channels + ", bits " + bits);
                }
            } else if (id == 0x61746164) { // "data"
                float[] y = new float[size / 2];
                for (int i = 0; i < y.length; i++) {
                    y[i] = wav.getShort() / 32768f;
                }
                return y;
            }
            wav.position(wav.position() + size + (size & 1));
        }
        throw new IllegalArgumentException("No data chunk");
    }
}
