package org.emolake.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** scikit-learn's {@code StandardScaler.transform}: (x - mean) / scale, feature by feature. */
final class FeatureScaler {

    private final double[] mean;
    private final double[] scale;
    private final String source;

    private FeatureScaler(double[] mean, double[] scale, String source) {
        this.mean = mean;
        this.scale = scale;
        this.source = source;
    }

    static FeatureScaler fromJson(byte[] json, String file) throws ModelException {
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

    static FeatureScaler fromJoblib(byte[] pickle, String file) throws ModelException {
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

    private static FeatureScaler of(double[] mean, double[] scale, String file, String source)
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
        return new FeatureScaler(mean, scale, source);
    }

    int size() {
        return mean.length;
    }

    String source() {
        return source;
    }

    double[] mean() {
        return mean.clone();
    }

    double[] scale() {
        return scale.clone();
    }

    double scaled(double raw, int feature) {
        return (raw - mean[feature]) / scale[feature];
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
