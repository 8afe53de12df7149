package org.emolake.numerics;

/** numpy's exact dtype casts. */
public final class NumpyCasts {
    private NumpyCasts() {
    }

    /** {@code values.astype(np.float64)}: every float32 widened exactly. */
    public static double[] float64(float[] values) {
        double[] out = new double[values.length];
        float64(values, out);
        return out;
    }

    /** {@code values.astype(np.float64)} into the first {@code values.length} elements of {@code out}. */
    public static void float64(float[] values, double[] out) {
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
    }
}
