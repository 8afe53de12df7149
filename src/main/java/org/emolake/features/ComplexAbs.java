package org.emolake.features;

/**
 * {@code np.abs} of a complex64 value as numpy computes it on x86-64 with FMA (its SIMD loop, which the golden data
 * matches bit for bit): {@code larger · sqrt(fma(r, r, 1))} with {@code r = smaller / larger}, all in float32. This
 * differs in the last bit from a correctly rounded hypot for about a fifth of the values, which matters where the
 * magnitude feeds float32 comparisons and divisions (HPSS masks and phases).
 */
final class ComplexAbs {
    private ComplexAbs() {
    }

    static float of(float re, float im) {
        float a = Math.abs(re);
        float b = Math.abs(im);
        if (a == Float.POSITIVE_INFINITY || b == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.NaN;
        }
        float larger = Math.max(a, b);
        float smaller = Math.min(a, b);
        float ratio = larger == 0f ? 0f : smaller / larger;
        return (float) Math.sqrt(Math.fma(ratio, ratio, 1f)) * larger;
    }

    /**
     * {@link #of} of {@code n} values, {@code out[i] = |re[i] + i·im[i]|}, bit for bit. The main loop is branch-free
     * (so the JIT vectorises it) and exact for every finite input: dividing by {@code max(larger, MIN_VALUE)} gives
     * the same ratio for any non-zero {@code larger} and 0 for {@code 0 + 0i}. It yields NaN where {@link #of} may
     * differ (a NaN part, or two infinite parts); those values are recomputed by {@link #of}.
     */
    static void of(float[] re, float[] im, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float a = Math.abs(re[i]);
            float b = Math.abs(im[i]);
            float larger = Math.max(a, b);
            float smaller = Math.min(a, b);
            float ratio = smaller / Math.max(larger, Float.MIN_VALUE);
            out[i] = (float) Math.sqrt(Math.fma(ratio, ratio, 1f)) * larger;
        }
        for (int i = 0; i < n; i++) {
            if (out[i] != out[i]) {
                out[i] = of(re[i], im[i]);
            }
        }
    }
}
