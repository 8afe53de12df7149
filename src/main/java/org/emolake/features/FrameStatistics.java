package org.emolake.features;

import org.emolake.numerics.NumpySums;

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
        return NumpySums.pairwise(x, 0, x.length);
    }

    private static double sum(double[] x, boolean sequential) {
        if (sequential) {
            double s = 0.0;
            for (double v : x) {
                s += v;
            }
            return s;
        }
        return NumpySums.pairwise(x, 0, x.length);
    }
}
