package org.emolake.audio;

/**
 * {@code librosa.to_mono}: {@code np.mean(y, axis=0)} of the float32 {@code (channels, frames)} view
 * that soundfile's interleaved read becomes after {@code .T}.
 *
 * <p>Because the channel axis is the contiguous one, numpy reduces each frame's channels with its
 * float32 pairwise summation ({@code pairwise_sum} in {@code loops_utils.h}) added to a zero-filled
 * result, then divides by the channel count in float32. Below 8 channels that is a plain left-to-right
 * sum; from 8 channels on, 8 interleaved partial sums are combined pairwise, and we do the same.
 */
final class ToMono {
    /** numpy's PW_BLOCKSIZE: runs longer than this are split in two halves. */
    private static final int PAIRWISE_BLOCK = 128;

    private ToMono() {
    }

    static float[] mean(float[] interleaved, int channels) {
        if (channels == 1) {
            return interleaved;
        }
        int frames = interleaved.length / channels;
        float[] mono = new float[frames];
        float count = channels;
        for (int f = 0; f < frames; f++) {
            mono[f] = (0.0f + pairwiseSum(interleaved, f * channels, channels)) / count;
        }
        return mono;
    }

    private static float pairwiseSum(float[] a, int from, int n) {
        if (n < 8) {
            float sum = -0.0f;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= PAIRWISE_BLOCK) {
            float r0 = a[from], r1 = a[from + 1], r2 = a[from + 2], r3 = a[from + 3];
            float r4 = a[from + 4], r5 = a[from + 5], r6 = a[from + 6], r7 = a[from + 7];
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                r0 += a[from + i];
                r1 += a[from + i + 1];
                r2 += a[from + i + 2];
                r3 += a[from + i + 3];
                r4 += a[from + i + 4];
                r5 += a[from + i + 5];
                r6 += a[from + i + 6];
                r7 += a[from + i + 7];
            }
            float sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }
}
