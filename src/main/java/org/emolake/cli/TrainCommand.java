package org.emolake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.emolake.job.SparkFeatureSource;
import org.emolake.model.ModelException;
import org.emolake.training.CnnLstmTrainer;
import org.emolake.training.LabelledFeatureSource;
import org.emolake.training.ManifestFeatureSource;
import org.emolake.training.TrainingPipeline;

/**
 * {@code emolake train (--manifest MANIFEST [--label-column COL] [--path-column COL] | --audio-dir DIR) --out DIR
 * [--epochs N] [--batch-size N] [--patience N] [--validation-fraction F] [--seed N] [--threads N] [--partitions N]
 * [--name NAME] [--version V]}: extracts the 110 features of labelled WAV clips, trains the CNN-LSTM and writes a
 * model bundle (docs/TRAINING.md). A Parquet manifest (a folder or a {@code .parquet} file, or a URI) is read and
 * extracted with Spark ({@link SparkFeatureSource}); a CSV manifest or an audio folder in this JVM
 * ({@link ManifestFeatureSource}). Exit codes: 0 done, 2 bad arguments, 4 unreadable input, 1 training or export
 * failure.
 */
public final class TrainCommand {
    static final String USAGE = String.join("\n",
            "usage: emolake train --manifest LABELLED --label-column COL [--path-column path] --out DIR [options]",
            "       emolake train --audio-dir DIR --out DIR [options]        (DIR/<label>/<clip>.wav)",
            "LABELLED: a Parquet manifest (folder or .parquet; features extracted with Spark) or a CSV file",
            "options: --epochs 50 --batch-size 32 --patience 5 --validation-fraction 0.1 --seed 42",
            "         --threads <cores> (CSV/--audio-dir) --partitions <auto> (Parquet)",
            "         --name emolake-model --version <yyyymmdd>",
            "");

    private TrainCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments parsed;
        CnnLstmTrainer.Config config;
        int threads;
        int partitions;
        double validationFraction;
        try {
            parsed = Arguments.parse(args, Set.of("manifest", "label-column", "path-column", "audio-dir", "out",
                    "epochs", "batch-size", "patience", "validation-fraction", "seed", "threads", "partitions", "name", "version"),
                    Set.of());
            if (!parsed.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + parsed.positional().get(0) + "'");
            }
            if ((parsed.option("manifest") == null) == (parsed.option("audio-dir") == null)) {
                throw new UsageException("give exactly one of --manifest and --audio-dir");
            }
            parsed.required("out");
            CnnLstmTrainer.Config d = CnnLstmTrainer.Config.defaults();
            String seed = parsed.option("seed");
            long seedValue;
            try {
                seedValue = seed == null ? d.seed() : Long.parseLong(seed);
            } catch (NumberFormatException e) {
                throw new UsageException("option --seed must be a whole number (" + seed + ")");
            }
            config = new CnnLstmTrainer.Config(parsed.intOption("epochs", d.maxEpochs(), 1),
                    parsed.intOption("batch-size", d.batchSize(), 1), parsed.intOption("patience", d.patience(), 1),
                    d.learningRate(), seedValue);
            threads = parsed.intOption("threads", Runtime.getRuntime().availableProcessors(), 1);
            partitions = parsed.intOption("partitions", 0, 1);
            String fraction = parsed.option("validation-fraction");
            try {
                validationFraction = fraction == null ? TrainingPipeline.VALIDATION_FRACTION : Double.parseDouble(fraction);
            } catch (NumberFormatException e) {
                throw new UsageException("option --validation-fraction must be a number (" + fraction + ")");
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new UsageException("option --validation-fraction must be between 0 and 1 (" + fraction + ")");
            }
        } catch (UsageException e) {
            err.println("emolake train: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Path outDir = Path.of(parsed.option("out"));
        LabelledFeatureSource source;
        LabelledFeatureSource.Loaded data;
        try {
            if (parsed.option("manifest") != null) {
                String label = parsed.option("label-column") == null ? "label" : parsed.option("label-column");
                String path = parsed.option("path-column") == null ? "path" : parsed.option("path-column");
                String manifest = parsed.option("manifest");
                source = SparkFeatureSource.isParquet(manifest)
                        ? new SparkFeatureSource(manifest, path, label, partitions, true)
                        : ManifestFeatureSource.csv(Path.of(manifest), path, label, threads);
            } else {
                source = ManifestFeatureSource.audioDir(Path.of(parsed.option("audio-dir")), threads);
            }
            data = source.load(err);
        } catch (IOException e) {
            err.println("emolake train: " + e.getMessage());
            return 4;
        }
        String name = parsed.option("name") == null ? "emolake-model" : parsed.option("name");
        String version = parsed.option("version") == null
                ? java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace("-", "") : parsed.option("version");
        try {
            Files.createDirectories(outDir);
            TrainingPipeline.Report report = new TrainingPipeline(config, name, version, validationFraction).run(data, outDir, out);
            out.printf(Locale.ROOT, "train: wrote %s (held-out accuracy %.4f, macro-F1 %.4f, %d skipped clips)%n",
                    outDir, report.evaluation().accuracy(), report.evaluation().macroF1(), data.failures().size());
            return 0;
        } catch (IOException e) {
            err.println("emolake train: cannot write the bundle: " + e.getMessage());
            return 4;
        } catch (ModelException | RuntimeException e) {
            err.println("emolake train: " + e.getMessage());
            return 1;
        }
    }
}
