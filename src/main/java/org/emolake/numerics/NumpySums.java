package org.emolake.numerics;

/**
 * numpy's {@code add.reduce} over one contiguous axis: the pairwise summation of {@code loops_utils.h.src}
 * ({@code pairwise_sum}: below 8 elements a plain loop, up to 128 elements eight interleaved accumulators combined as
 * {@code ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))} plus the remainder, above that a split at {@code n/2} rounded down to a
 * multiple of 8). The float version accumulates in float32, as numpy does for float32 arrays.
 *
 * <p>Used wherever the reference sums along a contiguous axis (channels in {@code to_mono}, bins, frame samples, the
 * per-row means and standard deviations of C-ordered blocks), so that the rounding is numpy's and not a plain
 * left-to-right loop's.
 */
public final class NumpySums {
    private static final int BLOCK = 128;

    private NumpySums() {
    }

    /** Pairwise float32 sum of {@code a[offset + i]}, {@code 0 <= i < n}, starting from 0 (numpy's identity). */
    public static float pairwise(float[] a, int offset, int n) {
        if (n < 8) {
            float res = 0f;
            for (int i = 0; i < n; i++) {
                res += a[offset + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            float r0 = a[offset];
            float r1 = a[offset + 1];
            float r2 = a[offset + 2];
            float r3 = a[offset + 3];
            float r4 = a[offset + 4];
            float r5 = a[offset + 5];
            float r6 = a[offset + 6];
            float r7 = a[offset + 7];
            int i = 8;
            int end = n - n % 8;
            for (; i < end; i += 8) {
                int p = offset + i;
                r0 += a[p];
                r1 += a[p + 1];
                r2 += a[p + 2];
                r3 += a[p + 3];
                r4 += a[p + 4];
                r5 += a[p + 5];
                r6 += a[p + 6];
                r7 += a[p + 7];
            }
            float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[offset + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, offset, n2) + pairwise(a, offset + n2, n - n2);
    }

    /** Pairwise float64 sum of {@code a[offset + i]}, {@code 0 <= i < n}. */
    public static double pairwise(double[] a, int offset, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[offset + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a[offset];
            double r1 = a[offset + 1];
            double r2 = a[offset + 2];
            double r3 = a[offset + 3];
            double r4 = a[offset + 4];
            double r5 = a[offset + 5];
            double r6 = a[offset + 6];
            double r7 = a[offset + 7];
            int i = 8;
            int end = n - n % 8;
            for (; i < end; i += 8) {
                int p = offset + i;
                r0 += a[p];
                r1 += a[p + 1];
                r2 += a[p + 2];
                r3 += a[p + 3];
                r4 += a[p + 4];
                r5 += a[p + 5];
                r6 += a[p + 6];
                r7 += a[p + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[offset + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, offset, n2) + pairwise(a, offset + n2, n - n2);
    }
}
