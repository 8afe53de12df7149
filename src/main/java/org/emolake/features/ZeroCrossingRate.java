package org.emolake.features;

/**
 * {@code librosa.feature.zero_crossing_rate(y, frame_length=2048, hop_length=512, center=True)}: per frame, the
 * fraction of the {@code frame_length} samples at which the sign changes, in float64.
 *
 * <p>As librosa (via {@code zero_crossings(threshold=1e-10, zero_pos=True, pad=False)}): the signal is padded with
 * {@code frame_length / 2} copies of its first and last sample ({@code np.pad(mode='edge')}); samples with
 * {@code |x| <= 1e-10} (compared in float32) count as zero and zero counts as positive; sample {@code i > 0} of a frame
 * is a crossing when its sign differs from sample {@code i − 1}'s; the first sample of a frame never is. The rate is
 * crossings / frame_length. Immutable and thread-safe.
 */
public final class ZeroCrossingRate {
    public static final int DEFAULT_FRAME_LENGTH = 2048;
    public static final int DEFAULT_HOP_LENGTH = 512;
    private static final float THRESHOLD = 1e-10f;
    private static final int THRESHOLD_BITS = Float.floatToRawIntBits(THRESHOLD);

    private static final ZeroCrossingRate DEFAULT = new ZeroCrossingRate(DEFAULT_FRAME_LENGTH, DEFAULT_HOP_LENGTH);

    private final int frameLength;
    private final int hopLength;

    public ZeroCrossingRate(int frameLength, int hopLength) {
        if (frameLength < 1 || hopLength < 1) {
            throw new IllegalArgumentException("Cannot build zero_crossing_rate: frame_length and hop_length must be "
                    + "positive (" + frameLength + ", " + hopLength + ")");
        }
        this.frameLength = frameLength;
        this.hopLength = hopLength;
    }

    /** frame_length 2048, hop_length 512, centred with edge padding. */
    public static ZeroCrossingRate librosaDefault() {
        return DEFAULT;
    }

    public int frameCount(int nSamples) {
        return 1 + (nSamples + 2 * (frameLength / 2) - frameLength) / hopLength;
    }

    /** One float64 rate per frame (librosa's {@code 1 × frames} row). */
    public double[] compute(float[] y) {
        if (y.length == 0) {
            throw new IllegalArgumentException("Cannot compute zero_crossing_rate: empty signal");
        }
        int pad = frameLength / 2;
        int n = y.length;
        // changes[i]: sign changes between samples 0..i (an exact integer prefix count), branch-free
        int[] changes = new int[n];
        int previous = negative(y[0]);
        for (int i = 1; i < n; i++) {
            int current = negative(y[i]);
            changes[i] = changes[i - 1] + (current ^ previous);
            previous = current;
        }
        int frames = frameCount(n);
        double[] out = new double[frames];
        for (int t = 0; t < frames; t++) {
            // padded samples start .. start + frameLength - 1 read samples start - pad .. (clamped: edge padding, where
            // the sign never changes); crossings between consecutive ones
            int start = t * hopLength - pad;
            int first = Math.min(n - 1, Math.max(0, start));
            int last = Math.min(n - 1, Math.max(0, start + frameLength - 1));
            int crossings = changes[last] - changes[first];
            out[t] = (double) crossings / frameLength;
        }
        return out;
    }

    /**
     * The rule {@link #compute} implements with a branch-free prefix count, written plainly as librosa does it: pad
     * with edge copies, frame, zero the samples with {@code |x| <= 1e-10}, and count per frame the samples whose
     * {@code signbit} differs from the previous sample's. The reference {@code ZeroCrossingRateTest} holds
     * {@link #compute} equal to.
     */
    double[] computePlainly(float[] y) {
        int pad = frameLength / 2;
        float[] padded = new float[y.length + 2 * pad];
        for (int i = 0; i < padded.length; i++) {
            padded[i] = y[Math.min(y.length - 1, Math.max(0, i - pad))];
        }
        int frames = frameCount(y.length);
        double[] out = new double[frames];
        for (int t = 0; t < frames; t++) {
            int crossings = 0;
            for (int i = 1; i < frameLength; i++) {
                float previous = padded[t * hopLength + i - 1];
                float current = padded[t * hopLength + i];
                if (signBit(previous) != signBit(current)) {
                    crossings++;
                }
            }
            out[t] = (double) crossings / frameLength;
        }
        return out;
    }

    /** {@code np.signbit} after {@code x[np.abs(x) <= threshold] = 0}. */
    private static boolean signBit(float v) {
        float x = Math.abs(v) <= THRESHOLD ? 0f : v;
        return (Float.floatToRawIntBits(x) & 0x80000000) != 0;
    }

    /**
     * 1 if {@code v} counts as negative: its sign bit is set and {@code |v| > 1e-10} (smaller values are set to
     * {@code +0} first, and zero counts as positive), else 0.
     */
    private static int negative(float v) {
        int bits = Float.floatToRawIntBits(v);
        // |v| > THRESHOLD compared on the magnitude bits (NaN counts as above, as np.abs(NaN) <= t is False)
        int above = (THRESHOLD_BITS - (bits & 0x7fffffff)) >>> 31;
        return (bits >>> 31) & above;
    }
}
