package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The branch-free array form of {@link ComplexAbs} equals the scalar one bit for bit, special values included. */
class ComplexAbsTest {
    @Test
    void arrayFormEqualsScalarForm() {
        float[] special = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -3e-39f, 1e-30f, 3e38f};
        int n = special.length * special.length + 200_000;
        float[] re = new float[n];
        float[] im = new float[n];
        int i = 0;
        for (float a : special) {
            for (float b : special) {
                re[i] = a;
                im[i++] = b;
            }
        }
        Random random = new Random(7);
        for (; i < n; i++) {
            re[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian() * 8));
            im[i] = i % 7 == 0 ? 0f : (float) (random.nextGaussian() * Math.exp(random.nextGaussian() * 8));
        }
        float[] out = new float[n];
        ComplexAbs.of(re, im, out, n);
        for (int k = 0; k < n; k++) {
            assertEquals(Float.floatToRawIntBits(ComplexAbs.of(re[k], im[k])), Float.floatToRawIntBits(out[k]),
                    re[k] + " + " + im[k] + "i");
        }
    }
}
