package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpyLog10f} against numpy's float32 {@code np.log10} on an AVX-512 CPU (written by
 * {@code scripts/numpy_log10f.py}): subnormals to the largest float, the edges of every mantissa interval, and the
 * special values, bit for bit.
 */
class NumpyLog10fTest {
    @Test
    void equalsNumpyBitForBit() throws IOException {
        JsonNode fixture;
        try (InputStream in = NumpyLog10fTest.class.getResourceAsStream("/numerics/numpy_log10f.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        JsonNode xs = fixture.get("x");
        JsonNode logs = fixture.get("log10");
        int notCorrectlyRounded = 0;
        for (int i = 0; i < xs.size(); i++) {
            float x = Float.intBitsToFloat((int) xs.get(i).asLong());
            float expected = Float.intBitsToFloat((int) logs.get(i).asLong());
            float actual = NumpyLog10f.log10(x);
            // NaN compared as NaN (numpy's NaN results may carry another payload or sign)
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                    "log10(" + x + ") (numpy " + fixture.get("numpy").asText() + ")");
            if (Float.isFinite(expected) && expected != (float) Math.log10(x)) {
                notCorrectlyRounded++;
            }
        }
        // Math.log10 rounded to float32 would not pass: numpy's SVML path differs from it on many of the values.
        assertNotEquals(0, notCorrectlyRounded);
    }
}
