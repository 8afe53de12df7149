package org.emolake.job;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.TaskCompletionListener;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Step 3a of a run: turns the manifest rows into {@link WorkItem}s. A recording scored whole is one item; one scored
 * by segments ({@link SegmentOptions#segmented}) is one item per range of {@link SegmentOptions#segmentsPerRange}
 * segments, so that a long file is scored by many tasks at once. Durations come from the manifest's header columns
 * ({@link ManifestHeaders}, written by {@code emolake manifest}) or, for a manifest without them, from a parallel pass
 * that reads each file's header on the executors. A file whose header cannot be read is planned whole: scoring it
 * gives its error row.
 */
final class SegmentPlanner {
    /** The items, and what they add up to. */
    record Plan(Dataset<Row> items, StructType manifest, long itemCount, long ranges, long segmentedRecordings) {
        boolean anySegmented() {
            return ranges > 0;
        }

        void release() {
            items.unpersist();
        }
    }

    /** The planning pass's in-flight markers: a sub-folder of the run's, so that clearing the run clears them. */
    private static final String PLANNING_MARKERS = "plan";

    private SegmentPlanner() {
    }

    /**
     * The work items of {@code rows} (the manifest rows this run scores); persisted, since the header pass is not
     * free, and counted.
     */
    static Plan plan(Dataset<Row> rows, SegmentOptions options, ScoringLimits limits, AllowedRoots allowedRoots,
            Broadcast<SerializableHadoopConf> hadoopConf, String lakeRoot, String runId) {
        List<String> names = Arrays.asList(rows.schema().fieldNames());
        boolean headers = ManifestHeaders.present(names);
        List<Column> passthrough = new ArrayList<>();
        List<StructField> manifestFields = new ArrayList<>();
        for (StructField f : rows.schema().fields()) {
            if (!(headers && ManifestHeaders.COLUMNS.contains(f.name()))) {
                passthrough.add(col("`" + f.name() + "`"));
                manifestFields.add(f);
            }
        }
        StructType manifest = DataTypes.createStructType(manifestFields);
        List<Column> input = new ArrayList<>(passthrough);
        input.add(monotonically_increasing_id().as(ScoredUnit.KEY));
        if (headers) {
            input.add(col(ManifestHeaders.FRAMES).cast(DataTypes.LongType));
            input.add(col(ManifestHeaders.SAMPLE_RATE).cast(DataTypes.IntegerType));
        }
        boolean probe = !headers && options.mode() != SegmentOptions.Mode.NEVER;
        Dataset<Row> items = rows.select(input.toArray(Column[]::new)).mapPartitions(
                new Expand(options, limits, allowedRoots, hadoopConf, manifest.size(),
                        manifest.fieldIndex(PredictionRow.PATH), headers, probe, lakeRoot, runId),
                Encoders.row(WorkItem.schema(manifest)));
        if (options.mode() == SegmentOptions.Mode.NEVER) {
            return new Plan(items, manifest, -1, 0, 0);
        }
        items = items.persist(StorageLevel.MEMORY_AND_DISK());
        Column from = col(WorkItem.PLAN + ".from");
        Row counts = items.agg(count(lit(1)), count(from), sum(when(from.equalTo(0), 1L).otherwise(0L))).first();
        return new Plan(items, manifest, counts.getLong(0), counts.getLong(1),
                counts.isNullAt(2) ? 0 : counts.getLong(2));
    }

    /**
     * How many tasks score the items: the run's partitions ({@code --partitions}, or chosen from the cores and the
     * row count), and with ranges of segments at least one per range up to eight per core, so that a long
     * recording is never one task's straggler.
     */
    static int partitions(org.apache.spark.sql.SparkSession spark, ScoreJob.Options o, int partitions, Plan plan) {
        if (o.partitions() > 0 || !plan.anySegmented()) {
            return partitions;
        }
        int cores = Math.max(1, spark.sparkContext().defaultParallelism());
        long wanted = Math.min(plan.ranges(), 8L * cores);
        return (int) Math.max(partitions, wanted);
    }

    /** One manifest row (with its key and, when the manifest has them, frames and sample rate) to its items. */
    private static final class Expand implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final SegmentOptions options;
        private final ScoringLimits limits;
        private final AllowedRoots allowedRoots;
        private final Broadcast<SerializableHadoopConf> hadoopConf;
        private final int manifestColumns;
        private final int pathIndex;
        private final boolean headers;
        private final boolean probe;
        private final String lakeRoot;
        private final String runId;

        Expand(SegmentOptions options, ScoringLimits limits, AllowedRoots allowedRoots,
                Broadcast<SerializableHadoopConf> hadoopConf, int manifestColumns, int pathIndex, boolean headers,
                boolean probe, String lakeRoot, String runId) {
            this.options = options;
            this.limits = limits;
            this.allowedRoots = allowedRoots;
            this.hadoopConf = hadoopConf;
            this.manifestColumns = manifestColumns;
            this.pathIndex = pathIndex;
            this.headers = headers;
            this.probe = probe;
            this.lakeRoot = lakeRoot;
            this.runId = runId;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ClipPipeline pipeline = probe ? ClipPipeline.featuresOnly(limits) : null;
            Careful careful = probe ? carefulIfRetried() : null;
            return new Iterator<>() {
                private final Deque<Row> pending = new ArrayDeque<>();

                @Override
                public boolean hasNext() {
                    while (pending.isEmpty() && rows.hasNext()) {
                        expand(rows.next(), pipeline, careful, pending);
                    }
                    return !pending.isEmpty();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return pending.poll();
                }
            };
        }

        private void expand(Row row, ClipPipeline pipeline, Careful careful, Deque<Row> out) {
            Object[] values = new Object[manifestColumns];
            for (int i = 0; i < manifestColumns; i++) {
                values[i] = row.get(i);
            }
            Row manifestRow = RowFactory.create(values);
            long key = row.getLong(manifestColumns);
            Long frames = null;
            Integer rate = null;
            String path = row.getString(pathIndex);
            boolean crashed = careful != null && path != null && careful.skip().contains(path);
            if (headers) {
                frames = row.isNullAt(manifestColumns + 1) ? null : row.getLong(manifestColumns + 1);
                rate = row.isNullAt(manifestColumns + 2) ? null : row.getInt(manifestColumns + 2);
            } else if (pipeline != null && !crashed) {
                Object[] header = probe(path, pipeline, careful);
                frames = (Long) header[0];
                rate = (Integer) header[1];
            }
            WorkItem.Plan whole = new WorkItem.Plan(key, frames, rate, null, null, crashed);
            Double duration = whole.durationSeconds();
            if (duration == null || !options.segmented(duration)) {
                out.add(WorkItem.of(manifestRow, whole));
                return;
            }
            int count = options.grid().count(frames, rate);
            int perRange = options.segmentsPerRange();
            for (int from = 0; from < count; from += perRange) {
                out.add(WorkItem.of(manifestRow,
                        new WorkItem.Plan(key, frames, rate, from, (int) Math.min(count, (long) from + perRange),
                                false)));
            }
        }

        /** The header columns of the file, or nulls (a path refused by --allowed-roots is never opened here). */
        private Object[] probe(String path, ClipPipeline pipeline, Careful careful) {
            if (path == null || path.isBlank()) {
                return new Object[2];
            }
            String readPath = path;
            if (allowedRoots != null) {
                AllowedRoots.Verdict verdict = allowedRoots.check(path);
                if (!verdict.allowed()) {
                    return new Object[2];
                }
                readPath = verdict.readPath();
            }
            if (careful != null) {
                careful.markers().record(path);
            }
            return ManifestHeaders.probe(pipeline, path, readPath, hadoopConf.value().get());
        }

        /**
         * As {@link ClipScorer} does: a retried attempt records each file before reading its header and does not
         * read a header that two dead attempts were reading (planned whole and marked, so that scoring reports the file
     * as {@code DECODER_CRASHED} without decoding it).
         */
        private Careful carefulIfRetried() {
            TaskContext task = TaskContext.get();
            if (task == null || (task.attemptNumber() == 0 && task.stageAttemptNumber() == 0)) {
                return null;
            }
            InflightMarkers markers = InflightMarkers.open(hadoopConf.value().get(), lakeRoot,
                    runId + "/" + PLANNING_MARKERS, task.partitionId(), task.taskAttemptId());
            Set<String> skip = CrashSightings.clipsToSkip(markers.deadAttemptsClips());
            task.addTaskCompletionListener((TaskCompletionListener) ended -> markers.clear());
            return new Careful(markers, skip);
        }

        private record Careful(InflightMarkers markers, Set<String> skip) {
        }
    }
}
