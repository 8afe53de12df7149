package org.emolake.features;

/**
 * {@code librosa.util.normalize(S, norm=np.inf | 1, axis=0, threshold=None, fill=None)} of a {@code rows × columns}
 * matrix: every column is divided by its max-norm or L1 norm.
 *
 * <p>Matrices are flat and column-major: index {@code column * rows + row}, i.e. frame-major for the per-frame
 * feature blocks ({@code rows} features per frame). Like librosa, norms are computed in float64 (the L1 norm as a
 * sequential sum over rows, numpy's order for a C-ordered matrix), a column whose norm is below {@code tiny(dtype)}
 * (the smallest normal number of the input dtype) is left unscaled, and float32 input is divided in float64 and
 * rounded back to float32. Non-finite input is rejected, as librosa does.
 */
public final class Normalize {
    /** The supported norms. */
    public enum Norm {
        /** {@code norm=np.inf}: the largest absolute value of the column. */
        MAX,
        /** {@code norm=1}: the sum of absolute values of the column. */
        L1
    }

    private static final double TINY_FLOAT32 = Float.MIN_NORMAL;
    private static final double TINY_FLOAT64 = Double.MIN_NORMAL;

    private Normalize() {
    }

    /** Normalized copy of a float32 matrix. */
    public static float[] columns(float[] s, int rows, Norm norm) {
        float[] out = new float[s.length];
        columns(s, rows, norm, out);
        return out;
    }

    /** Normalizes a float32 matrix into {@code out}, which may be {@code s} itself. */
    public static void columns(float[] s, int rows, Norm norm, float[] out) {
        checkShape(s.length, rows);
        for (int offset = 0; offset < s.length; offset += rows) {
            double length = 0.0;
            for (int r = 0; r < rows; r++) {
                double mag = checkFinite(s[offset + r]);
                length = norm == Norm.MAX ? Math.max(length, mag) : length + mag;
            }
            if (length < TINY_FLOAT32) {
                length = 1.0;
            }
            for (int r = 0; r < rows; r++) {
                out[offset + r] = (float) (s[offset + r] / length);
            }
        }
    }

    /** Normalized copy of a float64 matrix. */
    public static double[] columns(double[] s, int rows, Norm norm) {
        checkShape(s.length, rows);
        double[] out = new double[s.length];
        for (int offset = 0; offset < s.length; offset += rows) {
            double length = 0.0;
            for (int r = 0; r < rows; r++) {
                double mag = checkFinite(s[offset + r]);
                length = norm == Norm.MAX ? Math.max(length, mag) : length + mag;
            }
            if (length < TINY_FLOAT64) {
                length = 1.0;
            }
            for (int r = 0; r < rows; r++) {
                out[offset + r] = s[offset + r] / length;
            }
        }
        return out;
    }

    private static double checkFinite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Cannot normalize: input must be finite, found " + value);
        }
        return Math.abs(value);
    }

    private static void checkShape(int length, int rows) {
        if (rows <= 0 || length % rows != 0) {
            throw new IllegalArgumentException("Cannot normalize: " + length + " values is not a whole number of "
                    + rows + "-row columns");
        }
    }
}
