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
        double[] tonnetz = Tonnetz.of(frameMajor, frames);
        double[][] actual = new double[Tonnetz.ROWS][frames];
        for (int p = 0; p < Tonnetz.ROWS; p++) {
            for (int t = 0; t < frames; t++) {
                actual[p][t] = tonnetz[t * Tonnetz.ROWS + p];
            }
        }
        double error = Tolerance.assertMatrixClose("tonnetz primitive", Golden.matrix(PRIMITIVE.get("tonnetz")),
                actual, 1e-12);
        System.out.printf("tonnetz primitive: max scaled error %.3g%n", error);
    }
}
