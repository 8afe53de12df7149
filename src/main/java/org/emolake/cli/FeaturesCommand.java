package org.emolake.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioFiles;

import java.util.stream.Stream;
import org.emolake.audio.AudioLoader;
import org.emolake.features.FeatureSet;
import org.emolake.scoring.AudioSource;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;

/**
 * {@code emolake features [--output FILE] [--threads N] [--max-duration SECONDS] [--clip-timeout SECONDS] PATH...} and {@code emolake features --names}: the 110
 * features of audio files, one JSON object per line, in the order the paths were given (folders: their audio files
 * in path order, found by {@link AudioFiles#scan}; the files skipped are listed on stderr). A clip that cannot be scored is a line with {@code "status": "error"}, never a missing line.
 * {@code --max-duration} (default 3600) and {@code --clip-timeout} (default 600) are the {@link ScoringLimits}.
 */
final class FeaturesCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeaturesCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        Arguments parsed = Arguments.parse(args, Set.of("output", "threads", "max-duration", "clip-timeout"),
                Set.of("names"));
        if (parsed.flag("names")) {
            FeatureSet.names().forEach(out::println);
            return 0;
        }
        if (parsed.positional().isEmpty()) {
            throw new UsageException("features needs at least one file or folder");
        }
        int threads = parsed.intOption("threads", Runtime.getRuntime().availableProcessors(), 1);
        ScoringLimits defaults = ScoringLimits.defaults();
        ScoringLimits limits = defaults
                .withMaxDurationSeconds(parsed.secondsOption("max-duration", defaults.maxDurationSeconds()))
                .withClipTimeout(Duration.ofNanos(Math.round(1e9 * parsed.secondsOption("clip-timeout",
                        defaults.clipTimeout().toNanos() / 1e9))));
        int[] skipped = {0};
        List<Path> clips = expand(parsed.positional(), err, skipped);
        String output = parsed.option("output");
        int errors;
        if (output == null) {
            errors = write(clips, threads, limits, out);
            out.flush();
        } else {
            try (OutputStream file = Files.newOutputStream(Paths.get(output))) {
                errors = write(clips, threads, limits, file);
            }
        }
        err.printf(Locale.ROOT, "features: %d clips, %d ok, %d errors, %d files skipped (not audio)%n", clips.size(),
                clips.size() - errors, errors, skipped[0]);
        return 0;
    }

    /**
     * Explicit files are kept as given (even if missing: that is an error line); folders give their audio files as
     * {@link AudioFiles#scan} finds them (by extension or content), and report on {@code err} every file they skip.
     */
    private static List<Path> expand(List<String> arguments, PrintStream err, int[] skippedCount) throws IOException {
        List<Path> clips = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Paths.get(argument);
            if (Files.isDirectory(path)) {
                AudioFiles.Scan scan = AudioFiles.scan(path);
                clips.addAll(scan.clips());
                for (AudioFiles.Skipped skipped : scan.skipped()) {
                    err.println("features: skipped " + skipped.path() + ": " + skipped.reason());
                }
                skippedCount[0] += scan.skipped().size();
            } else {
                clips.add(path);
            }
        }
        return clips;
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
