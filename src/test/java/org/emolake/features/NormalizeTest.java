package org.emolake.features;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

class NormalizeTest {
    private static final JsonNode PRIMITIVE = Golden.primitives().get("normalize");

    @Test
    void maxNormOfFloat64ColumnsEqualsLibrosa() {
        check("norm=inf float64", "input", "norm_inf_axis0", Normalize.Norm.MAX, false);
    }

    @Test
    void l1NormOfFloat64ColumnsEqualsLibrosa() {
        check("norm=1 float64", "input", "norm_1_axis0", Normalize.Norm.L1, false);
    }

    @Test
    void maxNormOfFloat32ColumnsLeavesSubnormalColumnUnscaledLikeLibrosa() {
        check("norm=inf float32", "input_float32", "norm_inf_axis0_float32", Normalize.Norm.MAX, true);
    }

    private static void check(String context, String inputKey, String expectedKey, Normalize.Norm norm,
            boolean float32) {
        double[][] input = Golden.matrix(PRIMITIVE.get(inputKey));
        double[][] expected = Golden.matrix(PRIMITIVE.get(expectedKey));
        int rows = input.length;
        int cols = input[0].length;
        double[][] actual = new double[rows][cols];
        if (float32) {
            float[] s = new float[rows * cols];
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    s[c * rows + r] = (float) input[r][c];
                }
            }
            float[] out = Normalize.columns(s, rows, norm);
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    actual[r][c] = out[c * rows + r];
                }
            }
        } else {
            double[] s = new double[rows * cols];
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    s[c * rows + r] = input[r][c];
                }
            }
            double[] out = Normalize.columns(s, rows, norm);
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    actual[r][c] = out[c * rows + r];
                }
            }
        }
        // Exact: the subnormal column must come back unchanged, not scaled to 1.
        Tolerance.assertMatrixClose(context, expected, actual, 0.0);
    }
}
