package org.emolake.job;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.emolake.audio.ErrorCode;
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

/**
 * The executor side of a scoring run: reads each manifest row's file through the Hadoop FileSystem API
 * ({@link ClipReader}), scores batches with the per-JVM {@link ScoringEngine} and emits one row per manifest row, in
 * order. A file that cannot be read becomes an error row; nothing about one clip can fail the task.
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

    ClipScorer(Broadcast<Map<String, byte[]>> artifacts, Broadcast<SerializableHadoopConf> hadoopConf, int pathIndex,
            int batchSize, boolean keepFeatures, LongAccumulator clipsDone, LongAccumulator clipsFailed,
            AllowedRoots allowedRoots, ScoringLimits limits) {
        this.artifacts = artifacts;
        this.hadoopConf = hadoopConf;
        this.pathIndex = pathIndex;
        this.batchSize = batchSize;
        this.keepFeatures = keepFeatures;
        this.clipsDone = clipsDone;
        this.clipsFailed = clipsFailed;
        this.allowedRoots = allowedRoots;
        this.limits = limits;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ScoringEngine engine = ScoringEngine.forArtifacts(artifacts.value(), limits);
        return new Iterator<>() {
            private Iterator<Row> current = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && rows.hasNext()) {
                    current = scoreBatch(engine, rows).iterator();
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

    private List<Row> scoreBatch(ScoringEngine engine, Iterator<Row> rows) {
        List<Row> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rows.hasNext()) {
            batch.add(rows.next());
        }
        ClipOutcome[] outcomes = new ClipOutcome[batch.size()];
        List<ClipInput> inputs = new ArrayList<>(batch.size());
        List<Integer> inputRows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String path = batch.get(i).getString(pathIndex);
            Object read = read(path);
            if (read instanceof ClipOutcome error) {
                outcomes[i] = error;
            } else {
                inputs.add(new ClipInput(path, (byte[]) read));
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

    private List<ClipOutcome> score(ScoringEngine engine, List<ClipInput> inputs) {
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
        for (ClipInput input : inputs) {
            try {
                List<ClipOutcome> one = engine.score(List.of(input), keepFeatures);
                outcomes.add(one.size() == 1 ? one.get(0)
                        : ClipOutcome.error(input.path(), ErrorCode.INTERNAL_ERROR,
                                "Cannot score " + input.path() + ": the engine returned no outcome"));
            } catch (RuntimeException e) {
                outcomes.add(ClipOutcome.error(input.path(), ErrorCode.INTERNAL_ERROR,
                        "Cannot score " + input.path() + ": internal error " + e));
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
