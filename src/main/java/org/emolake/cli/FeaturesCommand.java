package org.emolake.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioFiles;
import org.emolake.audio.AudioHeader;
import org.emolake.audio.AudioLoader;
import org.emolake.features.FeatureSet;
import org.emolake.job.ClipIds;
import org.emolake.scoring.AudioSource;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;
import org.emolake.scoring.SegmentGrid;
import org.emolake.scoring.SegmentInfo;
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
                "With --segments: one line per segment of each recording (also segment_index, offset_s, duration_s).",
                "With --names: the 110 feature names in vector order (no audio needed)."})
final class FeaturesCommand extends CommandBase {
    private static final JsonFactory JSON = new JsonFactory();

    @Option(names = "--names", description = "Print the 110 feature names in vector order instead.")
    boolean names;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the lines to FILE instead of standard output.")
    Path output;

    @Option(names = "--threads", paramLabel = "N",
            description = "Clips decoded at once. Default: the number of cores.")
    Integer threads;

    @Option(names = "--segments", description = "One line per segment of each recording: windows of --window seconds"
            + " every --hop seconds, each decoded from its own range of the file.")
    boolean segments;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "3.0",
            description = "With --segments: seconds each segment asks for. Default: ${DEFAULT-VALUE}.")
    double window;

    @Option(names = "--hop", paramLabel = "SECONDS", defaultValue = "1.5",
            description = "With --segments: seconds between segment starts. Default: ${DEFAULT-VALUE}.")
    double hop;

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
        SegmentGrid grid = null;
        if (segments) {
            OptionChecks.positiveSeconds(this, "--window", window);
            OptionChecks.positiveSeconds(this, "--hop", hop);
            grid = new SegmentGrid(window, hop);
        }
        AudioFiles.Scan scan = expand(paths);
        for (AudioFiles.Skipped skipped : scan.skipped()) {
            err().println("features: skipped " + skipped.path() + ": " + skipped.reason());
        }
        List<Path> clips = scan.clips();
        ClipPipeline pipeline = ClipPipeline.featuresOnly(limits);
        Iterator<Unit> units = grid == null ? clips.stream().map(c -> new Unit(c, null, 0, 0)).iterator()
                : new SegmentUnits(clips, pipeline, grid);
        int[] counts;
        if (output == null) {
            counts = write(units, grid != null, threadCount, pipeline, out());
            out().flush();
        } else {
            try (OutputStream file = Files.newOutputStream(output)) {
                counts = write(units, grid != null, threadCount, pipeline, file);
            }
        }
        int lines = counts[0];
        int errors = counts[1];
        if (grid == null) {
            err().printf(Locale.ROOT, "features: %d clips, %d ok, %d errors, %d files skipped (not audio)%n",
                    clips.size(), lines - errors, errors, scan.skipped().size());
        } else {
            err().printf(Locale.ROOT, "features: %d recordings, %d lines, %d ok, %d errors, %d files skipped"
                    + " (not audio)%n", clips.size(), lines, lines - errors, errors, scan.skipped().size());
        }
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

    /**
     * What one task decodes: a whole clip, or a range of segments of a recording.
     *
     * @param to segments {@code [from, to)}; both 0 for a whole clip
     */
    private record Unit(Path clip, SegmentGrid grid, int from, int to) {
        List<ClipOutcome> run(ClipPipeline pipeline) {
            AudioSource source = AudioSource.file(clip);
            return grid == null ? pipeline.featurize(source) : pipeline.segments(source, grid, from, to, true);
        }
    }

    /**
     * Each recording's segments in ranges of {@link #SEGMENTS_PER_UNIT}, so that the threads share a long recording;
     * each header is read when its recording's turn comes (a recording whose header cannot be read is one unit,
     * whose outcome is the error).
     */
    private static final class SegmentUnits implements Iterator<Unit> {
        private static final int SEGMENTS_PER_UNIT = 8;
        private final Iterator<Path> clips;
        private final ClipPipeline pipeline;
        private final SegmentGrid grid;
        private final ArrayDeque<Unit> planned = new ArrayDeque<>();

        SegmentUnits(List<Path> clips, ClipPipeline pipeline, SegmentGrid grid) {
            this.clips = clips.iterator();
            this.pipeline = pipeline;
            this.grid = grid;
        }

        @Override
        public boolean hasNext() {
            while (planned.isEmpty() && clips.hasNext()) {
                Path clip = clips.next();
                int count;
                try {
                    AudioHeader header = pipeline.probe(AudioSource.file(clip));
                    count = grid.count(header.frames(), header.sampleRate());
                } catch (AudioException e) {
                    planned.add(new Unit(clip, grid, 0, Integer.MAX_VALUE));
                    continue;
                }
                for (int from = 0; from < count; from += SEGMENTS_PER_UNIT) {
                    planned.add(new Unit(clip, grid, from, Math.min(count, from + SEGMENTS_PER_UNIT)));
                }
            }
            return !planned.isEmpty();
        }

        @Override
        public Unit next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return planned.removeFirst();
        }
    }

    /** Writes every unit's lines in order; returns {lines, error lines}. */
    private static int[] write(Iterator<Unit> units, boolean segmented, int threads, ClipPipeline pipeline,
                               OutputStream sink) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int lines = 0;
        int errors = 0;
        try (JsonGenerator json = JSON.createGenerator(sink)) {
            json.setRootValueSeparator(null);
            // Bounded look-ahead keeps memory flat on large folders while every thread stays busy.
            int window = threads * 4;
            List<Future<List<ClipOutcome>>> pending = new ArrayList<>();
            while (true) {
                while (units.hasNext() && pending.size() < window) {
                    Unit unit = units.next();
                    pending.add(pool.submit(() -> unit.run(pipeline)));
                }
                if (pending.isEmpty()) {
                    break;
                }
                for (ClipOutcome outcome : pending.remove(0).get()) {
                    Line line = Line.of(outcome, segmented);
                    lines++;
                    if (!line.ok()) {
                        errors++;
                    }
                    line.writeTo(json);
                    json.writeRaw('\n');
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("unexpected failure while extracting features", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new int[] {lines, errors};
    }

    /** One output line: a whole clip, or one segment of a recording ({@code segment} non-null). */
    private record Line(String path, String errorCode, String errorMessage, long samples, double[] features,
                        boolean segmented, SegmentInfo segment) {
        static Line of(ClipOutcome outcome, boolean segmented) {
            long samples = outcome.audio() == null ? -1 : outcome.audio().samples();
            return new Line(outcome.source(), outcome.errorCode(), outcome.errorMessage(), samples,
                    outcome.features(), segmented, outcome.segment());
        }

        boolean ok() {
            return errorCode == null;
        }

        void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", ClipIds.of(path));
            json.writeStringField("path", path);
            if (segment != null) {
                json.writeNumberField("segment_index", segment.index());
                json.writeNumberField("offset_s", segment.offsetSeconds());
                json.writeNumberField("duration_s", segment.durationSeconds());
            } else if (segmented) {
                // A recording that could not be opened: one line, no segment.
                json.writeNullField("segment_index");
                json.writeNullField("offset_s");
                json.writeNullField("duration_s");
            }
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
