package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Hpss#applyMask} (branch-free main loops) equals its plain rule, {@link Hpss#applyMaskPlainly}, bit for bit. */
class HpssMaskTest {
    @Test
    void equalsReferenceLoop() {
        float[] special = {0f, -0f, Float.MIN_VALUE, 1e-39f, Float.MIN_NORMAL, 1f, 3.5f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NaN, -1f};
        int s = special.length;
        int n = s * s * s + 100_000;
        float[] h = new float[n];
        float[] p = new float[n];
        float[] m = new float[n];
        float[] re = new float[n];
        float[] im = new float[n];
        Random random = new Random(11);
        int i = 0;
        for (float a : special) {
            for (float b : special) {
                for (float c : special) {
                    h[i] = a;
                    p[i] = b;
                    m[i] = Math.abs(c);
                    re[i] = random.nextBoolean() ? -0f : c;
                    im[i++] = random.nextBoolean() ? 0f : -c;
                }
            }
        }
        for (; i < n; i++) {
            h[i] = i % 13 == 0 ? 0f : (float) Math.exp(random.nextGaussian() * 10);
            p[i] = i % 17 == 0 ? 0f : (float) Math.exp(random.nextGaussian() * 10);
            re[i] = i % 19 == 0 ? -0f : (float) random.nextGaussian();
            im[i] = i % 23 == 0 ? -0f : (float) random.nextGaussian();
            m[i] = i % 29 == 0 ? 0f : ComplexAbs.of(re[i], im[i]);
        }
        // work and output arrays longer than n and full of garbage, as a reused workspace hands them out
        float[] work = new float[n + 5];
        float[] outRe = new float[n + 3];
        float[] outIm = new float[n + 7];
        Arrays.fill(work, Float.NaN);
        Arrays.fill(outRe, Float.NaN);
        Arrays.fill(outIm, Float.NaN);
        Hpss.applyMask(h, p, m, re, im, work, outRe, outIm);
        float[] expectedRe = new float[n];
        float[] expectedIm = new float[n];
        Hpss.applyMaskPlainly(h, p, m, re, im, expectedRe, expectedIm);
        for (int k = 0; k < n; k++) {
            String at = "h " + h[k] + " p " + p[k] + " m " + m[k] + " re " + re[k] + " im " + im[k];
            assertEquals(Float.floatToIntBits(expectedRe[k]), Float.floatToIntBits(outRe[k]), "re: " + at);
            assertEquals(Float.floatToIntBits(expectedIm[k]), Float.floatToIntBits(outIm[k]), "im: " + at);
        }
    }
}
