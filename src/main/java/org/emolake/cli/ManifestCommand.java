package org.emolake.cli;

import java.io.PrintStream;

import org.emolake.audio.AudioFiles;
import org.emolake.job.JobException;
import org.emolake.job.JobSession;
import org.emolake.job.ManifestWriter;
import org.emolake.job.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code emolake manifest}: the Parquet manifest of the audio files under a folder tree. */
@Command(name = "manifest", sortOptions = false,
        description = "Writes a Parquet manifest (path, clip_id, size_bytes, modified_at, and from each file's header"
                + " frames, sample_rate, channels, format, duration_s, header_error) of the audio files under a folder"
                + " tree (any Hadoop file system), listed and read in parallel with Spark.")
public final class ManifestCommand extends CommandBase {
    @Option(names = "--root", paramLabel = "DIR", required = true, description = "Folder tree to list.")
    String root;

    @Option(names = "--output", paramLabel = "FILE", required = true,
            description = "Where the Parquet manifest is written (replaced if it exists).")
    String output;

    /** Entry point for {@code spark-submit --class org.emolake.cli.ManifestCommand emolake-spark.jar ARGS}. */
    public static void main(String[] args) {
        Main.submit("manifest", args);
    }

    /** Runs {@code emolake manifest ARGS} (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run("manifest", args, System.in, out, err);
    }

    @Override
    int run() throws JobException {
        try (JobSession session = JobSession.obtain("emolake manifest", verbose())) {
            ManifestWriter.Written written = ManifestWriter.write(session, root, output);
            out().printf("manifest %s: %d audio files under %s; %d other files skipped (not an audio extension: %s)%n",
                    Storage.redact(output), written.files(), Storage.redact(root), written.skipped(),
                    AudioFiles.EXTENSIONS_TEXT);
            written.skippedExamples().forEach(e -> out().println("  skipped " + e));
            if (written.headerErrors() > 0) {
                out().printf("%d files whose header cannot be read (header_error; scoring reports them)%n",
                        written.headerErrors());
            }
        }
        return ExitCodes.OK;
    }
}
