package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.emolake.scoring.ClipOutcome;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * A row {@link ClipScorer} emits: a {@link PredictionRow} (manifest row, outcome, {@code scored_at}) followed by
 * the unit's own columns, named with {@link #PREFIX} so that they never meet a manifest column. A whole clip is one
 * unit; a recording scored by segments is one unit per segment (or a single unit when it cannot be opened). The
 * {@code segments} table ({@link SegmentRow}) and the {@code predictions} table ({@link RecordingVerdicts}) are
 * both made from these rows.
 */
final class ScoredUnit {
    /** Prefix of the job's internal columns (a manifest column may not start with it). */
    static final String PREFIX = "__emolake_";
    static final String KEY = PREFIX + "key";
    static final String SCORED_AS = PREFIX + "scored_as";
    static final String SEGMENT_INDEX = PREFIX + "segment_index";
    static final String OFFSET = PREFIX + "offset_s";
    static final String SEGMENT_SECONDS = PREFIX + "segment_s";
    static final String RMS_DBFS = PREFIX + "rms_dbfs";
    static final String SILENT = PREFIX + "silent";
    /** Seconds of the recording the segment speaks for in {@code seconds_per_class} ({@link #ownedSeconds}). */
    static final String OWNED_SECONDS = PREFIX + "owned_s";
    /** The recording's duration and sample rate from its header (segmented recordings). */
    static final String RECORDING_SECONDS = PREFIX + "recording_s";
    static final String RECORDING_RATE = PREFIX + "recording_rate";

    private static final List<StructField> FIELDS = List.of(
            field(KEY, DataTypes.LongType, false),
            field(SCORED_AS, DataTypes.StringType, false),
            field(SEGMENT_INDEX, DataTypes.IntegerType, true),
            field(OFFSET, DataTypes.DoubleType, true),
            field(SEGMENT_SECONDS, DataTypes.DoubleType, true),
            field(RMS_DBFS, DataTypes.DoubleType, true),
            field(SILENT, DataTypes.BooleanType, true),
            field(OWNED_SECONDS, DataTypes.DoubleType, true),
            field(RECORDING_SECONDS, DataTypes.DoubleType, true),
            field(RECORDING_RATE, DataTypes.IntegerType, true));

    private ScoredUnit() {
    }

    /** {@link PredictionRow#scoredSchema} of the manifest, then the unit's columns. */
    static StructType schema(StructType manifest) {
        List<StructField> fields = new ArrayList<>(List.of(PredictionRow.scoredSchema(manifest).fields()));
        fields.addAll(FIELDS);
        return DataTypes.createStructType(fields);
    }

    /** A whole clip's row. */
    static Row clip(Row manifestRow, WorkItem.Plan plan, ClipOutcome outcome, Timestamp scoredAt) {
        return row(PredictionRow.of(manifestRow, outcome, scoredAt), plan.key(), PredictionRow.SCORED_AS_CLIP,
                null, null, null, null, null, null, null, null);
    }

    /**
     * A segment's row (or, with {@code outcome.segmentIndex() == null}, the row of a recording that could not be
     * opened).
     *
     * @param segmentCount how many segments the whole recording has
     */
    static Row segment(Row manifestRow, WorkItem.Plan plan, ClipOutcome outcome, Timestamp scoredAt,
            SegmentOptions options, int segmentCount) {
        Integer index = outcome.segmentIndex();
        Double rms = outcome.rmsDbfs();
        Boolean silent = rms == null ? null : rms < options.silenceThresholdDb();
        Double recordingSeconds = plan.durationSeconds();
        Double owned = index == null || recordingSeconds == null ? null
                : ownedSeconds(index, segmentCount, outcome.offsetSeconds(), options, recordingSeconds);
        return row(PredictionRow.of(manifestRow, outcome, scoredAt), plan.key(), PredictionRow.SCORED_AS_SEGMENTS,
                index, outcome.offsetSeconds(), outcome.segmentDurationSeconds(), rms, silent, owned,
                recordingSeconds, plan.sampleRate());
    }

    /**
     * The stretch of the recording segment {@code index} speaks for, so that every instant is counted once
     * however the windows overlap: from the midpoint between its centre and the previous segment's (0 for the
     * first) to the midpoint with the next one's (the end of the recording for the last).
     */
    static double ownedSeconds(int index, int segmentCount, double offsetSeconds, SegmentOptions options,
            double recordingSeconds) {
        double centre = offsetSeconds + options.windowSeconds() / 2;
        double start = index == 0 ? 0 : centre - options.hopSeconds() / 2;
        double end = index >= segmentCount - 1 ? recordingSeconds : centre + options.hopSeconds() / 2;
        return Math.max(0, Math.min(end, recordingSeconds) - Math.max(0, start));
    }

    private static Row row(Row prediction, Object... unit) {
        Object[] values = new Object[prediction.length() + unit.length];
        for (int i = 0; i < prediction.length(); i++) {
            values[i] = prediction.get(i);
        }
        System.arraycopy(unit, 0, values, prediction.length(), unit.length);
        return RowFactory.create(values);
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
