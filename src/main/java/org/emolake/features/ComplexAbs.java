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
}
