package org.emolake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.emolake.model.LayerInfo;
import org.emolake.model.ModelBundle;
import org.emolake.model.ModelException;
import org.emolake.model.ModelMetadata;
import org.emolake.model.ScalerSummary;

/**
 * {@code emolake model inspect --model-dir DIR}: what a model bundle holds, after loading it
 * exactly as scoring would (so a bundle that inspects cleanly also scores).
 *
 * <p>Exit codes: 0 loaded and printed, 2 bad arguments, 3 the bundle cannot be loaded.
 */
public final class ModelInspectCommand {

    static final String USAGE = "usage: emolake model inspect --model-dir DIR";

    private ModelInspectCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir;
        try {
            Arguments parsed = Arguments.parse(args, Set.of("model-dir"), Set.of());
            if (!parsed.positional().isEmpty()) {
                throw new UsageException("unexpected argument " + parsed.positional().get(0));
            }
            dir = Path.of(parsed.required("model-dir"));
        } catch (UsageException e) {
            err.println("model inspect: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(dir);
        } catch (ModelException e) {
            err.println(e.getMessage());
            return 3;
        }
        print(dir, bundle, out);
        return 0;
    }

    private static void print(Path dir, ModelBundle bundle, PrintStream out) {
        ModelMetadata metadata = bundle.metadata();
        out.println("Model bundle: " + dir.toAbsolutePath());
        if (!metadata.name().isEmpty() || !metadata.version().isEmpty()) {
            out.println("Name: " + metadata.name() + "  version: " + metadata.version());
        }
        out.println("Feature set: " + metadata.featureSet() + " (" + metadata.featureCount() + " features)");
        out.println("Input shape: [batch, " + bundle.featureCount() + ", 1]");
        out.println("Model file: " + bundle.modelFile() + " (" + bundle.modelFormat() + ")");
        out.println("Layers:");
        List<LayerInfo> layers = bundle.layers();
        int nameWidth = Math.max(4, layers.stream().mapToInt(l -> l.name().length()).max().orElse(0));
        int typeWidth = Math.max(4, layers.stream().mapToInt(l -> l.type().length()).max().orElse(0));
        String row = "  %-" + nameWidth + "s  %-" + typeWidth + "s  %-16s %10s%n";
        out.printf(row, "name", "type", "output shape", "params");
        long total = 0;
        for (LayerInfo layer : layers) {
            out.printf(row, layer.name(), layer.type(), layer.outputShape(), layer.parameters());
            total += layer.parameters();
        }
        out.println("  total parameters: " + total);
        out.println("Classes (" + bundle.labels().size() + "): " + String.join(", ", bundle.labels()));
        ScalerSummary scaler = bundle.scalerSummary();
        out.println("Scaler: " + scaler.source() + ", " + scaler.features() + " features, mean in ["
                + number(scaler.meanMin()) + ", " + number(scaler.meanMax()) + "], scale in ["
                + number(scaler.scaleMin()) + ", " + number(scaler.scaleMax()) + "]");
        out.println("SHA-256:");
        for (Map.Entry<String, String> artifact : bundle.artifactSha256().entrySet()) {
            out.println("  " + artifact.getValue() + "  " + artifact.getKey());
        }
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
