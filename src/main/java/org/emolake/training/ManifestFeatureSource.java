package org.emolake.training;

import java.io.IOException;
import java.io.PrintStream;
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

import org.emolake.audio.AudioException;
import org.emolake.audio.AudioFiles;
import org.emolake.audio.AudioLoader;
import org.emolake.features.FeatureExtractor;

/**
 * Labelled clips from a CSV manifest (a header row; a path column, relative paths resolved against the manifest's
 * folder; a label column) or from a folder laid out as {@code <label>/<clip>.wav}. Features are extracted in this JVM
 * by {@link AudioLoader} + {@link FeatureExtractor}, the code path of scoring, on {@code threads} threads.
 */
public final class ManifestFeatureSource implements LabelledFeatureSource {

    private record Clip(Path path, String id, String label) {
    }

    private final List<Clip> clips;
    private final int threads;
    private final String description;

    private ManifestFeatureSource(List<Clip> clips, int threads, String description) {
        this.clips = clips;
        this.threads = threads;
        this.description = description;
    }

    /** A CSV manifest with a header naming {@code pathColumn} and {@code labelColumn}. */
    public static ManifestFeatureSource csv(Path manifest, String pathColumn, String labelColumn, int threads)
            throws IOException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(manifest + " is empty: expected a header row with columns "
                    + pathColumn + " and " + labelColumn);
        }
        List<String> header = parseCsvLine(lines.get(0));
        int pathIndex = header.indexOf(pathColumn);
        int labelIndex = header.indexOf(labelColumn);
        if (pathIndex < 0 || labelIndex < 0) {
            throw new IOException(manifest + ": header " + header + " lacks column "
                    + (pathIndex < 0 ? pathColumn : labelColumn));
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<Clip> clips = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> cells = parseCsvLine(lines.get(i));
            if (cells.size() <= Math.max(pathIndex, labelIndex)) {
                throw new IOException(manifest + " line " + (i + 1) + ": " + cells.size() + " columns, header has " + header.size());
            }
            String path = cells.get(pathIndex).trim();
            String label = cells.get(labelIndex).trim();
            if (path.isEmpty() || label.isEmpty()) {
                throw new IOException(manifest + " line " + (i + 1) + ": empty " + (path.isEmpty() ? pathColumn : labelColumn));
            }
            clips.add(new Clip(base.resolve(path), path, label));
        }
        return new ManifestFeatureSource(clips, threads, "manifest " + manifest.getFileName() + " (label column " + labelColumn + ")");
    }

    /**
     * A folder of {@code <label>/<clip>} audio files ({@link AudioFiles#scan}: any format emolake reads): every
     * sub-folder is a class.
     */
    public static ManifestFeatureSource audioDir(Path dir, int threads) throws IOException {
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
        return new ManifestFeatureSource(clips, threads, "audio folder " + dir.getFileName() + (skipped.isEmpty() ? ""
                : " (" + skipped.size() + " files skipped as not audio, e.g. " + skipped.get(0).path() + ": "
                        + skipped.get(0).reason() + ")"));
    }

    /** Splits one CSV line (RFC 4180 quotes, doubled quotes inside). */
    static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    public int size() {
        return clips.size();
    }

    @Override
    public Loaded load(PrintStream log) throws IOException {
        FeatureExtractor extractor = new FeatureExtractor();
        AudioLoader loader = new AudioLoader();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Clip clip : clips) {
                futures.add(pool.submit(() -> {
                    try {
                        float[] y = loader.load(clip.path()).samples();
                        return extractor.extract(y, clip.id());
                    } catch (AudioException e) {
                        return e.getMessage();
                    }
                }));
            }
            List<Row> rows = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                Object result = futures.get(i).get();
                Clip clip = clips.get(i);
                if (result instanceof double[] features) {
                    rows.add(new Row(clip.id(), clip.label(), features));
                } else {
                    failures.add(clip.id() + ": " + result);
                    log.println("train: skipping " + clip.id() + ": " + result);
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
