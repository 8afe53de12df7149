package org.emolake.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StandardScaler.fit against StandardScaler().fit of Debian's python3-sklearn 1.2.1 (make_scaler_fixtures.py). */
class StandardScalerTest {

    @Test
    void equalsScikitLearnOnEveryFixtureCase() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/training/scaler_fixtures.json")) {
            root = new ObjectMapper().readTree(in);
        }
        assertEquals("1.2.1", root.get("sklearn").asText());
        int cases = 0;
        for (JsonNode c : root.get("cases")) {
            List<double[]> rows = new ArrayList<>();
            for (JsonNode row : c.get("rows")) {
                double[] values = new double[row.size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = row.get(j).asDouble();
                }
                rows.add(values);
            }
            StandardScaler fitted = StandardScaler.fit(rows);
            String name = c.get("name").asText();
            assertEquals(c.get("n").asLong(), fitted.samplesSeen(), name);
            assertClose(c.get("mean"), fitted.mean(), name + " mean");
            assertClose(c.get("var"), fitted.variance(), name + " var");
            assertClose(c.get("scale"), fitted.scale(), name + " scale");
            cases++;
        }
        assertEquals(5, cases);
    }

    private static void assertClose(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what);
        for (int j = 0; j < actual.length; j++) {
            double e = expected.get(j).asDouble();
            double tolerance = 1e-12 * Math.abs(e);
            assertTrue(Math.abs(e - actual[j]) <= tolerance,
                    what + "[" + j + "]: sklearn " + e + ", fit " + actual[j]);
        }
    }

    @Test
    void constantColumnsGetScaleOne() {
        StandardScaler fitted = StandardScaler.fit(List.of(new double[] {5, 1}, new double[] {5, 3}));
        assertEquals(1.0, fitted.scale()[0]);
        assertEquals(0.0, fitted.variance()[0]);
        assertEquals(1.0, fitted.scale()[1]);
        assertEquals(2.0, fitted.mean()[1]);
    }

    @Test
    void refusesNonFiniteAndRaggedRows() {
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(List.of(new double[] {Double.NaN})));
        assertThrows(IllegalArgumentException.class,
                () -> StandardScaler.fit(List.of(new double[] {1, 2}, new double[] {1})));
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(List.of()));
    }
}
