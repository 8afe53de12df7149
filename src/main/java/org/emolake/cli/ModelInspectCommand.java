package org.emolake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.emolake.job.JobException;
import org.emolake.job.ModelBundleFiles;
import org.emolake.job.Storage;
import org.emolake.model.LayerInfo;
import org.emolake.model.ModelBundle;
import org.emolake.model.ModelException;
import org.emolake.model.ModelMetadata;
import org.emolake.model.ScalerSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emolake model inspect}: what a model bundle holds, after loading it exactly as scoring would (so a
 * bundle that inspects cleanly also scores).
 */
@Command(name = "inspect", description = "Architecture, input shape, classes, scaler summary and SHA-256 of each"
        + " artifact of a model bundle, loaded exactly as scoring loads it.")
final class ModelInspectCommand extends CommandBase {
    @Option(names = "--model-dir", paramLabel = "DIR", required = true,
            description = "The model bundle folder: a local path, or any Hadoop FS URI (file:, hdfs:, s3a:).")
    String modelDir;

    /** Runs {@code emolake model inspect ARGS} (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] all = new String[args.length + 2];
        all[0] = "model";
        all[1] = "inspect";
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.run(all, out, err);
    }

    @Override
    int run() throws InputRefusedException, JobException {
        ModelBundle bundle;
        try {
            bundle = ModelBundleFiles.load(modelDir);
        } catch (ModelException e) {
            throw new InputRefusedException(e.getMessage(), e);
        }
        print(displayed(modelDir), bundle, out());
        return ExitCodes.OK;
    }

    /** A local folder as an absolute path; a URI as given, without secrets. */
    private static String displayed(String modelDir) {
        return modelDir.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") ? Storage.redact(modelDir)
                : Path.of(modelDir).toAbsolutePath().toString();
    }

    private static void print(String dir, ModelBundle bundle, PrintStream out) {
        ModelMetadata metadata = bundle.metadata();
        out.println("Model bundle: " + dir);
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
