package org.emolake.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * scikit-learn's {@code StandardScaler} (with_mean, with_std), the one scaler of training and scoring: {@link #fit}
 * as a fresh scaler's {@code partial_fit}, {@link #transform} as {@code (x - mean_) / scale_}, feature by feature.
 * A bundle's scaler is read from {@code scaler.pkl} (joblib) or {@code scaler.json}; training fits one and writes its
 * {@code scaler.json}.
 *
 * <p>{@link #fit} follows scikit-learn 1.2's {@code _incremental_mean_and_var(X, 0., 0., 0)}:
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
 * python3-sklearn 1.2.1 to 1e-12 relative, in practice bit for bit). Immutable and thread-safe.
 */
public final class StandardScaler {

    private static final double EPS = Math.ulp(1.0); // np.finfo(np.float64).eps

    private final double[] mean;
    private final double[] scale;
    /** {@code var_} when fitted here; null when read from a bundle (scikit-learn's transform never reads it). */
    private final double[] variance;
    private final long samplesSeen;
    private final String source;

    private StandardScaler(double[] mean, double[] scale, double[] variance, long samplesSeen, String source) {
        this.mean = mean;
        this.scale = scale;
        this.variance = variance;
        this.samplesSeen = samplesSeen;
        this.source = source;
    }

    /**
     * Fits on {@code rows} (all of the same length, all finite), as {@code StandardScaler().fit(rows)}.
     *
     * @throws IllegalArgumentException for no rows, rows of different lengths or a non-finite value
     */
    public static StandardScaler fit(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Cannot fit a scaler: no rows");
        }
        int d = rows.get(0).length;
        int n = rows.size();
        double[] sum = new double[d];
        for (double[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException("Cannot fit a scaler: rows of different lengths (" + d + " and "
                        + row.length + ")");
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("Cannot fit a scaler: non-finite value " + row[j]
                            + " in column " + j);
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
        return new StandardScaler(mean, scale, variance, n, "StandardScaler fitted on " + n + " rows");
    }

    static StandardScaler fromJson(byte[] json, String file) throws ModelException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw invalid(file, "not valid JSON: " + e.getMessage());
        }
        double[] mean = numbers(root == null ? null : root.get("mean"), "mean", file);
        double[] scale = numbers(root.get("scale"), "scale", file);
        return of(mean, scale, file, "scaler.json");
    }

    static StandardScaler fromJoblib(byte[] pickle, String file) throws ModelException {
        Object read = JoblibPickle.read(pickle, file, ModelException.Code.INVALID_SCALER);
        if (!(read instanceof JoblibPickle.Estimator estimator)
                || !"StandardScaler".equals(estimator.simpleName())) {
            String found = read instanceof JoblibPickle.Estimator e ? e.simpleName() : "a non-estimator object";
            throw invalid(file, "expected a fitted sklearn StandardScaler, found " + found);
        }
        Map<?, ?> attributes = estimator.attributes;
        boolean withMean = !Boolean.FALSE.equals(attributes.get("with_mean"));
        boolean withStd = !Boolean.FALSE.equals(attributes.get("with_std"));
        Object meanArray = attributes.get("mean_");
        Object scaleArray = attributes.get("scale_");
        int features = featureCount(attributes, meanArray, scaleArray, file);
        // transform() ignores mean_ when with_mean=False and scale_ when with_std=False.
        double[] mean = withMean ? doubles(meanArray, "mean_", file) : new double[features];
        double[] scale = withStd ? doubles(scaleArray, "scale_", file) : ones(features);
        return of(mean, scale, file, "joblib StandardScaler (with_mean=" + pyBool(withMean)
                + ", with_std=" + pyBool(withStd) + ")");
    }

    private static StandardScaler of(double[] mean, double[] scale, String file, String source)
            throws ModelException {
        if (mean.length != scale.length || mean.length == 0) {
            throw invalid(file, "mean has " + mean.length + " values and scale " + scale.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(scale[i])) {
                throw invalid(file, "mean/scale of feature " + i + " is not a finite number");
            }
            // sklearn stores 1 for zero-variance features; a hand-written scaler.json may hold 0.
            if (scale[i] == 0.0) {
                scale[i] = 1.0;
            }
        }
        return new StandardScaler(mean, scale, null, 0, source);
    }

    /** The number of features. */
    public int size() {
        return mean.length;
    }

    /** Where the scaler came from, e.g. "joblib StandardScaler (with_mean=True, with_std=True)". */
    public String source() {
        return source;
    }

    /** {@code mean_} (zeros for with_mean=False). */
    public double[] mean() {
        return mean.clone();
    }

    /** {@code scale_} (ones for with_std=False and for constant features). */
    public double[] scale() {
        return scale.clone();
    }

    /** {@code var_} of a scaler fitted here; null for one read from a bundle, whose files do not need it. */
    public double[] variance() {
        return variance == null ? null : variance.clone();
    }

    /** {@code n_samples_seen_} of a scaler fitted here; 0 for one read from a bundle. */
    public long samplesSeen() {
        return samplesSeen;
    }

    /** {@code transform} of one value: {@code (raw - mean_[feature]) / scale_[feature]} in float64. */
    public double transform(double raw, int feature) {
        return (raw - mean[feature]) / scale[feature];
    }

    /** {@code transform} of one row, rounded to float32 as the network takes it. */
    public float[] transformToFloat32(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("Cannot scale a row of " + row.length + " values: the scaler has "
                    + mean.length + " features");
        }
        float[] out = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (float) transform(row[j], j);
        }
        return out;
    }

    private static int featureCount(Map<?, ?> attributes, Object meanArray, Object scaleArray, String file)
            throws ModelException {
        if (attributes.get("n_features_in_") instanceof Number n) {
            return n.intValue();
        }
        if (meanArray instanceof JoblibPickle.NdArray a) {
            return a.values.size();
        }
        if (scaleArray instanceof JoblibPickle.NdArray a) {
            return a.values.size();
        }
        throw invalid(file, "the StandardScaler is not fitted (no n_features_in_, mean_ or scale_)");
    }

    private static double[] doubles(Object array, String name, String file) throws ModelException {
        if (!(array instanceof JoblibPickle.NdArray ndArray) || ndArray.shape.length != 1) {
            throw invalid(file, name + " is not a one-dimensional numpy array");
        }
        double[] out = new double[ndArray.values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(ndArray.values.get(i) instanceof Number n)) {
                throw invalid(file, name + " holds a non-numeric value");
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    private static double[] numbers(JsonNode node, String name, String file) throws ModelException {
        if (node == null || !node.isArray()) {
            throw invalid(file, "\"" + name + "\" must be a JSON array of numbers");
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).isNumber()) {
                throw invalid(file, "\"" + name + "\"[" + i + "] is not a number");
            }
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    private static double[] ones(int n) {
        double[] out = new double[n];
        Arrays.fill(out, 1.0);
        return out;
    }

    private static String pyBool(boolean b) {
        return b ? "True" : "False";
    }

    private static ModelException invalid(String file, String reason) {
        return new ModelException(ModelException.Code.INVALID_SCALER, file, reason,
                "give scaler.pkl = joblib.dump(fitted StandardScaler) or scaler.json = {\"mean\": [...], \"scale\": [...]}");
    }
}
