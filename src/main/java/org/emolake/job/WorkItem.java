package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scoring task is given per row: a manifest row followed by its plan ({@link #PLAN}, a struct): the
 * recording's key (unique per manifest row in a run), what its header says (frames, sample rate; null when not read)
 * and, for a recording scored by segments, the range of segment indexes [from, to) of this item (null for a clip
 * scored whole). A long recording is several items, one per range, spread over tasks by {@link SegmentPlanner}.
 */
final class WorkItem {
    /** The plan column appended to the manifest's (a name no manifest uses: ScoreManifest refuses the prefix). */
    static final String PLAN = ScoredUnit.PREFIX + "plan";
    static final StructType PLAN_TYPE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("key", DataTypes.LongType, false),
            DataTypes.createStructField("frames", DataTypes.LongType, true),
            DataTypes.createStructField("sample_rate", DataTypes.IntegerType, true),
            DataTypes.createStructField("from", DataTypes.IntegerType, true),
            DataTypes.createStructField("to", DataTypes.IntegerType, true),
            DataTypes.createStructField("decoder_crashed", DataTypes.BooleanType, false)));

    /**
     * The plan of one item. {@code decoderCrashed}: reading the file's header killed the JVM of the planning
     * attempts that {@link CrashSightings} counts, so scoring reports it without decoding it again.
     */
    record Plan(long key, Long frames, Integer sampleRate, Integer from, Integer to, boolean decoderCrashed) {
        boolean segmented() {
            return from != null;
        }

        /** The recording's duration from its header, or null. */
        Double durationSeconds() {
            return frames == null || sampleRate == null || sampleRate <= 0 ? null : (double) frames / sampleRate;
        }

        Row toRow() {
            return RowFactory.create(key, frames, sampleRate, from, to, decoderCrashed);
        }

        static Plan of(Row r) {
            return new Plan(r.getLong(0), r.isNullAt(1) ? null : r.getLong(1), r.isNullAt(2) ? null : r.getInt(2),
                    r.isNullAt(3) ? null : r.getInt(3), r.isNullAt(4) ? null : r.getInt(4), r.getBoolean(5));
        }
    }

    private WorkItem() {
    }

    /** The manifest's schema with the plan column appended. */
    static StructType schema(StructType manifest) {
        List<StructField> fields = new ArrayList<>(List.of(manifest.fields()));
        fields.add(DataTypes.createStructField(PLAN, PLAN_TYPE, false));
        return DataTypes.createStructType(fields);
    }

    /** A manifest row with its plan. */
    static Row of(Row manifestRow, Plan plan) {
        Object[] values = new Object[manifestRow.length() + 1];
        for (int i = 0; i < manifestRow.length(); i++) {
            values[i] = manifestRow.get(i);
        }
        values[manifestRow.length()] = plan.toRow();
        return RowFactory.create(values);
    }

    /** The manifest part of an item. */
    static Row manifestRow(Row item) {
        Object[] values = new Object[item.length() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = item.get(i);
        }
        return RowFactory.create(values);
    }

    static Plan plan(Row item) {
        return Plan.of(item.getStruct(item.length() - 1));
    }
}
