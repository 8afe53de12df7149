package org.emolake.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emolake.audio.AudioFiles;
import org.emolake.audio.AudioLoader;
import org.emolake.features.FeatureSet;
import org.emolake.job.ClipIds;
import org.emolake.scoring.AudioSource;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code emolake features}: the 110 features of audio files, one JSON object per line, in the order the paths were
 * given (folders: their audio files in path order, found by {@link AudioFiles#scan}; the files skipped are listed on
 * stderr). A clip that cannot be scored is a line with {@code "status": "error"}, never a missing line. Each line's
 * {@code id} is the job's clip id of its path, so the lines can be piped into {@code emolake predict -}.
 */
@Command(name = "features", sortOptions = false,
        description = {"The 110 librosa features of audio files or folders, one JSON object per line (id, path,"
                + " status, error_code, error_message, n_samples, features); no Spark.",
                "With --names: the 110 feature names in vector order (no audio needed)."})
final class FeaturesCommand extends CommandBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--names", description = "Print the 110 feature names in vector order instead.")
    boolean names;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the lines to FILE instead of standard output.")
    Path output;

    @Option(names = "--threads", paramLabel = "N",
            description = "Clips decoded at once. Default: the number of cores.")
    Integer threads;

    @Mixin
    ClipLimitOptions clipLimits = new ClipLimitOptions();

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Audio files or folders (searched recursively).")
    List<String> paths = new ArrayList<>();

    @Override
    int run() throws IOException {
        if (names) {
            writeNames();
            return ExitCodes.OK;
        }
        if (paths.isEmpty()) {
            throw usage("features needs at least one file or folder");
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            throw usage("option --threads must be at least 1 (" + threadCount + ")");
        }
        // Every clip would fail the same way: say once, up front, what to install.
        AudioLoader.checkAvailable();
        ScoringLimits limits = clipLimits.limits(this);
        AudioFiles.Scan scan = expand(paths);
        for (AudioFiles.Skipped skipped : scan.skipped()) {
            err().println("features: skipped " + skipped.path() + ": " + skipped.reason());
        }
        List<Path> clips = scan.clips();
        int errors;
        if (output == null) {
            errors = write(clips, threadCount, limits, out());
            out().flush();
        } else {
            try (OutputStream file = Files.newOutputStream(output)) {
                errors = write(clips, threadCount, limits, file);
            }
        }
        err().printf(Locale.ROOT, "features: %d clips, %d ok, %d errors, %d files skipped (not audio)%n",
                clips.size(), clips.size() - errors, errors, scan.skipped().size());
        return ExitCodes.OK;
    }

    private void writeNames() throws IOException {
        String text = String.join("\n", FeatureSet.names()) + "\n";
        if (output == null) {
            out().print(text);
            out().flush();
        } else {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        }
    }

    /**
     * Explicit files are kept as given (even if missing: that is an error line); folders give their audio files as
     * {@link AudioFiles#scan} finds them (by extension or content), with the files they skip.
     */
    private static AudioFiles.Scan expand(List<String> arguments) throws IOException {
        List<Path> clips = new ArrayList<>();
        List<AudioFiles.Skipped> skipped = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Paths.get(argument);
            if (Files.isDirectory(path)) {
                AudioFiles.Scan scan = AudioFiles.scan(path);
                clips.addAll(scan.clips());
                skipped.addAll(scan.skipped());
            } else {
                clips.add(path);
            }
        }
        return new AudioFiles.Scan(clips, skipped);
    }

    private static int write(List<Path> clips, int threads, ScoringLimits limits, OutputStream sink)
            throws IOException {
        ClipPipeline pipeline = ClipPipeline.featuresOnly(limits);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int errors = 0;
        try (JsonGenerator json = JSON.getFactory().createGenerator(sink)) {
            json.setRootValueSeparator(null);
            // Bounded look-ahead keeps memory flat on large folders while every thread stays busy.
            int window = threads * 4;
            List<Future<ClipFeatures>> pending = new ArrayList<>();
            int next = 0;
            for (int written = 0; written < clips.size(); written++) {
                while (next < clips.size() && pending.size() < window) {
                    Path clip = clips.get(next++);
                    pending.add(pool.submit(() -> ClipFeatures.of(clip, pipeline)));
                }
                ClipFeatures result = pending.remove(0).get();
                if (!result.ok()) {
                    errors++;
                }
                result.writeTo(json);
                json.writeRaw('\n');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("unexpected failure while extracting features", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return errors;
    }

    /** One output line. */
    private record ClipFeatures(String path, String errorCode, String errorMessage, int samples, double[] features) {
        static ClipFeatures of(Path clip, ClipPipeline pipeline) {
            ClipOutcome outcome = pipeline.featurize(AudioSource.file(clip)).get(0);
            int samples = outcome.audio() == null ? -1 : (int) outcome.audio().samples();
            return new ClipFeatures(outcome.source(), outcome.errorCode(), outcome.errorMessage(), samples,
                    outcome.features());
        }

        boolean ok() {
            return errorCode == null;
        }

        void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", ClipIds.of(path));
            json.writeStringField("path", path);
            json.writeStringField("status", ok() ? "ok" : "error");
            json.writeStringField("error_code", errorCode);
            json.writeStringField("error_message", errorMessage);
            if (samples >= 0) {
                json.writeNumberField("n_samples", samples);
            } else {
                json.writeNullField("n_samples");
            }
            if (features == null) {
                json.writeNullField("features");
            } else {
                json.writeFieldName("features");
                json.writeArray(features, 0, features.length);
            }
            json.writeEndObject();
        }
    }
}
