package org.emolake.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run report shows, gathered from a lake's tables.
 *
 * @param lineage          the run the report is about
 * @param classMix         its ok clips per class (seconds null when the lake does not know durations)
 * @param groupColumn      the manifest column of {@code classMixByGroup}, or null
 * @param classMixByGroup  the class mix per value of {@code groupColumn}, in display order
 * @param confidence       per class, the number of ok clips in each confidence bin ({@link #CONFIDENCE_BINS} equal
 *                         bins over [0, 1])
 * @param errors           error codes of the run, most frequent first
 * @param trend            class shares of the compared runs, oldest run first
 * @param timelines        emotion timelines of segmented recordings (empty without segments)
 * @param timelineOrder    how the timelines were chosen, in words ("longest recordings", "highest share of sad")
 * @param hasSegments      whether the lake has a segments table at all
 */
public record RunReport(Lineage lineage, List<ClassCount> classMix, String groupColumn,
        Map<String, List<ClassCount>> classMixByGroup, Map<String, long[]> confidence, List<ErrorCount> errors,
        List<RunShare> trend, List<Timeline> timelines, String timelineOrder, boolean hasSegments) {

    public static final int CONFIDENCE_BINS = 10;

    public RunReport {
        classMix = List.copyOf(classMix);
        classMixByGroup = Collections.unmodifiableMap(new LinkedHashMap<>(classMixByGroup));
        confidence = Collections.unmodifiableMap(new LinkedHashMap<>(confidence));
        errors = List.copyOf(errors);
        trend = List.copyOf(trend);
        timelines = List.copyOf(timelines);
    }

    /** The run's identity and figures, as the runs table records them. */
    public record Lineage(String runId, String runDate, String startedAt, String modelName, String modelSha256,
            String featureSet, String manifest, String lake, String tableFormat, String sparkMaster, long clips,
            long clipsOk, long clipsError, long clipsSkipped, double audioSeconds, double wallSeconds,
            double clipsPerSecond) {
    }

    /** One class's ok clips (recordings) and, when known, seconds of audio. */
    public record ClassCount(String label, long clips, Double seconds) {
    }

    /** One error code: how many clips, a few example files and one message. */
    public record ErrorCount(String code, long clips, List<String> examplePaths, String exampleMessage) {
        public ErrorCount {
            examplePaths = List.copyOf(examplePaths);
        }
    }

    /** One class's share of the ok clips of one run. */
    public record RunShare(String runId, String startedAt, String label, double share) {
    }

    /**
     * A segmented recording's segments in time order.
     *
     * @param label the recording's verdict (null when it has none)
     */
    public record Timeline(String clipId, String path, double durationSeconds, String label,
            List<TimelinePoint> points) {
        public Timeline {
            points = List.copyOf(points);
        }
    }

    /**
     * One segment: where it is, its class probabilities, and whether it counts (a silent or failed segment has
     * none).
     */
    public record TimelinePoint(double offsetSeconds, double durationSeconds, Map<String, Double> probabilities,
            boolean scorable) {
        public TimelinePoint {
            probabilities = probabilities == null ? Map.of() : Map.copyOf(probabilities);
        }
    }
}
