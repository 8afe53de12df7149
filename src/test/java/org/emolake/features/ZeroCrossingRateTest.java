package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ZeroCrossingRate#compute} (branch-free prefix count) against its plain rule, bit for bit. */
class ZeroCrossingRateTest {
    /** Values at and around the threshold, zeros of both signs, infinities, NaN of both signs, subnormals. */
    private static final float[] SPECIAL = {0f, -0f, 1e-10f, -1e-10f, Math.nextUp(1e-10f), -Math.nextUp(1e-10f),
        Math.nextDown(1e-10f), -Math.nextDown(1e-10f), Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00000), 1f, -1f};

    @Test
    void equalsThePlainRuleOnRandomAndAdversarialSignals() {
        Random random = new Random(5);
        int[][] configs = {{2048, 512}, {16, 4}, {7, 3}, {1, 1}, {8, 16}};
        for (int trial = 0; trial < 300; trial++) {
            int[] config = configs[trial % configs.length];
            ZeroCrossingRate zcr = new ZeroCrossingRate(config[0], config[1]);
            // signals shorter and longer than a frame
            int n = 1 + random.nextInt(trial % 3 == 0 ? 20 : 6000);
            float[] y = new float[n];
            boolean runs = random.nextBoolean();
            for (int i = 0; i < n; i++) {
                if (runs && i > 0 && random.nextInt(4) != 0) {
                    y[i] = y[i - 1];
                } else if (random.nextInt(3) == 0) {
                    y[i] = SPECIAL[random.nextInt(SPECIAL.length)];
                } else {
                    y[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(24) - 14));
                }
            }
            assertArrayEquals(zcr.computePlainly(y), zcr.compute(y), 0.0,
                    "trial " + trial + ", frame " + config[0] + ", hop " + config[1] + ", " + n + " samples");
        }
    }
}
