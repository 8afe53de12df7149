package org.emolake.features;

/**
 * Per-row mean and population standard deviation over frames, exactly as {@code np.mean(m, axis=1)} and
 * {@code np.std(m, axis=1)} compute them for the reference's dtype and memory layout.
 *
 * <p>numpy sums a float32 matrix in float32. Along a contiguous axis (C-ordered matrices) it uses pairwise summation
 * (blocks of up to 128 with an 8-way unrolled inner loop); along a strided axis (F-ordered matrices such as chroma and
 * tonnetz) it adds frame after frame. The standard deviation is {@code sqrt(sum((x - mean)^2) / n)} with the same
 * summation and dtype. Reproducing the order keeps the summary within an ulp of the reference.
 */
final class FrameStatistics {
    /** numpy's PW_BLOCKSIZE. */
    private static final int PAIRWISE_BLOCK = 128;

    private FrameStatistics() {
    }

    /** Writes the {@code rows} means then the {@code rows} standard deviations of a float32 block at {@code offset}. */
    static void float32(float[][] block, boolean fortranOrder, double[] out, int offset) {
        int rows = block.length;
        for (int r = 0; r < rows; r++) {
            float[] row = block[r];
            float n = row.length;
            float mean = sum(row, fortranOrder) / n;
            float[] squares = new float[row.length];
            for (int t = 0; t < row.length; t++) {
                float d = row[t] - mean;
                squares[t] = d * d;
            }
            float variance = sum(squares, fortranOrder) / n;
            out[offset + r] = mean;
            out[offset + rows + r] = (float) Math.sqrt(variance);
        }
    }

    /** Writes the {@code rows} means then the {@code rows} standard deviations of a float64 block at {@code offset}. */
    static void float64(double[][] block, boolean fortranOrder, double[] out, int offset) {
        int rows = block.length;
        for (int r = 0; r < rows; r++) {
            double[] row = block[r];
            double n = row.length;
            double mean = sum(row, fortranOrder) / n;
            double[] squares = new double[row.length];
            for (int t = 0; t < row.length; t++) {
                double d = row[t] - mean;
                squares[t] = d * d;
            }
            out[offset + r] = mean;
            out[offset + rows + r] = Math.sqrt(sum(squares, fortranOrder) / n);
        }
    }

    private static float sum(float[] x, boolean sequential) {
        if (sequential) {
            float s = 0f;
            for (float v : x) {
                s += v;
            }
            return s;
        }
        return pairwise(x, 0, x.length);
    }

    private static double sum(double[] x, boolean sequential) {
        if (sequential) {
            double s = 0.0;
            for (double v : x) {
                s += v;
            }
            return s;
        }
        return pairwise(x, 0, x.length);
    }

    /** numpy's {@code FLOAT_pairwise_sum}: float32 accumulators throughout. */
    static float pairwise(float[] a, int from, int n) {
        if (n < 8) {
            float res = 0f;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= PAIRWISE_BLOCK) {
            float r0 = a[from], r1 = a[from + 1], r2 = a[from + 2], r3 = a[from + 3];
            float r4 = a[from + 4], r5 = a[from + 5], r6 = a[from + 6], r7 = a[from + 7];
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                int k = from + i;
                r0 += a[k];
                r1 += a[k + 1];
                r2 += a[k + 2];
                r3 += a[k + 3];
                r4 += a[k + 4];
                r5 += a[k + 5];
                r6 += a[k + 6];
                r7 += a[k + 7];
            }
            float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }

    /** numpy's {@code DOUBLE_pairwise_sum}. */
    static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= PAIRWISE_BLOCK) {
            double r0 = a[from], r1 = a[from + 1], r2 = a[from + 2], r3 = a[from + 3];
            double r4 = a[from + 4], r5 = a[from + 5], r6 = a[from + 6], r7 = a[from + 7];
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                int k = from + i;
                r0 += a[k];
                r1 += a[k + 1];
                r2 += a[k + 2];
                r3 += a[k + 3];
                r4 += a[k + 4];
                r5 += a[k + 5];
                r6 += a[k + 6];
                r7 += a[k + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
}
