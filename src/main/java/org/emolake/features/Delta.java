package org.emolake.features;

/**
 * {@code librosa.feature.delta(data, width=9, order=1, axis=-1, mode='interp')}: a Savitzky–Golay derivative along
 * frames, i.e. {@code scipy.signal.savgol_filter(data, width, polyorder=order, deriv=order, axis=-1, mode='interp')}.
 *
 * <p>Interior frames are the correlation with the Savitzky–Golay coefficients, summed in float64 in the order
 * {@code scipy.ndimage.correlate1d} uses for (anti)symmetric filters; the first and last {@code width / 2} frames are
 * the derivative of the least-squares polynomial through the first/last {@code width} frames ({@code mode='interp'}),
 * also in float64. float32 input is widened, computed in float64 and rounded to float32, as scipy does.
 *
 * <p>For the default (width 9, order 1) the coefficients are the exact float64 values scipy's {@code savgol_coeffs}
 * returns (its LAPACK least-squares solution is off the exact {@code k/60} by an ulp or two, and the centre one is
 * {@code -3.5e-18} rather than 0), so interior frames agree with librosa's to the bit; other widths and orders use
 * the exact least-squares solution. Edge frames use the exact least-squares weights, while scipy fits with
 * {@code np.polyfit} (an SVD); the two differ in the last float64 bits, which shows only where the exact slope of
 * float32 data is a float32 rounding tie (1 ulp, one value in 728 on the golden clips).
 *
 * <p>Like librosa, fewer frames than {@code width} is an error: {@link TooFewFramesException}. Immutable and
 * thread-safe.
 */
public final class Delta {
    public static final int DEFAULT_WIDTH = 9;
    public static final int DEFAULT_ORDER = 1;

    /** {@code scipy.signal.savgol_coeffs(9, 1, deriv=1, use='dot')}: the weight of offsets -4..4. */
    private static final double[] SCIPY_9_1 = {
        -0.06666666666666668, -0.05000000000000002, -0.033333333333333354, -0.016666666666666673,
        -3.469446951953614e-18,
        0.016666666666666666, 0.03333333333333334, 0.05000000000000002, 0.06666666666666667,
    };

    private static final Delta DEFAULT = new Delta(DEFAULT_WIDTH, DEFAULT_ORDER);

    private final int width;
    private final int order;
    private final int half;
    /** Interior weights by offset, index {@code offset + half}. */
    private final double[] interior;
    /** -1 antisymmetric, 1 symmetric, 0 neither (scipy.ndimage's test, tolerance DBL_EPSILON). */
    private final int symmetry;
    /** {@code edge[p][j]}: weight of window sample {@code j} in the fitted derivative at window position {@code p}. */
    private final double[][] edge;

    public Delta(int width, int order) {
        if (width < 3 || width % 2 != 1) {
            throw new IllegalArgumentException("Cannot build delta: width must be an odd integer >= 3 (" + width + ")");
        }
        if (order < 1) {
            throw new IllegalArgumentException("Cannot build delta: order must be a positive integer (" + order + ")");
        }
        if (order >= width) {
            throw new IllegalArgumentException("Cannot build delta: order must be less than width (" + order + ")");
        }
        this.width = width;
        this.order = order;
        this.half = width / 2;
        this.interior = width == 9 && order == 1 ? SCIPY_9_1.clone() : derivativeWeights(width, order, half);
        this.symmetry = symmetry(interior, half);
        this.edge = new double[width][];
        for (int p = 0; p < width; p++) {
            edge[p] = derivativeWeights(width, order, p);
        }
    }

    /** width 9, order 1. */
    public static Delta librosaDefault() {
        return DEFAULT;
    }

    public int width() {
        return width;
    }

    public int order() {
        return order;
    }

    /** The fewest frames the input may have ({@code width}); fewer raises {@link TooFewFramesException}. */
    public int minFrames() {
        return width;
    }

    /** Delta of each row of a float32 {@code [row][frame]} matrix; float32 result. */
    public float[][] apply(float[][] data) {
        float[][] out = new float[data.length][];
        double[] line = null;
        for (int r = 0; r < data.length; r++) {
            float[] row = data[r];
            check(row.length);
            if (line == null || line.length != row.length) {
                line = new double[row.length];
            }
            for (int t = 0; t < row.length; t++) {
                line[t] = row[t];
            }
            double[] d = filter(line);
            float[] o = new float[row.length];
            for (int t = 0; t < o.length; t++) {
                o[t] = (float) d[t];
            }
            out[r] = o;
        }
        return out;
    }

