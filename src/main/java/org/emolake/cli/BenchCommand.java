package org.emolake.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.emolake.audio.AudioLoader;
import org.emolake.job.BenchDriver;
import org.emolake.job.JobException;
import org.emolake.job.ScoreJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code emolake bench-score}: end-to-end throughput of the scoring job on a few core counts. */
@Command(name = "bench-score", sortOptions = false,
        description = "Scores N generated clips end to end (manifest, Spark, features, model, Parquet lake) on"
                + " local[c] for each core count, after a warm-up, and reports clips/s and the speed-up.")
public final class BenchCommand extends CommandBase {
    @Option(names = "--clips", paramLabel = "N", defaultValue = "500",
            description = "Clips generated and scored. Default: ${DEFAULT-VALUE}.")
    int clips;

    @Option(names = "--model-dir", paramLabel = "DIR", required = true, description = "The model bundle folder.")
    String modelDir;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3.0",
            description = "Length of each clip in seconds. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--cores", paramLabel = "N,...", defaultValue = "1,2", split = ",",
            description = "Core counts (local[N]) to run on; the first is the speed-up base. Default: ${DEFAULT-VALUE}.")
    List<Integer> cores;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ScoreJob.DEFAULT_BATCH_SIZE,
            description = "Clips scored by the model at once. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Folder for the clips, manifests and lakes (clips there are reused). Default: a new"
                    + " temporary folder.")
    Path work;

    /** Entry point for {@code spark-submit --class org.emolake.cli.BenchCommand emolake-spark.jar ARGS}. */
    public static void main(String[] args) {
        Main.submit("bench-score", args);
    }

    @Override
    int run() throws JobException, IOException {
        OptionChecks.atLeast(this, "--clips", clips, 1);
        OptionChecks.atLeast(this, "--batch-size", batchSize, 1);
        OptionChecks.positiveSeconds(this, "--seconds", seconds);
        for (int c : cores) {
            OptionChecks.atLeast(this, "--cores", c, 1);
        }
        AudioLoader.checkAvailable();
        Path folder = work != null ? work : Files.createTempDirectory("emolake-bench");
        BenchDriver.run(clips, seconds, modelDir, cores, batchSize, folder, out(), err());
        return ExitCodes.OK;
    }
}
