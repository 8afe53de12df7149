package org.emolake.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.emolake.audio.AudioLoader;
import org.emolake.job.JobException;
import org.emolake.job.JobSession;
import org.emolake.job.LakeCatalog;
import org.emolake.job.Lake;
import org.emolake.job.ManifestWriter;
import org.emolake.job.ReportData;
import org.emolake.job.ScoreJob;
import org.emolake.job.SqlRunner;
import org.emolake.job.SqlStatementException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emolake demo}: the whole nightly job on the bundled demo archive, on an embedded {@code local[*]} Spark:
 * a manifest of {@code demo/audio}, a scoring run with the bundled model in {@code models/} into a local lake
 * folder, the per-class report read back from the lake with SQL, and the run's HTML report ({@code LAKE/report.html}).
 */
@Command(name = "demo", sortOptions = false,
        description = "Manifest, scoring run, class report and HTML run report on the bundled demo archive (embedded"
                + " Spark).")
final class DemoCommand extends CommandBase {
    private static final String RUN_ID = "demo";

    @Option(names = "--audio", paramLabel = "DIR", defaultValue = "demo/audio",
            description = "Folder of audio files to score. Default: ${DEFAULT-VALUE}.")
    String audio;

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = "models",
            description = "The model bundle folder. Default: ${DEFAULT-VALUE}.")
    String modelDir;

    @Option(names = "--lake", paramLabel = "LAKE", defaultValue = "lake",
            description = "Lake folder the run is written to. Default: ${DEFAULT-VALUE}.")
    String lake;

    @Override
    int run() throws JobException, SqlStatementException, IOException {
        AudioLoader.checkAvailable();
        String audioDir = absolute(audio);
        String lakeDir = absolute(lake);
        try (JobSession session = JobSession.obtain("emolake demo", verbose())) {
            String manifest = lakeDir + "/_manifests/demo";
            long files = ManifestWriter.write(session, audioDir, manifest).files();
            out().printf("manifest: %d clips under %s -> %s%n", files, audioDir, manifest);
            ScoreJob.Result result = ScoreJob.run(session, new ScoreJob.Options(manifest, modelDir, lakeDir, RUN_ID,
                    Lake.Format.ICEBERG, List.of(), ScoreJob.DEFAULT_BATCH_SIZE, 0, false, false, true), err());
            ScoreCommand.printSummary(result, out());
            out().println();
            out().println("class_summary of run '" + RUN_ID + "' (bin/emolake sql --lake " + lakeDir + " \"SELECT ...\"):");
            SqlRunner.run(session, lakeDir, List.of("SELECT label, clips, round(share, 3) AS share,"
                    + " round(mean_confidence, 3) AS mean_confidence, round(p50_confidence, 3) AS p50_confidence,"
                    + " round(p90_confidence, 3) AS p90_confidence FROM class_summary WHERE run_id = '" + RUN_ID
                    + "' ORDER BY clips DESC, label"), SqlRunner.Format.TABLE, 100, out());
            out().println();
            ReportCommand.write(session, lakeDir, LakeCatalog.Choice.DEFAULT, new ReportData.Request(RUN_ID, ReportCommand.DEFAULT_COMPARED_RUNS,
                    null, 5, null), Path.of(lakeDir, "report.html"), out());
        }
        return ExitCodes.OK;
    }

    private static String absolute(String path) {
        return path.contains(":") ? path : new File(path).getAbsolutePath();
    }
}
