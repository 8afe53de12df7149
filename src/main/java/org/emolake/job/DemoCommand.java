package org.emolake.job;

import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.emolake.cli.Arguments;
import org.emolake.cli.UsageException;

/**
 * {@code emolake demo}: the whole nightly job on the bundled demo archive, on an embedded {@code local[*]} Spark:
 * a manifest of {@code demo/audio}, a scoring run with the bundled model in {@code models/} into a local lake
 * folder, and the per-class report read back from the lake with SQL.
 */
public final class DemoCommand {
    static final String USAGE = "usage: emolake demo [--audio DIR] [--model-dir DIR] [--lake LAKE]";
    private static final String RUN_ID = "demo";

    private DemoCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String audio;
        String modelDir;
        String lake;
        try {
            Arguments a = Arguments.parse(args, Set.of("audio", "model-dir", "lake"), Set.of());
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument " + a.positional().get(0));
            }
            audio = absolute(ScoreCommand.orDefault(a.option("audio"), "demo/audio"));
            modelDir = ScoreCommand.orDefault(a.option("model-dir"), "models");
            lake = absolute(ScoreCommand.orDefault(a.option("lake"), "lake"));
        } catch (UsageException e) {
            err.println("emolake demo: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (JobSession session = JobSession.obtain("emolake demo", false)) {
            String manifest = lake + "/_manifests/demo";
            long files = ManifestCommand.write(session.spark(), audio, manifest);
            out.printf("manifest: %d clips under %s -> %s%n", files, audio, manifest);
            ScoreJob.Result result = ScoreJob.run(session.spark(), new ScoreJob.Options(manifest, modelDir, lake,
                    RUN_ID, Lake.Format.ICEBERG, List.of(), ScoreJob.DEFAULT_BATCH_SIZE, 0, false, false, true), err);
            ScoreCommand.printSummary(result, out);
            out.println();
            out.println("class_summary of run '" + RUN_ID + "' (bin/emolake sql --lake " + lake + " \"SELECT ...\"):");
            Lake.detect(session.spark(), lake).registerViews();
            SqlCommand.print(session.spark().sql("SELECT label, clips, round(share, 3) AS share,"
                    + " round(mean_confidence, 3) AS mean_confidence, round(p50_confidence, 3) AS p50_confidence,"
                    + " round(p90_confidence, 3) AS p90_confidence FROM class_summary WHERE run_id = '" + RUN_ID
                    + "' ORDER BY clips DESC, label"), "table", 100, out);
            return 0;
        } catch (JobException e) {
            err.println("emolake demo: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("emolake demo: the run failed: " + e);
            return 1;
        }
    }

    private static String absolute(String path) {
        return path.contains(":") ? path : new File(path).getAbsolutePath();
    }
}
