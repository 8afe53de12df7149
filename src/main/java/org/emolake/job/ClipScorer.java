package org.emolake.job;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.emolake.audio.AudioException;
import org.emolake.audio.ErrorCode;
import org.emolake.scoring.AudioSource;
import org.emolake.scoring.ClipInput;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ScoringEngine;
import org.emolake.scoring.ScoringLimits;

import java.nio.channels.SeekableByteChannel;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The executor side of a scoring run: scores each {@link WorkItem} with the per-JVM {@link ScoringEngine} and emits
 * {@link ScoredUnit} rows, in order. A whole clip is read through the Hadoop FileSystem API ({@link ClipReader}),
 * batched and scored (one row); a range of a long recording's segments is decoded range by range from the file's
 * Hadoop stream ({@link HadoopAudioSource}) and gives one row per segment. A file that cannot be read becomes an
 * error row; nothing about one clip or segment can fail the task.
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
    private final SegmentOptions segmentOptions;

    ClipScorer(Broadcast<Map<String, byte[]>> artifacts, Broadcast<SerializableHadoopConf> hadoopConf, int pathIndex,
            int batchSize, boolean keepFeatures, LongAccumulator clipsDone, LongAccumulator clipsFailed,
            AllowedRoots allowedRoots, ScoringLimits limits, String lakeRoot, String runId,
            SegmentOptions segmentOptions) {
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
        this.segmentOptions = segmentOptions;
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
        Row[] manifestRows = new Row[batch.size()];
        WorkItem.Plan[] plans = new WorkItem.Plan[batch.size()];
        ClipOutcome[] outcomes = new ClipOutcome[batch.size()];
        List<AudioSource> inputs = new ArrayList<>(batch.size());
        List<Integer> inputRows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            manifestRows[i] = WorkItem.manifestRow(batch.get(i));
            plans[i] = WorkItem.plan(batch.get(i));
            if (plans[i].segmented()) {
                continue;
            }
            String path = manifestRows[i].getString(pathIndex);
            if (plans[i].decoderCrashed() || (careful != null && path != null && careful.skip().contains(path))) {
                outcomes[i] = crashed(path);
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
            if (plans[i].segmented()) {
                out.addAll(scoreSegments(engine, manifestRows[i], plans[i], careful));
                continue;
            }
            out.add(ScoredUnit.clip(manifestRows[i], plans[i], outcomes[i], now));
            clipsDone.add(1);
            if (!outcomes[i].ok()) {
                clipsFailed.add(1);
            }
        }
        return out;
    }

    /** One range of a long recording's segments: a row per segment, or one row if the file cannot be opened. */
    private List<Row> scoreSegments(ScoringEngine engine, Row manifestRow, WorkItem.Plan plan, Careful careful) {
        String path = manifestRow.getString(pathIndex);
        List<ClipOutcome> outcomes;
        Object source = careful != null && path != null && careful.skip().contains(path) ? crashed(path)
                : segmentSource(path);
        if (source instanceof ClipOutcome error) {
            outcomes = List.of(error);
        } else {
            AudioSource audio = careful == null ? (AudioSource) source
                    : new RecordedClip((AudioSource) source, careful.markers());
            try {
                outcomes = engine.segments(audio, segmentOptions.grid(), plan.from(), plan.to(), keepFeatures);
            } catch (RuntimeException e) {
                // the engine promises not to throw for a bad recording; if it does, the recording gets an error row
                outcomes = List.of(ClipOutcome.error(path, ErrorCode.INTERNAL_ERROR,
                        "Cannot score " + path + ": internal error " + e));
            }
        }
        int count = segmentOptions.grid().count(plan.frames(), plan.sampleRate());
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Row> out = new ArrayList<>(outcomes.size());
        boolean failed = false;
        for (ClipOutcome outcome : outcomes) {
            out.add(ScoredUnit.segment(manifestRow, plan, outcome, now, segmentOptions, count));
            failed |= !outcome.ok();
        }
        clipsDone.add(1);
        if (failed) {
            clipsFailed.add(1);
        }
        return out;
    }

    private static ClipOutcome crashed(String path) {
        return ClipOutcome.error(path, ErrorCode.DECODER_CRASHED, "Cannot decode " + path
                + ": decoding it killed the executor's JVM in " + CrashSightings.SIGHTINGS_TO_SKIP
                + " earlier attempts of this task (a native decoder crashed or aborted); not decoded again");
    }

    /**
     * A source whose in-flight marker is written when the pipeline takes its bytes or opens it, right before it
     * decodes them, so that a batch is still decoded clip by clip and classified together (as a first attempt
     * classifies it).
     */
    private record RecordedClip(AudioSource clip, InflightMarkers markers) implements AudioSource {
        @Override
        public String name() {
            return clip.name();
        }

        @Override
        public byte[] read(long maxBytes) throws AudioException {
            markers.record(clip.name());
            return clip.read(maxBytes);
        }

        @Override
        public SeekableByteChannel open(long maxBytes) throws AudioException {
            markers.record(clip.name());
            return clip.open(maxBytes);
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
        Object readPath = readPath(pathString);
        if (readPath instanceof ClipOutcome error) {
            return error;
        }
        ClipReader.Read read = ClipReader.read(pathString, (String) readPath, hadoopConf.value().get());
        return read.ok() ? read.bytes() : ClipOutcome.error(pathString, read.errorCode(), read.message());
    }

    /** The recording as a seekable Hadoop source, or an error outcome saying why it may not be read. */
    private Object segmentSource(String pathString) {
        Object readPath = readPath(pathString);
        return readPath instanceof ClipOutcome error ? error
                : new HadoopAudioSource(pathString, (String) readPath, hadoopConf.value().get());
    }

    /** The path to read (after --allowed-roots), or the PATH_NOT_ALLOWED outcome. */
    private Object readPath(String pathString) {
        String readPath = pathString;
        if (allowedRoots != null && pathString != null && !pathString.isBlank()) {
            // checked before any file system call on the path: a refused path is never opened
            AllowedRoots.Verdict verdict = allowedRoots.check(pathString);
            if (!verdict.allowed()) {
                return ClipOutcome.error(pathString, ErrorCode.PATH_NOT_ALLOWED, verdict.reason());
            }
            readPath = verdict.readPath();
        }
        return readPath;
    }
}
