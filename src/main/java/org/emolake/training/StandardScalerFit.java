package org.emolake.training;

import java.util.List;

/**
 * Fits scikit-learn's {@code StandardScaler()} (with_mean, with_std) on float64 rows, with the arithmetic of
 * scikit-learn 1.2's {@code partial_fit} on a fresh scaler, i.e. {@code _incremental_mean_and_var(X, 0., 0., 0)}:
 *
 * <pre>
 *   new_sum  = np.sum(X, axis=0)                      # C-ordered X: rows added one after another per column
 *   mean_    = (0 + new_sum) / n
 *   T        = new_sum / n
 *   temp     = X - T
 *   corr     = np.sum(temp, axis=0)
 *   var_     = (np.sum(temp**2, axis=0) - corr**2 / n) / n      # population variance, corrected two-pass
 *   constant = var_ &lt;= n*eps*var_ + (n*mean_*eps)**2             # _is_constant_feature
 *   scale_   = sqrt(var_), 1.0 where constant                     # _handle_zeros_in_scale
 * </pre>
 *
 * numpy reduces a C-ordered 2-D array along axis 0 by adding whole rows into the running output, so each
 * column is summed sequentially in row order; this class does the same (fixture tests: equal to Debian's
 * python3-sklearn 1.2.1 to 1e-12 relative, in practice bit for bit).
 */
public final class StandardScalerFit {

    private static final double EPS = Math.ulp(1.0); // np.finfo(np.float64).eps

    /** The fitted {@code mean_}, {@code var_} and {@code scale_}; {@code n} is {@code n_samples_seen_}. */
    public record Fitted(double[] mean, double[] variance, double[] scale, long n) {
    }

    private StandardScalerFit() {
    }

    /** Fits on {@code rows} (all of the same length, all finite). */
    public static Fitted fit(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a scaler on no rows");
        }
        int d = rows.get(0).length;
        int n = rows.size();
        double[] sum = new double[d];
        for (double[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException("rows of different lengths: " + d + " and " + row.length);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("non-finite value " + row[j] + " in column " + j);
                }
                sum[j] += row[j];
            }
        }
        double[] mean = new double[d];
        double[] t = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (0.0 + sum[j]) / n;
            t[j] = sum[j] / n;
        }
        double[] correction = new double[d];
        double[] squares = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double temp = row[j] - t[j];
                correction[j] += temp;
                squares[j] += temp * temp;
            }
        }
        double[] variance = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double unnormalized = squares[j] - correction[j] * correction[j] / n;
            variance[j] = unnormalized / n;
            double bound = n * EPS * variance[j] + (n * mean[j] * EPS) * (n * mean[j] * EPS);
            boolean constant = variance[j] <= bound;
            scale[j] = constant ? 1.0 : Math.sqrt(variance[j]);
        }
        return new Fitted(mean, variance, scale, n);
    }
}
