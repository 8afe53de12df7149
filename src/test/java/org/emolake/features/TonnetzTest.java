package org.emolake.features;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

class TonnetzTest {
    private static final JsonNode PRIMITIVE = Golden.primitives().get("tonnetz");

    @Test
    void tonnetzOfFixedChromaEqualsLibrosaIncludingAnAllZeroFrame() {
        double[][] chroma = Golden.matrix(PRIMITIVE.get("chroma"));
        int frames = chroma[0].length;
        double[] frameMajor = new double[frames * 12];
        for (int c = 0; c < 12; c++) {
            for (int t = 0; t < frames; t++) {
                frameMajor[t * 12 + c] = chroma[c][t];
            }
        }
        double error = Tolerance.assertMatrixClose("tonnetz primitive", Golden.matrix(PRIMITIVE.get("tonnetz")),
                rowMajor(Tonnetz.of(frameMajor, frames), frames), 1e-12);
        System.out.printf("tonnetz primitive: max scaled error %.3g%n", error);
    }

    @Test
    void tonnetzOfTheSameChromaInFloat32StaysWithinItsRounding() {
        double[][] chroma = Golden.matrix(PRIMITIVE.get("chroma"));
        int frames = chroma[0].length;
        float[] frameMajor = new float[frames * 12];
        for (int c = 0; c < 12; c++) {
            for (int t = 0; t < frames; t++) {
                frameMajor[t * 12 + c] = (float) chroma[c][t];
            }
        }
        // float32 input and float32 normalization: a few float32 roundings (~6e-8 each) apart from the float64 result
        Tolerance.assertMatrixClose("tonnetz primitive, float32 chroma", Golden.matrix(PRIMITIVE.get("tonnetz")),
                rowMajor(Tonnetz.of(frameMajor, frames), frames), 1e-6);
    }

    private static double[][] rowMajor(double[] tonnetz, int frames) {
        double[][] out = new double[Tonnetz.ROWS][frames];
        for (int p = 0; p < Tonnetz.ROWS; p++) {
            for (int t = 0; t < frames; t++) {
                out[p][t] = tonnetz[t * Tonnetz.ROWS + p];
            }
        }
        return out;
    }
}