    /** Delta of each row of a float64 {@code [row][frame]} matrix. */
    public double[][] apply(double[][] data) {
        double[][] out = new double[data.length][];
        for (int r = 0; r < data.length; r++) {
            check(data[r].length);
            out[r] = filter(data[r]);
        }
        return out;
    }

    private void check(int frames) {
        if (frames < width) {
            throw new TooFewFramesException("delta (width " + width + ", mode 'interp')", frames, width);
        }
    }

    private double[] filter(double[] x) {
        int n = x.length;
        double[] y = new double[n];
        double[] c = interior;
        for (int t = half; t < n - half; t++) {
            double tmp;
            if (symmetry < 0) {
                tmp = x[t] * c[half];
                for (int jj = -half; jj < 0; jj++) {
                    tmp += (x[t + jj] - x[t - jj]) * c[half + jj];
                }
            } else if (symmetry > 0) {
                tmp = x[t] * c[half];
                for (int jj = -half; jj < 0; jj++) {
                    tmp += (x[t + jj] + x[t - jj]) * c[half + jj];
                }
            } else {
                tmp = x[t + half] * c[2 * half];
                for (int jj = -half; jj < half; jj++) {
                    tmp += x[t + jj] * c[half + jj];
                }
            }
            y[t] = tmp;
        }
        for (int p = 0; p < half; p++) {
            y[p] = dot(edge[p], x, 0);
            y[n - half + p] = dot(edge[half + 1 + p], x, n - width);
        }
        return y;
    }

    private static double dot(double[] w, double[] x, int offset) {
        double acc = 0.0;
        for (int j = 0; j < w.length; j++) {
            acc += w[j] * x[offset + j];
        }
        return acc;
    }

    private static int symmetry(double[] c, int half) {
        boolean symmetric = true;
        for (int i = 1; i <= half; i++) {
            if (Math.abs(c[half + i] - c[half - i]) > Math.ulp(1.0)) {
                symmetric = false;
                break;
            }
        }
        if (symmetric) {
            return 1;
        }
        for (int i = 1; i <= half; i++) {
            if (Math.abs(c[half + i] + c[half - i]) > Math.ulp(1.0)) {
                return 0;
            }
        }
        return -1;
    }

    /**
     * The weights {@code w[j]}, {@code j < width}, such that {@code Σ w[j]·x[j]} is the {@code order}-th derivative at
     * window position {@code pos} of the degree-{@code order} least-squares polynomial through {@code (j, x[j])}:
     * {@code w = D·(VᵀV)⁻¹·Vᵀ} with {@code V[j][q] = (j − pos)^q}, so only the coefficient of degree {@code order}
     * (times {@code order!}) is needed.
     */
    static double[] derivativeWeights(int width, int order, int pos) {
        int m = order + 1;
        double[][] gram = new double[m][m];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                double s = 0;
                for (int j = 0; j < width; j++) {
                    s += Math.pow(j - pos, p + q);
                }
                gram[p][q] = s;
            }
        }
        // Solve gram · g = e_order (gram is symmetric), then w[j] = order! · Σ_q g[q] (j - pos)^q.
        double[] rhs = new double[m];
        rhs[order] = 1.0;
        double[] g = solve(gram, rhs);
        double factorial = 1;
        for (int k = 2; k <= order; k++) {
            factorial *= k;
        }
        double[] w = new double[width];
        for (int j = 0; j < width; j++) {
            double s = 0;
            for (int q = 0; q < m; q++) {
                s += g[q] * Math.pow(j - pos, q);
            }
            w[j] = factorial * s;
        }
        return w;
    }

    /** Gaussian elimination with partial pivoting; {@code a} and {@code b} are copied. */
    private static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tr = a[col];
            a[col] = a[pivot];
            a[pivot] = tr;
            double tb = b[col];
            b[col] = b[pivot];
            b[pivot] = tb;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c < n; c++) {
                    a[r][c] -= f * a[col][c];
                }
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
