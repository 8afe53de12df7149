package org.emolake.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpySums} against numpy itself: {@code np.add.reduce} of random float32 and float64 arrays of 0 to 4097
 * values spanning many decades (written by {@code scripts/numpy_pairwise_sums.py}, values as raw bits), bit for bit.
 */
class NumpySumsTest {
    private static JsonNode fixture() throws IOException {
        try (InputStream in = NumpySumsTest.class.getResourceAsStream("/numerics/numpy_pairwise_sums.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void float32SumsEqualNumpys() throws IOException {
        JsonNode fixture = fixture();
        for (JsonNode c : fixture.get("cases")) {
            int n = c.get("n").asInt();
            // at an offset, with values around the range that must not be read
            float[] a = new float[n + 5];
            a[0] = a[1] = a[2] = Float.NaN;
            a[n + 3] = a[n + 4] = Float.NaN;
            for (int i = 0; i < n; i++) {
                a[3 + i] = Float.intBitsToFloat((int) c.get("float32_bits").get(i).asLong());
            }
            float expected = Float.intBitsToFloat((int) c.get("float32_sum_bits").asLong());
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(NumpySums.pairwise(a, 3, n)),
                    "float32, n " + n + " (numpy " + fixture.get("numpy").asText() + ")");
        }
    }

    @Test
    void float64SumsEqualNumpys() throws IOException {
        JsonNode fixture = fixture();
        for (JsonNode c : fixture.get("cases")) {
            int n = c.get("n").asInt();
            double[] a = new double[n + 2];
            a[0] = a[n + 1] = Double.NaN;
            for (int i = 0; i < n; i++) {
                a[1 + i] = Double.longBitsToDouble(Long.parseUnsignedLong(c.get("float64_bits").get(i).asText()));
            }
            double expected = Double.longBitsToDouble(Long.parseUnsignedLong(c.get("float64_sum_bits").asText()));
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(NumpySums.pairwise(a, 1, n)),
                    "float64, n " + n);
        }
    }

    /** The fixture can tell the orders apart: a left-to-right float32 loop misses numpy's sum for most lengths. */
    @Test
    void aLeftToRightLoopDiffersFromNumpyOnTheFixture() throws IOException {
        int differing = 0;
        for (JsonNode c : fixture().get("cases")) {
            int n = c.get("n").asInt();
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += Float.intBitsToFloat((int) c.get("float32_bits").get(i).asLong());
            }
            if (Float.floatToRawIntBits(sum) != (int) c.get("float32_sum_bits").asLong()) {
                differing++;
            }
        }
        assertNotEquals(0, differing);
    }
}
