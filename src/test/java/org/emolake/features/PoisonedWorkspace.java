package org.emolake.features;

import java.util.Arrays;
import java.util.Random;

/**
 * A {@link Workspace} that hands out every array longer than asked for and full of garbage (NaN, random ints), as a
 * workspace reused across clips of different lengths may: a stage that reads before writing, or trusts an array's
 * {@code length}, gives different results with it.
 */
final class PoisonedWorkspace extends Workspace {
    private final Random random = new Random(7);

    @Override
    float[] floats(Slot slot, int n) {
        float[] a = super.floats(slot, n + extra());
        Arrays.fill(a, Float.NaN);
        return a;
    }

    @Override
    int[] ints(Slot slot, int n) {
        int[] a = super.ints(slot, n + extra());
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt();
        }
        return a;
    }

    @Override
    double[] doubles(Slot slot, int n) {
        double[] a = super.doubles(slot, n + extra());
        Arrays.fill(a, Double.NaN);
        return a;
    }

    @Override
    double[][] doubleRows(Slot slot, int rows, int n) {
        double[][] a = super.doubleRows(slot, rows, n + extra());
        for (double[] row : a) {
            Arrays.fill(row, Double.NaN);
        }
        return a;
    }

    private int extra() {
        return 1 + random.nextInt(600);
    }
}
