package org.emolake.numerics;

/** numpy's exact dtype casts. */
public final class NumpyCasts {
    private NumpyCasts() {
    }

    /** {@code values.astype(np.float64)}: every float32 widened exactly. */
    public static double[] float64(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
