package org.emolake.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.emolake.model.ModelBundle;
import org.emolake.model.ModelException;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;

/**
 * {@code emolake predict --model-dir DIR [--output FILE] VECTORS.jsonl}: scores raw feature vectors.
 *
 * <p>Input lines are {@code {"id": ..., "features": [raw, unscaled numbers]}} (Python's NaN/Infinity
 * literals accepted); output lines are {@code {"id", "status": "ok", "label", "confidence",
 * "probabilities": {label: p}}} or {@code {"id", "status": "error", "error_code", "error_message"}},
 * one per non-blank input line, in input order.
 *
 * <p>Exit codes: 0 every line answered (some may be error rows), 2 bad arguments, 3 the bundle cannot
 * be loaded, 4 the input cannot be read or the output written.
 */
public final class PredictCommand {

    static final String USAGE = "usage: emolake predict --model-dir DIR [--output FILE] VECTORS.jsonl";
    /** Lines read before scoring them together; bounds memory on large inputs. */
    private static final int CHUNK_LINES = 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private PredictCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path modelDir;
        Path input;
        Path output;
        try {
            Arguments parsed = Arguments.parse(args, Set.of("model-dir", "output"), Set.of());
            modelDir = Path.of(parsed.required("model-dir"));
            if (parsed.positional().size() != 1) {
                throw new UsageException(parsed.positional().isEmpty()
                        ? "missing VECTORS.jsonl" : "expected one input file, got " + parsed.positional());
            }
            input = Path.of(parsed.positional().get(0));
            output = parsed.option("output") != null ? Path.of(parsed.option("output")) : null;
        } catch (UsageException e) {
            err.println("predict: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (!Files.isRegularFile(input)) {
            err.println("predict: cannot read " + input + ": no such file");
            return 4;
        }
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(modelDir);
        } catch (ModelException e) {
            err.println(e.getMessage());
            return 3;
        }
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             Writer writer = new OutputStreamWriter(output == null ? nonClosing(out) : Files.newOutputStream(output),
                     StandardCharsets.UTF_8)) {
            Counts counts = predict(bundle, reader, writer);
            err.println("predict: " + counts.rows + " rows, " + counts.errors + " errors, model sha256 " + bundle.sha256());
            return 0;
        } catch (NoSuchFileException e) {
            err.println("predict: cannot write " + output + ": no such directory");
            return 4;
        } catch (IOException e) {
            err.println("predict: " + e.getMessage());
            return 4;
        }
    }

    private record Counts(long rows, long errors) {
    }

    /** One parsed input line: its id and features, or the reason it has none. */
    private record Line(JsonNode id, double[] features, String errorCode, String errorMessage) {
    }

    private static Counts predict(ModelBundle bundle, BufferedReader reader, Writer writer) throws IOException {
        ClipPipeline pipeline = ClipPipeline.scoring(bundle, ScoringLimits.defaults());
        long rows = 0;
        long errors = 0;
        long lineNumber = 0;
        List<Line> chunk = new ArrayList<>(CHUNK_LINES);
        String text;
        boolean more = true;
        while (more) {
            text = reader.readLine();
            more = text != null;
            if (more) {
                lineNumber++;
                if (!text.isBlank()) {
                    chunk.add(parse(text, lineNumber));
                }
            }
            if (chunk.size() == CHUNK_LINES || (!more && !chunk.isEmpty())) {
                errors += write(pipeline, chunk, writer);
                rows += chunk.size();
                chunk.clear();
            }
        }
        writer.flush();
        return new Counts(rows, errors);
    }

    private static Line parse(String text, long lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Line(NullNode.getInstance(), null, "INVALID_JSON",
                    "line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode id = node.isObject() && node.has("id") ? node.get("id") : NullNode.getInstance();
        JsonNode features = node.path("features");
        if (!features.isArray()) {
            return new Line(id, null, "INVALID_FEATURES", "line " + lineNumber + " has no \"features\" array");
        }
        double[] values = new double[features.size()];
        for (int i = 0; i < values.length; i++) {
            if (!features.get(i).isNumber()) {
                return new Line(id, null, "INVALID_FEATURES",
                        "line " + lineNumber + ": feature " + i + " is " + features.get(i) + ", not a number");
            }
            values[i] = features.get(i).asDouble();
        }
        return new Line(id, values, null, null);
    }

    /** Scores the parseable lines of a chunk and writes every line's result in order; returns the error count. */
    private static int write(ClipPipeline pipeline, List<Line> chunk, Writer writer) throws IOException {
        List<String> names = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Line line : chunk) {
            if (line.features() != null) {
                names.add(line.id().asText());
                rows.add(line.features());
            }
        }
        List<ClipOutcome> outcomes = pipeline.classifyFeatures(names, rows);
        int next = 0;
        int errors = 0;
        for (Line line : chunk) {
            ObjectNode result = JSON.createObjectNode();
            result.set("id", line.id());
            if (line.features() == null) {
                error(result, line.errorCode(), line.errorMessage());
                errors++;
            } else {
                ClipOutcome outcome = outcomes.get(next++);
                if (outcome.ok()) {
                    result.put("status", "ok");
                    result.put("label", outcome.label());
                    result.put("confidence", outcome.confidence());
                    ObjectNode probabilities = result.putObject("probabilities");
                    outcome.probabilities().forEach(probabilities::put);
                } else {
                    error(result, outcome.errorCode(), outcome.errorMessage());
                    errors++;
                }
            }
            writer.write(JSON.writeValueAsString(result));
            writer.write('\n');
        }
        return errors;
    }

    private static void error(ObjectNode result, String code, String message) {
        result.put("status", "error");
        result.put("error_code", code);
        result.put("error_message", message);
    }

    /** Leaves the caller's stream open: it belongs to the caller (usually System.out). */
    private static OutputStream nonClosing(PrintStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }

            @Override
            public void flush() {
                out.flush();
            }
        };
    }
}
