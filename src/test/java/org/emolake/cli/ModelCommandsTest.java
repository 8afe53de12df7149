package org.emolake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.emolake.model.Fixtures;
import org.emolake.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inspectPrintsArchitectureClassesScalerAndHashes() throws Exception {
        Path bundle = Fixtures.keras7PickleBundle(dir.resolve("bundle"));
        int code = ModelInspectCommand.run(new String[] {"--model-dir", bundle.toString()}, out, err);
        assertEquals(0, code, err());
        String text = out();
        assertTrue(text.contains("Input shape: [batch, 110, 1]"), text);
        assertTrue(text.matches("(?s).*lstm\\s+LSTM\\s+\\[1, 64]\\s+33024.*"), text);
        assertTrue(text.matches("(?s).*dense_1\\s+DenseLayer\\s+\\[1, 7]\\s+455.*"), text);
        assertTrue(text.contains("total parameters: 37895"), text);
        assertTrue(text.contains("Classes (7): angry, disgust, fearful, happy, neutral, sad, surprised"), text);
        assertTrue(text.contains("Scaler: joblib StandardScaler (with_mean=True, with_std=True), 110 features"), text);
        for (String name : List.of(ModelBundle.MODEL_FILE, ModelBundle.SCALER_PICKLE, ModelBundle.LABEL_ENCODER_PICKLE)) {
            String sha = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bundle.resolve(name))));
            assertTrue(text.contains(sha + "  " + name), text);
        }
    }

    @Test
    void inspectRejectsBadArgumentsAndBadBundles() {
        assertEquals(2, ModelInspectCommand.run(new String[] {}, out, err));
        assertTrue(err().contains("Missing required option: '--model-dir=DIR'") && err().contains("Usage: emolake model inspect"), err());
        assertEquals(2, ModelInspectCommand.run(new String[] {"--model", "x"}, out, err));
        assertTrue(err().contains("Unknown options: '--model'"), err());
        assertEquals(3, ModelInspectCommand.run(new String[] {"--model-dir", dir.toString()}, out, err));
        assertTrue(err().contains("Cannot load " + dir.resolve(ModelBundle.MODEL_FILE)), err());
    }

    @Test
    void predictWithIdentityScalerJsonMatchesKeras() throws IOException {
        Path bundle = Fixtures.keras7Bundle(dir.resolve("bundle"));
        Path vectors = vectors(Fixtures.matrix(Fixtures.KERAS7 + "inputs.json"));
        Path output = dir.resolve("out.jsonl");
        int code = PredictCommand.run(new String[] {"--model-dir", bundle.toString(), "--output", output.toString(),
                vectors.toString()}, out, err);
        assertEquals(0, code, err());
        assertMatchesExpected(Files.readAllLines(output));
        assertTrue(err().contains("64 rows, 0 errors"), err());
    }

    @Test
    void predictWithRealPickledScalerOnRawFeaturesMatchesKerasOnStdout() throws IOException {
        Path bundle = Fixtures.keras7PickleBundle(dir.resolve("bundle"));
        Path vectors = vectors(Fixtures.matrix(Fixtures.KERAS7 + "raw_inputs.json"));
        int code = PredictCommand.run(new String[] {"--model-dir=" + bundle, vectors.toString()}, out, err);
        assertEquals(0, code, err());
        assertMatchesExpected(out().lines().toList());
    }

    private Path vectors(double[][] rows) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            lines.add(JSON.writeValueAsString(JSON.createObjectNode().put("id", "clip-" + i)
                    .set("features", JSON.valueToTree(rows[i]))));
        }
        return Files.write(dir.resolve("vectors.jsonl"), lines);
    }

    private static void assertMatchesExpected(List<String> lines) throws IOException {
        double[][] expected = Fixtures.matrix(Fixtures.KERAS7 + "expected.json");
        List<String> labels = List.of("angry", "disgust", "fearful", "happy", "neutral", "sad", "surprised");
        assertEquals(expected.length, lines.size());
        for (int row = 0; row < expected.length; row++) {
            JsonNode result = JSON.readTree(lines.get(row));
            assertEquals("clip-" + row, result.get("id").asText());
            assertEquals("ok", result.get("status").asText());
            int argmax = 0;
            for (int k = 0; k < labels.size(); k++) {
                assertEquals(expected[row][k], result.get("probabilities").get(labels.get(k)).asDouble(), 1e-5);
                argmax = expected[row][k] > expected[row][argmax] ? k : argmax;
            }
            assertEquals(labels.get(argmax), result.get("label").asText());
            assertEquals(expected[row][argmax], result.get("confidence").asDouble(), 1e-5);
        }
    }

    @Test
    void predictWritesErrorRowsInPlaceAndKeepsGoing() throws IOException {
        Path bundle = Fixtures.keras7Bundle(dir.resolve("bundle"));
        double[] good = Fixtures.matrix(Fixtures.KERAS7 + "inputs.json")[0];
        String goodFeatures = JSON.writeValueAsString(good);
        String nanFeatures = goodFeatures.replaceFirst("^\\[[^,]+,", "[NaN,");
        Path vectors = Files.write(dir.resolve("v.jsonl"), List.of(
                "{\"id\": 1, \"features\": " + goodFeatures + "}",
                "{\"id\": 2, \"features\": " + nanFeatures + "}",
                "",
                "{\"id\": 3, \"features\": [1, 2, 3]}",
                "{\"id\": 4, \"features\": " + goodFeatures.replaceFirst("^\\[[^,]+,", "[\"x\",") + "}",
                "{\"id\": 5",
                "{\"id\": \"six\"}",
                "{\"id\": 7, \"features\": " + goodFeatures + "}"));
        int code = PredictCommand.run(new String[] {"--model-dir", bundle.toString(), vectors.toString()}, out, err);
        assertEquals(0, code, err());
        List<JsonNode> results = new ArrayList<>();
        for (String line : out().lines().toList()) {
            results.add(JSON.readTree(line));
        }
        assertEquals(7, results.size());
        assertEquals("ok", results.get(0).get("status").asText());
        assertError(results.get(1), "2", "NON_FINITE_FEATURE");
        assertError(results.get(2), "3", "WRONG_FEATURE_COUNT");
        assertError(results.get(3), "4", "INVALID_FEATURES");
        assertError(results.get(4), "null", "INVALID_JSON");
        assertError(results.get(5), "\"six\"", "INVALID_FEATURES");
        assertEquals(results.get(0).get("probabilities"), results.get(6).get("probabilities"));
        assertTrue(err().contains("7 rows, 5 errors"), err());
    }

    private static void assertError(JsonNode result, String id, String code) {
        assertEquals(id, result.get("id").toString());
        assertEquals("error", result.get("status").asText());
        assertEquals(code, result.get("error_code").asText(), result.toString());
        assertTrue(result.get("error_message").asText().length() > 5, result.toString());
    }

    @Test
    void predictRejectsBadArgumentsInputsAndBundles() throws IOException {
        Path bundle = Fixtures.keras7Bundle(dir.resolve("bundle"));
        Path vectors = Files.write(dir.resolve("v.jsonl"), List.of());
        assertEquals(2, PredictCommand.run(new String[] {vectors.toString()}, out, err));
        assertEquals(2, PredictCommand.run(new String[] {"--model-dir", bundle.toString()}, out, err));
        assertTrue(err().contains("Missing required parameter: 'VECTORS.jsonl'"), err());
        assertEquals(2, PredictCommand.run(new String[] {"--model-dir", bundle.toString(), "a", "b"}, out, err));
        assertEquals(2, PredictCommand.run(new String[] {"--model-dir", bundle.toString(), "--output"}, out, err));
        assertEquals(3, PredictCommand.run(new String[] {"--model-dir", bundle.toString(), "absent.jsonl"}, out, err));
        assertTrue(err().contains("cannot read absent.jsonl"), err());
        Files.delete(bundle.resolve(ModelBundle.LABELS_JSON));
        assertEquals(3, PredictCommand.run(new String[] {"--model-dir", bundle.toString(), vectors.toString()}, out, err));
        assertTrue(err().contains("Cannot load " + bundle.resolve(ModelBundle.LABELS_JSON) + ": no labels.json"), err());
        assertEquals("", out());
    }
}
