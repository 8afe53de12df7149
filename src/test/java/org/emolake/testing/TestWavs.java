package org.emolake.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Test clips made in code: 16-bit PCM WAV bytes and a deterministic speech-like signal. */
public final class TestWavs {
    private TestWavs() {
    }

    /** A canonical 44-byte-header PCM 16-bit WAV of interleaved samples in [-1, 1]. */
    public static byte[] pcm16(float[] interleaved, int channels, int sampleRate) {
        int dataBytes = interleaved.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2))
                .putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float v : interleaved) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767f))));
        }
        return b.array();
    }

    /**
     * A voiced, speech-like mono signal: a harmonic series on a gliding pitch with syllable-rate amplitude
     * modulation and a little noise. Deterministic for a given seed.
     */
    public static float[] speechLike(double seconds, int sampleRate, long seed) {
        Random random = new Random(seed);
        int n = (int) Math.round(seconds * sampleRate);
        double basePitch = 110 + random.nextDouble() * 140;
        double syllableRate = 3 + random.nextDouble() * 3;
        float[] y = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / sampleRate;
            double pitch = basePitch * (1 + 0.15 * Math.sin(2 * Math.PI * 0.7 * t));
            phase += 2 * Math.PI * pitch / sampleRate;
            double voiced = 0;
            for (int h = 1; h <= 12; h++) {
                voiced += Math.sin(h * phase) / h;
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * syllableRate * t);
            y[i] = (float) (0.25 * envelope * voiced + 0.01 * random.nextGaussian());
        }
        return y;
    }
}
