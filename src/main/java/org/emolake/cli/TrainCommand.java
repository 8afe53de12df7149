package org.emolake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.emolake.audio.AudioLoader;
import org.emolake.job.SparkFeatureSource;
import org.emolake.model.ModelException;
import org.emolake.model.CnnLstmTrainer;
import org.emolake.training.LabelledFeatureSource;
import org.emolake.training.ManifestFeatureSource;
import org.emolake.training.TrainingPipeline;
import org.emolake.scoring.ScoringLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code emolake train}: extracts the 110 features of labelled clips, trains the CNN-LSTM and writes a model bundle
 * (docs/TRAINING.md). A Parquet manifest (a folder or a {@code .parquet} file, or a URI) is read and extracted with
 * Spark ({@link SparkFeatureSource}); a CSV manifest or an audio folder in this JVM ({@link ManifestFeatureSource}).
 */
@Command(name = "train", sortOptions = false,
        description = {"Trains the CNN-LSTM on labelled clips and writes a model bundle (docs/TRAINING.md).",
                "LABELLED is a Parquet manifest (folder or .parquet; features extracted with Spark) or a CSV file;"
                        + " --audio-dir DIR reads DIR/LABEL/CLIP.wav."})
public final class TrainCommand extends CommandBase {
    @Option(names = "--manifest", paramLabel = "LABELLED", description = "Labelled manifest: Parquet or CSV.")
    String manifest;

    @Option(names = "--audio-dir", paramLabel = "DIR", description = "Folder with one sub-folder of audio files per"
            + " label, named by the label (instead of --manifest).")
    Path audioDir;

    @Option(names = "--label-column", paramLabel = "COL", defaultValue = "label",
            description = "Manifest column holding the label. Default: ${DEFAULT-VALUE}.")
    String labelColumn;

    @Option(names = "--path-column", paramLabel = "COL", defaultValue = "path",
            description = "Manifest column holding the clip path. Default: ${DEFAULT-VALUE}.")
    String pathColumn;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder the bundle is written to (required).")
    Path out;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "50",
            description = "Most training epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "5",
            description = "Epochs without validation improvement before stopping. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Share of the clips held out for validation, between 0 and 1. Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Random seed of the split and the weights. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Clips decoded at once (CSV, --audio-dir). Default: the number of cores.")
    Integer threads;

    @Mixin
    ClipLimitOptions clipLimits = new ClipLimitOptions();

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Spark partitions for a Parquet manifest; 0 chooses from the cores. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "emolake-model",
            description = "Model name written to model.json. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--version", paramLabel = "V",
            description = "Model version written to model.json. Default: today's date, yyyymmdd (UTC).")
    String version;

    /** Runs {@code emolake train ARGS} (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run("train", args, System.in, out, err);
    }

    @Override
    int run() throws InputRefusedException, IOException, ModelException {
        if ((manifest == null) == (audioDir == null)) {
            throw usage("give exactly one of --manifest and --audio-dir");
        }
        if (out == null) {
            throw usage("option --out is required");
        }
        OptionChecks.atLeast(this, "--epochs", epochs, 1);
        OptionChecks.atLeast(this, "--batch-size", batchSize, 1);
        OptionChecks.atLeast(this, "--patience", patience, 1);
        OptionChecks.atLeast(this, "--partitions", partitions, 0);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        OptionChecks.atLeast(this, "--threads", threadCount, 1);
        ScoringLimits limits = clipLimits.limits(this);
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw usage("option --validation-fraction must be between 0 and 1 (" + validationFraction + ")");
        }
        AudioLoader.checkAvailable();
        CnnLstmTrainer.Config d = CnnLstmTrainer.Config.defaults();
        CnnLstmTrainer.Config config = new CnnLstmTrainer.Config(epochs, batchSize, patience, d.learningRate(), seed);
        LabelledFeatureSource.Loaded data;
        try {
            LabelledFeatureSource source;
            if (manifest != null) {
                source = SparkFeatureSource.isParquet(manifest)
                        ? new SparkFeatureSource(manifest, pathColumn, labelColumn, partitions, true, limits)
                        : ManifestFeatureSource.csv(Path.of(manifest), pathColumn, labelColumn, threadCount,
                                limits);
            } else {
                source = ManifestFeatureSource.audioDir(audioDir, threadCount, limits);
            }
            data = source.load(err());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputRefusedException("cannot read " + e.getMessage() + ": no such file or folder", e);
        } catch (IOException e) {
            throw new InputRefusedException(e.getMessage(), e);
        }
        String bundleVersion = version != null ? version
                : java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace("-", "");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new InputRefusedException("cannot write the bundle: " + e.getMessage(), e);
        }
        TrainingPipeline.Report report = new TrainingPipeline(config, name, bundleVersion, validationFraction)
                .run(data, out, out());
        out().printf(Locale.ROOT, "train: wrote %s (held-out accuracy %.4f, macro-F1 %.4f, %d skipped clips)%n",
                out, report.evaluation().accuracy(), report.evaluation().macroF1(), data.failures().size());
        return ExitCodes.OK;
    }
}
