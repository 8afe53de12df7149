package org.emolake.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code emolake predict}: scores raw feature vectors.
 *
 * <p>Input lines are {@code {"id": ..., "features": [raw, unscaled numbers]}} (Python's NaN/Infinity
 * literals accepted; {@code emolake features} writes such lines); output lines are {@code {"id", "status": "ok",
 * "label", "confidence", "probabilities": {label: p}}} or {@code {"id", "status": "error", "error_code",
 * "error_message"}}, one per non-blank input line, in input order.
 */
@Command(name = "predict", sortOptions = false,
        description = "Scores raw feature vectors: JSON lines {\"id\", \"features\": [110 numbers]} (as"
                + " `emolake features` writes them) in, one prediction line per input line out.")
final class PredictCommand extends CommandBase {
    /** Lines read before scoring them together; bounds memory on large inputs. */
    private static final int CHUNK_LINES = 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @Option(names = "--model-dir", paramLabel = "DIR", required = true, description = "The model bundle folder.")
    Path modelDir;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the predictions to FILE instead of standard output.")
    Path output;

    @Parameters(paramLabel = "VECTORS.jsonl", description = "The input lines; - for standard input.")
    String input;

    /** Runs {@code emolake predict ARGS} (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run("predict", args, System.in, out, err);
    }

    @Override
    int run() throws InputRefusedException, IOException {
        boolean stdin = input.equals("-");
        if (!stdin && !Files.isRegularFile(Path.of(input))) {
            throw new InputRefusedException("cannot read " + input + ": no such file");
        }
        if (output != null && output.toAbsolutePath().getParent() != null
                && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new InputRefusedException("cannot write " + output + ": no such directory");
        }
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(modelDir);
        } catch (ModelException e) {
            throw new InputRefusedException(e.getMessage(), e);
        }
        try (BufferedReader reader = stdin ? new BufferedReader(new InputStreamReader(in(), StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
             Writer writer = new OutputStreamWriter(output == null ? nonClosing(out()) : Files.newOutputStream(output),
                     StandardCharsets.UTF_8)) {
            Counts counts = predict(bundle, reader, writer);
            err().println("predict: " + counts.rows + " rows, " + counts.errors + " errors, model sha256 "
                    + bundle.sha256());
            return ExitCodes.OK;
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
