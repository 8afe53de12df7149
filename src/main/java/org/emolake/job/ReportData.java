package org.emolake.job;

import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.emolake.report.RunReport;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Gathers a {@link RunReport} from a lake's tables with Spark SQL on one session: the run from {@code runs}, its
 * class mix, confidence and errors from {@code predictions}, the trend from {@code class_summary}, and timelines from
 * {@code segments} when the lake has one (a lake written before segments were scored has not, and its report says
 * so). Seconds per class come from {@code seconds_per_class} of segmented recordings and {@code duration_s} of whole
 * clips.
 */
public final class ReportData {
    /** The table of per-segment rows, when long recordings were scored segment by segment. */
    static final String SEGMENTS = Lake.SEGMENTS;
    private static final String RUN_PREDICTIONS = "report_predictions";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * What to report.
     *
     * @param runId         the run the report is about; null for the newest
     * @param compareRuns   how many runs the trend shows, ending with that run (at least 1)
     * @param groupBy       the manifest column to compare groups by; null for the run's own first --group-by column
     * @param timelines     how many segmented recordings get a timeline
     * @param timelineClass choose the recordings with the highest share of this class; null for the longest
     */
    public record Request(String runId, int compareRuns, String groupBy, int timelines, String timelineClass) {
    }

    private final SparkSession spark;
    private final Lake lake;
    private final Set<String> predictionColumns;

    private ReportData(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
        this.predictionColumns = Set.of(spark.table(Lake.PREDICTIONS).columns());
    }

    /** The report of one run of the lake at {@code location}, its Iceberg tables found through {@code catalog}. */
    public static RunReport gather(JobSession session, String location, LakeCatalog.Choice catalog, Request request)
            throws JobException {
        SparkSession spark = session.spark();
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        List<Lake> lakes = Lake.detect(spark, location, catalog);
        List<String> views = new ArrayList<>(Lake.registerViews(lakes));
        if (!views.contains(Lake.RUNS) || !views.contains(Lake.PREDICTIONS)) {
            throw new JobException("no run in the lake " + location);
        }
        return new ReportData(spark, lakes.get(0)).report(request, views.contains(SEGMENTS),
                views.contains(Lake.CLASS_SUMMARY));
    }

    private RunReport report(Request request, boolean hasSegments, boolean hasSummary) throws JobException {
        List<Row> runs = spark.sql("SELECT * FROM runs ORDER BY started_at, run_id").collectAsList();
        int subject = runs.size() - 1;
        if (request.runId() != null) {
            subject = -1;
            for (int i = 0; i < runs.size(); i++) {
                if (request.runId().equals(runs.get(i).getAs("run_id"))) {
                    subject = i;
                }
            }
            if (subject < 0) {
                throw new JobException("no run '" + request.runId() + "' in the lake " + lake.root() + " (runs: "
                        + String.join(", ", runs.stream().map(r -> r.<String>getAs("run_id")).toList()) + ")");
            }
        }
        Row run = runs.get(subject);
        String runId = run.getAs("run_id");
        String groupBy = request.groupBy();
        if (groupBy == null && run.getAs("group_by") != null) {
            groupBy = run.<String>getAs("group_by").split(",")[0].trim();
        }
        if (groupBy != null && !predictionColumns.contains(groupBy)) {
            throw new JobException("no column '" + groupBy + "' in predictions (columns: "
                    + String.join(", ", predictionColumns.stream().sorted().toList()) + ")");
        }
        List<String> compared = runs.subList(Math.max(0, subject - request.compareRuns() + 1), subject + 1).stream()
                .map(r -> r.<String>getAs("run_id")).toList();
        // The run's rows as views of their own: the queries below then need no parameter.
        spark.table(Lake.PREDICTIONS).filter(col(PredictionRow.RUN_ID).equalTo(lit(runId)))
                .createOrReplaceTempView(RUN_PREDICTIONS);
        return new RunReport(lineage(run), classMix(null).getOrDefault("", List.of()), groupBy,
                groupBy == null ? Map.of() : classMix(groupBy), confidence(), errors(),
                trend(compared, runs, hasSummary), hasSegments ? timelines(runId, request) : List.of(),
                request.timelineClass() == null ? "longest recordings"
                        : "recordings with the highest share of " + request.timelineClass(), hasSegments);
    }

