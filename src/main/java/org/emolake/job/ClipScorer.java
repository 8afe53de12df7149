package org.emolake.job;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.emolake.audio.ErrorCode;
import org.emolake.scoring.AudioSource;
import org.emolake.scoring.ClipInput;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ScoringEngine;
import org.emolake.scoring.ScoringLimits;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The executor side of a scoring run: reads each manifest row's file through the Hadoop FileSystem API
 * ({@link ClipReader}), scores batches with the per-JVM {@link ScoringEngine} and emits one row per manifest row, in
 * order. A file that cannot be read becomes an error row; nothing about one clip can fail the task.
 *
 * <p>A retried task (a later task attempt or stage attempt) works carefully, since its predecessor may have died
 * with its JVM inside a native decoder: it records each clip in an {@link InflightMarkers in-flight marker} right
 * before the pipeline decodes it, and does not decode a clip that two dead attempts were decoding
 * ({@link CrashSightings}): that clip is an {@link ErrorCode#DECODER_CRASHED} row. A first attempt pays nothing.
 */
final class ClipScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<Map<String, byte[]>> artifacts;
    private final Broadcast<SerializableHadoopConf> hadoopConf;
    private final int pathIndex;
    private final int batchSize;
    private final boolean keepFeatures;
    private final LongAccumulator clipsDone;
    private final LongAccumulator clipsFailed;
    /** {@code --allowed-roots}, or null: every path may be read. */
    private final AllowedRoots allowedRoots;
    private final ScoringLimits limits;
    private final String lakeRoot;
    private final String runId;

    ClipScorer(Broadcast<Map<String, byte[]>> artifacts, Broadcast<SerializableHadoopConf> hadoopConf, int pathIndex,
            int batchSize, boolean keepFeatures, LongAccumulator clipsDone, LongAccumulator clipsFailed,
            AllowedRoots allowedRoots, ScoringLimits limits, String lakeRoot, String runId) {
        this.artifacts = artifacts;
        this.hadoopConf = hadoopConf;
        this.pathIndex = pathIndex;
        this.batchSize = batchSize;
        this.keepFeatures = keepFeatures;
        this.clipsDone = clipsDone;
        this.clipsFailed = clipsFailed;
        this.allowedRoots = allowedRoots;
        this.limits = limits;
        this.lakeRoot = lakeRoot;
        this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ScoringEngine engine = ScoringEngine.forArtifacts(artifacts.value(), limits);
        Careful careful = carefulIfRetried();
        return new Iterator<>() {
            private Iterator<Row> current = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && rows.hasNext()) {
                    current = scoreBatch(engine, rows, careful).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** What a retried attempt needs to work carefully, or null on a first attempt (or outside a Spark task). */
    private Careful carefulIfRetried() {
        TaskContext task = TaskContext.get();
        if (task == null || (task.attemptNumber() == 0 && task.stageAttemptNumber() == 0)) {
            return null;
        }
        InflightMarkers markers = InflightMarkers.open(hadoopConf.value().get(), lakeRoot, runId, task.partitionId(),
                task.taskAttemptId());
        Set<String> skip = CrashSightings.clipsToSkip(markers.deadAttemptsClips());
        task.addTaskCompletionListener((TaskCompletionListener) ended -> markers.clear());
        return new Careful(markers, skip);
    }

    private record Careful(InflightMarkers markers, Set<String> skip) {
    }

    private List<Row> scoreBatch(ScoringEngine engine, Iterator<Row> rows, Careful careful) {
        List<Row> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rows.hasNext()) {
            batch.add(rows.next());
        }
        ClipOutcome[] outcomes = new ClipOutcome[batch.size()];
        List<AudioSource> inputs = new ArrayList<>(batch.size());
        List<Integer> inputRows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String path = batch.get(i).getString(pathIndex);
            if (careful != null && path != null && careful.skip().contains(path)) {
                outcomes[i] = ClipOutcome.error(path, ErrorCode.DECODER_CRASHED, "Cannot decode " + path
                        + ": decoding it killed the executor's JVM in " + CrashSightings.SIGHTINGS_TO_SKIP
                        + " earlier attempts of this task (a native decoder crashed or aborted); not decoded again");
                continue;
            }
            Object read = read(path);
            if (read instanceof ClipOutcome error) {
                outcomes[i] = error;
            } else {
                ClipInput input = new ClipInput(path, (byte[]) read);
                inputs.add(careful == null ? input : new RecordedClip(input, careful.markers()));
                inputRows.add(i);
            }
        }
        List<ClipOutcome> scored = score(engine, inputs);
        for (int k = 0; k < inputRows.size(); k++) {
            outcomes[inputRows.get(k)] = scored.get(k);
        }
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(PredictionRow.of(batch.get(i), outcomes[i], now));
            clipsDone.add(1);
            if (!outcomes[i].ok()) {
                clipsFailed.add(1);
            }
        }
        return out;
    }

    /**
     * A clip whose in-flight marker is written when the pipeline takes its bytes, right before it decodes them, so
     * that a batch is still decoded clip by clip and classified together (as a first attempt classifies it).
     */
    private record RecordedClip(ClipInput clip, InflightMarkers markers) implements AudioSource {
        @Override
        public String name() {
            return clip.name();
        }

        @Override
        public byte[] read(long maxBytes) {
            markers.record(clip.name());
            return clip.read(maxBytes);
        }
    }

    private List<ClipOutcome> score(ScoringEngine engine, List<AudioSource> inputs) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        try {
            List<ClipOutcome> outcomes = engine.score(inputs, keepFeatures);
            if (outcomes.size() == inputs.size()) {
                return outcomes;
            }
        } catch (RuntimeException e) {
            // the engine promises not to throw for a bad clip; if it does, isolate the clip below
        }
        List<ClipOutcome> outcomes = new ArrayList<>(inputs.size());
        for (AudioSource input : inputs) {
            try {
                List<ClipOutcome> one = engine.score(List.of(input), keepFeatures);
                outcomes.add(one.size() == 1 ? one.get(0)
                        : ClipOutcome.error(input.name(), ErrorCode.INTERNAL_ERROR,
                                "Cannot score " + input.name() + ": the engine returned no outcome"));
            } catch (RuntimeException e) {
                outcomes.add(ClipOutcome.error(input.name(), ErrorCode.INTERNAL_ERROR,
                        "Cannot score " + input.name() + ": internal error " + e));
            }
        }
        return outcomes;
    }

    /** The file's bytes, or an error outcome saying why there are none. */
    private Object read(String pathString) {
        String readPath = pathString;
        if (allowedRoots != null && pathString != null && !pathString.isBlank()) {
            // checked before any file system call on the path: a refused path is never opened
            AllowedRoots.Verdict verdict = allowedRoots.check(pathString);
            if (!verdict.allowed()) {
                return ClipOutcome.error(pathString, ErrorCode.PATH_NOT_ALLOWED, verdict.reason());
            }
            readPath = verdict.readPath();
        }
        ClipReader.Read read = ClipReader.read(pathString, readPath, hadoopConf.value().get());
        return read.ok() ? read.bytes() : ClipOutcome.error(pathString, read.errorCode(), read.message());
    }
}
