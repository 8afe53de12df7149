package org.emolake.features;

/** Analysis windows as scipy builds them for librosa. */
public final class Windows {
    private Windows() {
    }

    /**
     * {@code scipy.signal.get_window('hann', n, fftbins=True)}: the periodic Hann window in float64.
     *
     * <p>Computed the way scipy's {@code general_cosine} does (0.5 + 0.5·cos over {@code linspace(-π, π, n + 1)}),
     * not as 0.5 − 0.5·cos(2πk/n), so that the values agree to the last bit.
     */
    public static double[] periodicHann(int n) {
        int m = n + 1;
        double step = (Math.PI - -Math.PI) / (m - 1);
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            double fac = k * step + -Math.PI;
            w[k] = 0.5 + 0.5 * Math.cos(fac);
        }
        return w;
    }
}
