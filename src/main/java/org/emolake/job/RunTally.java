package org.emolake.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The collected rows of {@link RunTables#tallyRows}: a run's class_summary and error_summary rows and its totals,
 * computed on the driver from one aggregation (no second pass over the predictions, no re-reading of the tables).
 */
final class RunTally {
    static final String KIND = ScoredUnit.PREFIX + "kind";
    static final String CLIP = ScoredUnit.PREFIX + "clip";
    static final String CONF = ScoredUnit.PREFIX + "conf";
    static final String EXAMPLE = ScoredUnit.PREFIX + "example";
    static final String DURATION = ScoredUnit.PREFIX + "duration";
    static final String SEGMENTS = ScoredUnit.PREFIX + "segments";
    static final String CLASS = "class";
    static final String ERROR = "error";

    /** Spark orders strings by their UTF-8 bytes; the console summary's ties are broken the same way. */
    private static final Comparator<String> SPARK_STRING_ORDER = Comparator.nullsFirst(
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

    private final List<Row> classRows;
    private final StructType classSchema;
    private final List<Row> errorRows;
    private final StructType errorSchema;
    private final long clips;
    private final long ok;
    private final double audioSeconds;
    private final long segments;

    private RunTally(List<Row> classRows, StructType classSchema, List<Row> errorRows, StructType errorSchema,
            long clips, long ok, double audioSeconds, long segments) {
        this.classRows = classRows;
        this.classSchema = classSchema;
        this.errorRows = errorRows;
        this.errorSchema = errorSchema;
        this.clips = clips;
        this.ok = ok;
        this.audioSeconds = audioSeconds;
        this.segments = segments;
    }

    /**
     * From the collected aggregation ({@code [kind, run_id, run_date, group-by..., label, error_code, clips,
     * mean_confidence, pct, seconds, example, duration, segments]}); {@code predictions} gives the key columns' types
     * and nullability, which the tables keep as when they were aggregated in Spark.
     */
    static RunTally of(List<Row> tallied, StructType predictions, List<String> groupBy) {
        int keyCount = 2 + groupBy.size();
        int label = 1 + keyCount;
        int clipsAt = label + 2;
        List<Row> classGroups = new ArrayList<>();
        List<Row> errorRows = new ArrayList<>();
        long clips = 0;
        double audioSeconds = 0.0;
        long segments = 0;
        for (Row r : tallied) {
            if (r.isNullAt(0)) {
                clips = r.getLong(clipsAt);
                audioSeconds = r.isNullAt(clipsAt + 5) ? 0.0 : r.getDouble(clipsAt + 5);
                segments = r.isNullAt(clipsAt + 6) ? 0 : r.getLong(clipsAt + 6);
            } else if (CLASS.equals(r.getString(0))) {
                classGroups.add(r);
            } else {
                Row example = r.isNullAt(clipsAt + 4) ? null : r.getStruct(clipsAt + 4);
                errorRows.add(RowFactory.create(r.get(1), r.get(2), r.get(label + 1), r.getLong(clipsAt),
                        example == null ? null : example.get(0), example == null ? null : example.get(1)));
            }
        }
        // share: a label's clips over its group's ok clips
        Map<List<Object>, Long> groupTotals = new HashMap<>();
        long ok = 0;
        for (Row r : classGroups) {
            groupTotals.merge(key(r, keyCount), r.getLong(clipsAt), Long::sum);
            ok += r.getLong(clipsAt);
        }
        List<Row> classRows = new ArrayList<>();
        for (Row r : classGroups) {
            List<Object> values = new ArrayList<>(key(r, keyCount));
            long labelClips = r.getLong(clipsAt);
            long total = groupTotals.get(key(r, keyCount));
            List<Object> pct = r.isNullAt(clipsAt + 2) ? null : r.getList(clipsAt + 2);
            values.add(r.get(label));
            values.add(labelClips);
            values.add(total == 0 ? 0.0 : (double) labelClips / (double) total);
            values.add(r.get(clipsAt + 1));
            values.add(pct == null ? null : pct.get(0));
            values.add(pct == null ? null : pct.get(1));
            values.add(r.get(clipsAt + 3));
            classRows.add(RowFactory.create(values.toArray()));
        }
        return new RunTally(classRows, classSchema(predictions, groupBy), errorRows, errorSchema(predictions), clips,
                ok, audioSeconds, segments);
    }

    private static List<Object> key(Row r, int keyCount) {
        List<Object> key = new ArrayList<>(keyCount);
        for (int i = 1; i <= keyCount; i++) {
            key.add(r.get(i));
        }
        return key;
    }

    private static StructType classSchema(StructType predictions, List<String> groupBy) {
        List<StructField> fields = new ArrayList<>();
        fields.add(predictions.apply(PredictionRow.RUN_ID));
        fields.add(predictions.apply(PredictionRow.RUN_DATE));
        groupBy.forEach(g -> fields.add(predictions.apply(g)));
        fields.add(predictions.apply(PredictionRow.LABEL));
        fields.add(DataTypes.createStructField("clips", DataTypes.LongType, true));
        fields.add(DataTypes.createStructField("share", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("mean_confidence", DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField("p50_confidence", DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField("p90_confidence", DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField("seconds", DataTypes.DoubleType, true));
        return DataTypes.createStructType(fields.stream().map(RunTally::withoutMetadata).toList());
    }

    private static StructType errorSchema(StructType predictions) {
        return DataTypes.createStructType(List.of(
                withoutMetadata(predictions.apply(PredictionRow.RUN_ID)),
                withoutMetadata(predictions.apply(PredictionRow.RUN_DATE)),
                DataTypes.createStructField("error_code", DataTypes.StringType, false),
                DataTypes.createStructField("clips", DataTypes.LongType, false),
                DataTypes.createStructField("example_path", DataTypes.StringType, true),
                DataTypes.createStructField("example_message", DataTypes.StringType, true)));
    }

    private static StructField withoutMetadata(StructField f) {
        return DataTypes.createStructField(f.name(), f.dataType(), f.nullable());
    }

    /** class_summary's rows of the run. */
    Dataset<Row> classSummary(SparkSession spark) {
        return spark.createDataFrame(classRows, classSchema);
    }

    /** error_summary's rows of the run. */
    Dataset<Row> errorSummary(SparkSession spark) {
        return spark.createDataFrame(errorRows, errorSchema);
    }

    long clips() {
        return clips;
    }

    long ok() {
        return ok;
    }

    double audioSeconds() {
        return audioSeconds;
    }

    /** Rows the run wrote to {@code segments}: the segments its recordings scored by segments were cut into. */
    long segments() {
        return segments;
    }

    /** Clips per label over the run's groups, most first, then by label. */
    Map<String, Long> perClass() {
        Map<String, Long> sums = new HashMap<>();
        int clipsAt = classSchema.fieldIndex("clips");
        int labelAt = clipsAt - 1;
        for (Row r : classRows) {
            sums.merge(r.getString(labelAt), r.getLong(clipsAt), Long::sum);
        }
        return ordered(sums);
    }

    /** Clips per error code, most first, then by code. */
    Map<String, Long> perError() {
        Map<String, Long> counts = new HashMap<>();
        for (Row r : errorRows) {
            counts.merge(r.getString(2), r.getLong(3), Long::sum);
        }
        return ordered(counts);
    }

    private static Map<String, Long> ordered(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(SPARK_STRING_ORDER)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
