package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class NonNegativeSortTest {
    private static void assertSortsAsArraysSort(double[] values) {
        double[] expected = values.clone();
        Arrays.sort(expected);
        double[] actual = values.clone();
        NonNegativeSort.sort(actual);
        for (int i = 0; i < values.length; i++) {
            int at = i;
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    () -> "position " + at + " of " + Arrays.toString(values));
        }
    }

    @Test
    void sortsMagnitudesOfEveryScaleAsArraysSort() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            int n = random.nextInt(600);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> values[i] = 0.0;
                    case 1 -> values[i] = Double.MIN_VALUE * random.nextInt(1000);
                    case 2 -> values[i] = Math.abs(random.nextGaussian()) * 1e-12;
                    case 3 -> values[i] = random.nextInt(4); // ties
                    case 4 -> values[i] = round % 50 == 0 ? Double.POSITIVE_INFINITY : Double.MAX_VALUE;
                    default -> values[i] = Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(40) - 20);
                }
            }
            assertSortsAsArraysSort(values);
        }
    }

    @Test
    void negativeZeroNegativeValuesAndNaNFallBackToArraysSort() {
        assertSortsAsArraysSort(new double[] {1.0, -0.0, 0.0, 2.0});
        assertSortsAsArraysSort(new double[] {3.0, -1.0, 0.5});
        assertSortsAsArraysSort(new double[] {Double.NaN, 1.0, 0.0, Double.NaN, 0.25});
        assertSortsAsArraysSort(new double[] {Double.longBitsToDouble(0xfff8000000000001L), 2.0, 1.0});
        assertSortsAsArraysSort(new double[0]);
        assertSortsAsArraysSort(new double[] {5.0});
    }
}
