package org.emolake.features;

import com.fasterxml.jackson.databind.JsonNode;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

class PowerToDbTest {
    private static final JsonNode CASES = Golden.primitives().get("power_to_db");
    private static final double[][] INPUT = Golden.matrix(CASES.get("input"));

    @Test
    void defaultsEqualLibrosa() {
        Tolerance.assertMatrixClose("power_to_db default", Golden.matrix(CASES.get("default")),
                PowerToDb.librosaDefault().apply(INPUT), 1e-14);
    }

    @Test
    void refMaxEqualsLibrosa() {
        Tolerance.assertMatrixClose("power_to_db ref=np.max", Golden.matrix(CASES.get("ref_max")),
                PowerToDb.librosaDefault().withRefMax().apply(INPUT), 1e-14);
    }

    @Test
    void withoutTopDbEqualsLibrosa() {
        Tolerance.assertMatrixClose("power_to_db top_db=None", Golden.matrix(CASES.get("top_db_none")),
                PowerToDb.librosaDefault().withoutTopDb().apply(INPUT), 1e-14);
    }

    @Test
    void float32InputStaysFloat32AndEqualsLibrosaToTheBit() {
        float[][] in = new float[INPUT.length][];
        for (int r = 0; r < in.length; r++) {
            in[r] = new float[INPUT[r].length];
            for (int c = 0; c < in[r].length; c++) {
                in[r][c] = (float) INPUT[r][c];
            }
        }
        Tolerance.assertMatrixClose("power_to_db float32", Golden.matrix(CASES.get("float32_input_default")),
                widen(PowerToDb.librosaDefault().apply(in)), 0.0);
    }

    static double[][] widen(float[][] m) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = new double[m[r].length];
            for (int c = 0; c < m[r].length; c++) {
                out[r][c] = m[r][c];
            }
        }
        return out;
    }
}
