package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-flight markers of one partition of a scoring run, under the lake:
 * {@code LAKE/_emolake/inflight/<run-id>/part-<partition>/attempt-<task attempt id>}, each holding the path of the
 * clip that attempt is decoding. A task attempt that ends in its JVM, successfully or not, deletes its marker, so
 * the markers left behind are those of attempts whose JVM died while decoding the clip they name.
 */
final class InflightMarkers {
    private static final String ATTEMPT_PREFIX = "attempt-";

    private final FileSystem fs;
    private final Path partitionFolder;
    private final Path own;

    private InflightMarkers(FileSystem fs, Path partitionFolder, long taskAttemptId) {
        this.fs = fs;
        this.partitionFolder = partitionFolder;
        this.own = new Path(partitionFolder, ATTEMPT_PREFIX + taskAttemptId);
    }

    static InflightMarkers open(Configuration conf, String lakeRoot, String runId, int partition, long taskAttemptId) {
        Path folder = new Path(runFolder(lakeRoot, runId), "part-" + partition);
        try {
            return new InflightMarkers(folder.getFileSystem(conf), folder, taskAttemptId);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the in-flight markers at " + folder + ": " + e.getMessage(), e);
        }
    }

    static Path runFolder(String lakeRoot, String runId) {
        return new Path(lakeRoot, "_emolake/inflight/" + runId);
    }

    /** Deletes the markers of a run (before it starts, and once its predictions are committed). */
    static void clearRun(Configuration conf, String lakeRoot, String runId) throws IOException {
        Path folder = runFolder(lakeRoot, runId);
        folder.getFileSystem(conf).delete(folder, true);
    }

    /** The clip each earlier attempt of this partition was decoding when its JVM died. */
    List<String> deadAttemptsClips() {
        List<String> clips = new ArrayList<>();
        try {
            for (FileStatus marker : fs.listStatus(partitionFolder)) {
                String name = marker.getPath().getName();
                if (!name.startsWith(ATTEMPT_PREFIX) || marker.getPath().equals(own)) {
                    continue;
                }
                try (InputStream in = fs.open(marker.getPath())) {
                    clips.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (FileNotFoundException e) {
            return clips;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the in-flight markers in " + partitionFolder + ": "
                    + e.getMessage(), e);
        }
        return clips;
    }

    /** Records, durably for a JVM crash (the file is closed), that this attempt is about to decode {@code clip}. */
    void record(String clip) {
        try (FSDataOutputStream out = fs.create(own, true)) {
            out.write(clip.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the in-flight marker " + own + ": " + e.getMessage(), e);
        }
    }

    /** Deletes this attempt's marker: the attempt ended in its JVM. */
    void clear() {
        try {
            fs.delete(own, false);
        } catch (IOException e) {
            // a marker left behind only counts as one sighting; the run's folder is deleted at its end
        }
    }
}
