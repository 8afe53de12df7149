package org.emolake.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.NativeLibraryUnavailableException;
import org.emolake.job.BenchCommand;
import org.emolake.job.DemoCommand;
import org.emolake.job.ManifestCommand;
import org.emolake.job.ScoreCommand;
import org.emolake.job.SqlCommand;

/** {@code bin/emolake COMMAND ...}: dispatches to the commands; exit code 0 on success, 2 on a usage error. */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: emolake COMMAND [OPTIONS]",
            "",
            "commands:",
            "  demo [--audio DIR] [--model-dir DIR] [--lake LAKE] score the bundled demo archive and print the class report",
            "  features [--output FILE] [--threads N] [--max-duration S] [--clip-timeout S] PATH...",
            "                                                   110 librosa features of WAV files (JSON lines)",
            "  features --names                                 the 110 feature names",
            "  model inspect --model-dir DIR                    architecture, classes, scaler and SHA-256 of a bundle",
            "  predict --model-dir DIR [--output FILE] VECTORS.jsonl",
            "                                                   score raw feature vectors (JSON lines)",
            "  manifest --root DIR --output FILE                Parquet manifest of the .wav files under a folder tree",
            "  score --manifest M --model-dir DIR --lake LAKE [--run-id ID] [--table-format iceberg|parquet]",
            "        [--group-by COL,...] [--batch-size N] [--partitions N] [--keep-features] [--incremental]",
            "        [--allowed-roots ROOT,...] [--max-duration S] [--clip-timeout S] [--verbose]",
            "                                                   score a manifest with Spark into the lake's tables",
            "  sql --lake LAKE [--format table|csv|json] \"SELECT ...\"",
            "                                                   Spark SQL over predictions, class_summary, error_summary, runs",
            "  bench-score --clips N --model-dir DIR            end-to-end throughput on local[1] and local[2]",
            "  train --manifest LABELLED --label-column COL --out DIR [--patience N] [--validation-fraction F] ...",
            "  train --audio-dir DIR --out DIR                  train the CNN-LSTM on labelled WAV clips; LABELLED is a",
            "                                                   Parquet manifest (path + label columns; features extracted",
            "                                                   with Spark) or a CSV file; `emolake train` lists options",
            "");

    /** The commands that decode audio, and so need libsoxr. */
    private static final Set<String> AUDIO_COMMANDS = Set.of("features", "demo", "score", "bench-score", "train");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            if (AUDIO_COMMANDS.contains(args[0])) {
                // Every clip would fail the same way: say once, up front, what to install.
                AudioLoader.checkAvailable();
            }
            switch (args[0]) {
                case "features":
                    return FeaturesCommand.run(rest, out, err);
                case "model":
                    if (rest.length == 0 || !rest[0].equals("inspect")) {
                        throw new UsageException("model takes the subcommand 'inspect'");
                    }
                    return ModelInspectCommand.run(Arrays.copyOfRange(rest, 1, rest.length), out, err);
                case "predict":
                    return PredictCommand.run(rest, out, err);
                case "demo":
                    return DemoCommand.run(rest, out, err);
                case "manifest":
                    return ManifestCommand.run(rest, out, err);
                case "score":
                    return ScoreCommand.run(rest, out, err);
                case "sql":
                    return SqlCommand.run(rest, out, err);
                case "bench-score":
                    return BenchCommand.run(rest, out, err);
                case "train":
                    return TrainCommand.run(rest, out, err);
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (NativeLibraryUnavailableException e) {
            err.println("emolake " + args[0] + ": " + e.getMessage());
            return 3;
        } catch (UsageException e) {
            err.println("emolake " + args[0] + ": " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("emolake " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }
}
