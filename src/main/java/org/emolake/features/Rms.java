package org.emolake.features;

import java.util.Arrays;
import org.emolake.numerics.NumpySums;

/**
 * {@code librosa.feature.rms(y=y, frame_length=2048, hop_length=512, center=True, pad_mode='constant')}: per frame,
 * {@code sqrt(mean(x²))} over {@code frame_length} samples of the zero-padded signal, in float32.
 *
 * <p>As librosa: each sample is squared in float32, the frame is summed with numpy's float32 pairwise summation
 * (the frame axis is contiguous in the squared array), divided by the frame length in float32 and square-rooted in
 * float32. Centring pads {@code frame_length / 2} zeros on both sides, so there are {@code 1 + n / hop} frames.
 * Immutable and thread-safe.
 */
public final class Rms {
    public static final int DEFAULT_FRAME_LENGTH = 2048;
    public static final int DEFAULT_HOP_LENGTH = 512;

    private static final Rms DEFAULT = new Rms(DEFAULT_FRAME_LENGTH, DEFAULT_HOP_LENGTH);

    private final int frameLength;
    private final int hopLength;

    public Rms(int frameLength, int hopLength) {
        if (frameLength < 1 || hopLength < 1) {
            throw new IllegalArgumentException("Cannot build rms: frame_length and hop_length must be positive ("
                    + frameLength + ", " + hopLength + ")");
        }
        this.frameLength = frameLength;
        this.hopLength = hopLength;
    }

    /** frame_length 2048, hop_length 512, centred with zero padding. */
    public static Rms librosaDefault() {
        return DEFAULT;
    }

    /** Frames for a clip of {@code nSamples} samples (centred). */
    public int frameCount(int nSamples) {
        return 1 + (nSamples + 2 * (frameLength / 2) - frameLength) / hopLength;
    }

    /** One float32 RMS value per frame (librosa's {@code 1 × frames} row). */
    public float[] compute(float[] y) {
        int pad = frameLength / 2;
        int frames = frameCount(y.length);
        float[] out = new float[frames];
        float[] sq = new float[frameLength];
        float length = frameLength;
        for (int t = 0; t < frames; t++) {
            // the zero-padded frame, then squared in place (a loop the JIT vectorises)
            int start = t * hopLength - pad;
            int from = Math.max(0, Math.min(frameLength, -start));
            int to = Math.max(from, Math.min(frameLength, y.length - start));
            Arrays.fill(sq, 0, from, 0f);
            System.arraycopy(y, start + from, sq, from, to - from);
            Arrays.fill(sq, to, frameLength, 0f);
            for (int k = 0; k < frameLength; k++) {
                sq[k] *= sq[k];
            }
            float power = NumpySums.pairwise(sq, 0, frameLength) / length;
            out[t] = (float) Math.sqrt(power);
        }
        return out;
    }
}
