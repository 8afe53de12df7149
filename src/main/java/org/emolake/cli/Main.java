package org.emolake.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code bin/emolake COMMAND ...}: dispatches to the commands; exit code 0 on success, 2 on a usage error. */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: emolake COMMAND [OPTIONS]",
            "",
            "commands:",
            "  features [--output FILE] [--threads N] [--max-duration S] [--clip-timeout S] PATH...",
            "                                                   110 librosa features of WAV files (JSON lines)",
            "  features --names                                 the 110 feature names",
            "  model inspect --model-dir DIR                    architecture, classes, scaler and SHA-256 of a bundle",
            "  predict --model-dir DIR [--output FILE] VECTORS.jsonl",
            "                                                   score raw feature vectors (JSON lines)",
            "");

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
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
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