    private RunReport.Lineage lineage(Row r) {
        return new RunReport.Lineage(r.getAs("run_id"), String.valueOf(r.<Object>getAs("run_date")),
                UTC.format(r.<Timestamp>getAs("started_at").toInstant()), r.getAs("model_name"),
                r.getAs("model_sha256"), r.getAs("feature_set"), r.getAs("manifest"), lake.root(),
                r.getAs("table_format"), r.getAs("spark_master"), r.<Long>getAs("clips"), r.<Long>getAs("clips_ok"),
                r.<Long>getAs("clips_error"), r.<Long>getAs("clips_skipped"), r.<Double>getAs("audio_seconds"),
                r.<Double>getAs("wall_seconds"), r.<Double>getAs("clips_per_second"));
    }

    /**
     * Ok clips and seconds per class, per value of {@code group} (or under the key "" without one): a segmented
     * recording counts once under its verdict and its seconds under each class of its segments.
     */
    private Map<String, List<RunReport.ClassCount>> classMix(String group) {
        String key = group == null ? "''" : "coalesce(CAST(`" + group + "` AS STRING), '(null)')";
        String secondsMap = "map(label, " + (predictionColumns.contains(PredictionRow.DURATION)
                ? PredictionRow.DURATION : "CAST(NULL AS DOUBLE)") + ")";
        if (predictionColumns.contains("seconds_per_class")) {
            secondsMap = "coalesce(seconds_per_class, " + secondsMap + ")";
        }
        String ok = "FROM " + RUN_PREDICTIONS + " WHERE status = 'ok'";
        Map<String, Map<String, Double>> seconds = new HashMap<>();
        for (Row r : spark.sql("SELECT g, class, sum(s) FROM (SELECT " + key + " AS g, explode(" + secondsMap
                + ") AS (class, s) " + ok + ") GROUP BY g, class").collectAsList()) {
            seconds.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1),
                    r.isNullAt(2) ? null : r.getDouble(2));
        }
        Map<String, List<RunReport.ClassCount>> mix = new LinkedHashMap<>();
        for (Row r : spark.sql("SELECT " + key + " AS g, label, count(*) AS n " + ok
                + " GROUP BY g, label ORDER BY g, n DESC, label").collectAsList()) {
            Double s = seconds.getOrDefault(r.getString(0), Map.of()).get(r.getString(1));
            mix.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                    .add(new RunReport.ClassCount(r.getString(1), r.getLong(2), s));
        }
        return mix;
    }

    private Map<String, long[]> confidence() {
        int bins = RunReport.CONFIDENCE_BINS;
        Map<String, long[]> histograms = new LinkedHashMap<>();
        for (Row r : spark.sql("SELECT label, least(CAST(floor(confidence * " + bins + ") AS INT), " + (bins - 1)
                + ") AS bin, count(*) FROM " + RUN_PREDICTIONS + " WHERE status = 'ok' GROUP BY label, bin ORDER BY label")
                .collectAsList()) {
            histograms.computeIfAbsent(r.getString(0), k -> new long[bins])[r.getInt(1)] += r.getLong(2);
        }
        return histograms;
    }

    private List<RunReport.ErrorCount> errors() {
        List<RunReport.ErrorCount> errors = new ArrayList<>();
        for (Row r : spark.sql("SELECT coalesce(error_code, 'UNKNOWN') AS code, count(*) AS n,"
                + " slice(array_sort(collect_set(path)), 1, 3), min_by(error_message, path)"
                + " FROM " + RUN_PREDICTIONS + " WHERE status <> 'ok' GROUP BY code ORDER BY n DESC, code")
                .collectAsList()) {
            errors.add(new RunReport.ErrorCount(r.getString(0), r.getLong(1), r.getList(2), r.getString(3)));
        }
        return errors;
    }

    private List<RunReport.RunShare> trend(List<String> compared, List<Row> runs, boolean hasSummary) {
        if (!hasSummary) {
            return List.of();
        }
        Map<String, String> started = new HashMap<>();
        runs.forEach(r -> started.put(r.getAs("run_id"), UTC.format(r.<Timestamp>getAs("started_at").toInstant())));
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        compared.forEach(id -> counts.put(id, new LinkedHashMap<>()));
        spark.table(Lake.CLASS_SUMMARY).filter(col(PredictionRow.RUN_ID).isin(compared.toArray()))
                .createOrReplaceTempView("report_compared");
        for (Row r : spark.sql("SELECT run_id, label, sum(clips) FROM report_compared GROUP BY run_id, label"
                + " ORDER BY label").collectAsList()) {
            counts.get(r.getString(0)).put(r.getString(1), r.getLong(2));
        }
        List<RunReport.RunShare> trend = new ArrayList<>();
        counts.forEach((id, perClass) -> {
            long total = perClass.values().stream().mapToLong(Long::longValue).sum();
            perClass.forEach((label, n) -> trend.add(new RunReport.RunShare(id, started.get(id), label,
                    (double) n / total)));
        });
        return trend;
    }

    private List<RunReport.Timeline> timelines(String runId, Request request) {
        if (request.timelines() <= 0) {
            return List.of();
        }
        spark.table(SEGMENTS).filter(col(PredictionRow.RUN_ID).equalTo(lit(runId)))
                .createOrReplaceTempView("report_segments");
        String order = "length DESC";
        String share = "0.0";
        if (request.timelineClass() != null) {
            share = "sum(CASE WHEN status = 'ok' AND NOT coalesce(silent, false) AND label = " + literal(request.timelineClass()) + " THEN duration_s"
                    + " ELSE 0.0 END) / greatest(sum(CASE WHEN status = 'ok' AND NOT coalesce(silent, false)"
                    + " THEN duration_s ELSE 0.0 END), 1e-9)";
            order = "share DESC, length DESC";
        }
        spark.sql("SELECT clip_id, path, max(offset_s + duration_s) AS length, " + share + " AS share"
                + " FROM report_segments GROUP BY clip_id, path ORDER BY " + order + ", clip_id LIMIT "
                + request.timelines()).createOrReplaceTempView("report_chosen");
        // A segment that failed before its audio was read has no duration: it is drawn as a point.
        List<Row> rows = spark.sql("SELECT s.clip_id, s.path, c.length, p.label, s.offset_s,"
                + " coalesce(s.duration_s, 0.0),"
                + " s.status = 'ok' AND NOT coalesce(s.silent, false) AND s.probabilities IS NOT NULL,"
                + " s.probabilities FROM report_segments s JOIN report_chosen c ON s.clip_id = c.clip_id AND s.path = c.path"
                + " LEFT JOIN " + RUN_PREDICTIONS + " p ON s.clip_id = p.clip_id AND s.path = p.path"
                + " ORDER BY c.share DESC, c.length DESC, s.clip_id, s.path, s.segment_index").collectAsList();
        List<RunReport.Timeline> timelines = new ArrayList<>();
        List<RunReport.TimelinePoint> points = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Map<String, Double> probabilities = r.isNullAt(7) ? null
                    : scala.jdk.javaapi.CollectionConverters.asJava(r.<scala.collection.Map<String, Double>>getAs(7));
            points.add(new RunReport.TimelinePoint(r.getDouble(4), r.getDouble(5), probabilities, r.getBoolean(6)));
            boolean last = i == rows.size() - 1 || !rows.get(i + 1).getString(0).equals(r.getString(0))
                    || !rows.get(i + 1).getString(1).equals(r.getString(1));
            if (last) {
                timelines.add(new RunReport.Timeline(r.getString(0), r.getString(1), r.getDouble(2),
                        r.isNullAt(3) ? null : r.getString(3), points));
                points = new ArrayList<>();
            }
        }
        return timelines;
    }

    /** A Spark SQL string literal of any text. */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
