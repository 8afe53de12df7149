package org.emolake.testing;

import static org.junit.jupiter.api.Assertions.fail;

/** Parity assertions: absolute error scaled by {@code max(1, |reference|)}, as docs/PARITY.md defines it. */
public final class Tolerance {
    private Tolerance() {
    }

    public static double scaledError(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected));
    }

    /** Fails naming the context, the row, the column and both values of the worst element. */
    public static double assertMatrixClose(String context, double[][] expected, double[][] actual, double tolerance) {
        if (expected.length != actual.length) {
            fail(context + ": rows " + actual.length + " != expected " + expected.length);
        }
        double worst = 0;
        int worstRow = -1;
        int worstCol = -1;
        for (int r = 0; r < expected.length; r++) {
            if (expected[r].length != actual[r].length) {
                fail(context + ": row " + r + " has " + actual[r].length + " columns, expected " + expected[r].length);
            }
            for (int c = 0; c < expected[r].length; c++) {
                double e = scaledError(actual[r][c], expected[r][c]);
                if (!(e <= worst)) {
                    worst = e;
                    worstRow = r;
                    worstCol = c;
                }
            }
        }
        if (!(worst <= tolerance)) {
            fail(String.format("%s: row %d, column %d: java %.9g, librosa %.9g, scaled error %.3g > %.3g", context,
                    worstRow, worstCol, actual[worstRow][worstCol], expected[worstRow][worstCol], worst, tolerance));
        }
        return worst;
    }

    public static double assertArrayClose(String context, double[] expected, double[] actual, double tolerance) {
        return assertMatrixClose(context, new double[][] {expected}, new double[][] {actual}, tolerance);
    }
}
