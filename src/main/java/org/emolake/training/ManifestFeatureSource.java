package org.emolake.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioFiles;
import org.emolake.audio.AudioLoader;
import org.emolake.scoring.AudioSource;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;

/**
 * Labelled clips from a CSV manifest (a header row; a path column, relative paths resolved against the manifest's
 * folder; a label column) or from a folder laid out as {@code <label>/<clip>.wav}. Features are extracted in this JVM
 * by the features-only {@link ClipPipeline}, the code path of scoring with its limits and deadline, on
 * {@code threads} threads.
 */
public final class ManifestFeatureSource implements LabelledFeatureSource {

    private record Clip(Path path, String id, String label) {
    }

    private final List<Clip> clips;
    private final int threads;
    private final ScoringLimits limits;
    private final String description;

    private ManifestFeatureSource(List<Clip> clips, int threads, ScoringLimits limits, String description) {
        this.limits = limits;
        this.clips = clips;
        this.threads = threads;
        this.description = description;
    }

    /**
     * A CSV manifest (RFC 4180: quoted values may hold commas, doubled quotes and line breaks) with a header naming
     * {@code pathColumn} and {@code labelColumn}.
     */
    public static ManifestFeatureSource csv(Path manifest, String pathColumn, String labelColumn, int threads,
            ScoringLimits limits)
            throws IOException {
        List<Clip> clips = new ArrayList<>();
        Path base = manifest.toAbsolutePath().getParent();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).get();
        try (Reader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new IOException(manifest + " is empty: expected a header row with columns "
                        + pathColumn + " and " + labelColumn);
            }
            if (!header.contains(pathColumn) || !header.contains(labelColumn)) {
                throw new IOException(manifest + ": header " + header + " lacks column "
                        + (header.contains(pathColumn) ? labelColumn : pathColumn));
            }
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (!record.isSet(pathColumn) || !record.isSet(labelColumn)) {
                    throw new IOException(manifest + " line " + line + ": " + record.size() + " columns, header has "
                            + header.size());
                }
                String path = record.get(pathColumn).trim();
                String label = record.get(labelColumn).trim();
                if (path.isEmpty() || label.isEmpty()) {
                    throw new IOException(manifest + " line " + line + ": empty "
                            + (path.isEmpty() ? pathColumn : labelColumn));
                }
                clips.add(new Clip(base.resolve(path), path, label));
            }
        } catch (UncheckedIOException e) {
            throw new IOException(manifest + ": not valid CSV: " + e.getCause().getMessage(), e.getCause());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(manifest + ": not valid CSV: " + e.getMessage(), e);
        }
        return new ManifestFeatureSource(clips, threads, limits, "manifest " + manifest.getFileName() + " (label column "
                + labelColumn + ")");
    }

    /**
     * A folder of {@code <label>/<clip>} audio files ({@link AudioFiles#scan}: any format emolake reads): every
     * sub-folder is a class.
     */
    public static ManifestFeatureSource audioDir(Path dir, int threads, ScoringLimits limits) throws IOException {
        List<Clip> clips = new ArrayList<>();
        List<AudioFiles.Skipped> skipped = new ArrayList<>();
        try (Stream<Path> classes = Files.list(dir)) {
            for (Path classDir : classes.filter(Files::isDirectory).sorted().toList()) {
                AudioFiles.Scan scan = AudioFiles.scan(classDir);
                skipped.addAll(scan.skipped());
                for (Path clip : scan.clips()) {
                    clips.add(new Clip(clip, dir.relativize(clip).toString(), classDir.getFileName().toString()));
                }
            }
        }
        if (clips.isEmpty()) {
            throw new IOException(dir + " holds no <label>/<clip> audio files");
        }
        return new ManifestFeatureSource(clips, threads, limits, "audio folder " + dir.getFileName() + (skipped.isEmpty() ? ""
                : " (" + skipped.size() + " files skipped as not audio, e.g. " + skipped.get(0).path() + ": "
                        + skipped.get(0).reason() + ")"));
    }

    public int size() {
        return clips.size();
    }

    @Override
    public Loaded load(PrintStream log) throws IOException {
        ClipPipeline pipeline = ClipPipeline.featuresOnly(limits);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ClipOutcome>> futures = new ArrayList<>();
            for (Clip clip : clips) {
                futures.add(pool.submit(() -> pipeline.featurize(AudioSource.file(clip.path())).get(0)));
            }
            List<Row> rows = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                ClipOutcome outcome = futures.get(i).get();
                Clip clip = clips.get(i);
                if (outcome instanceof ClipOutcome.Error error) {
                    String reason = error.code() + ": " + error.message();
                    failures.add(clip.id() + ": " + reason);
                    log.println("train: skipping " + clip.id() + ": " + reason);
                } else {
                    rows.add(new Row(clip.id(), clip.label(), outcome.features()));
                }
                if ((i + 1) % 100 == 0 || i + 1 == clips.size()) {
                    log.printf(Locale.ROOT, "features: %d/%d clips%n", i + 1, clips.size());
                }
            }
            return new Loaded(rows, failures, description);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting features", e);
        } catch (ExecutionException e) {
            throw new IOException("feature extraction failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
