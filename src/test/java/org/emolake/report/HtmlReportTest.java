package org.emolake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The page's structure from a report built by hand: sections, charts, no outside address, escaping. */
class HtmlReportTest {

    static RunReport.Lineage lineage() {
        return new RunReport.Lineage("r2", "2026-12-04", "2026-12-04 22:00:00 UTC", "demo-cnn-lstm", "ab".repeat(32),
                "librosa-110", "/m", "file:/lake", "iceberg", "local[*]", 6, 4, 2, 0, 12.5, 8.0, 0.75);
    }

    static RunReport full(boolean withSegments) {
        Map<String, List<RunReport.ClassCount>> groups = new LinkedHashMap<>();
        groups.put("en", List.of(new RunReport.ClassCount("sad", 2, 5.0), new RunReport.ClassCount("angry", 1, 2.5)));
        groups.put("de", List.of(new RunReport.ClassCount("angry", 1, 3.0)));
        Map<String, long[]> confidence = new LinkedHashMap<>();
        confidence.put("angry", new long[] {0, 0, 0, 0, 0, 1, 0, 0, 1, 0});
        confidence.put("sad", new long[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 1});
        List<RunReport.TimelinePoint> points = new ArrayList<>();
        for (int k = 0; k < 27; k++) {
            points.add(new RunReport.TimelinePoint(1.5 * k, 3.0, Map.of("angry", k / 27.0, "sad", 1 - k / 27.0),
                    k != 4));
        }
        List<RunReport.Timeline> timelines = withSegments ? List.of(new RunReport.Timeline("call-1",
                "/audio/<call> & co.flac", 42.0, "sad", points)) : List.of();
        return new RunReport(lineage(), List.of(new RunReport.ClassCount("sad", 2, 5.0),
                new RunReport.ClassCount("angry", 2, 5.5)), "language", groups, confidence,
                List.of(new RunReport.ErrorCount("TOO_SHORT", 2, List.of("/audio/a.wav", "/audio/b.wav"),
                        "/audio/a.wav: 0.1 s is shorter than one frame")),
                List.of(new RunReport.RunShare("r1", "x", "angry", 0.25), new RunReport.RunShare("r1", "x", "sad", 0.75),
                        new RunReport.RunShare("r2", "y", "angry", 0.5), new RunReport.RunShare("r2", "y", "sad", 0.5)),
                timelines, "longest recordings", withSegments);
    }

    @Test
    void everySectionHasItsChartAndTheFileNeedsNoNetwork() {
        String html = HtmlReport.render(full(true));
        assertEquals(HtmlReport.SECTIONS, List.copyOf(ReportPages.sections(html).keySet()));
        Map<String, String> sections = ReportPages.sections(html);
        for (String id : HtmlReport.SECTIONS) {
            if (!id.equals("lineage")) {
                assertEquals(1, ReportPages.charts(sections.get(id)).size(), "one chart in " + id);
            }
        }
        assertTrue(ReportPages.charts(sections.get("timelines")).get(0).description()
                .contains("x axis: time (s); y axis: class probability"), "labelled axes");
        assertTrue(ReportPages.charts(sections.get("class-mix")).get(0).description()
                .contains("x axis: class; y axis: clips"), "labelled axes");
        assertTrue(sections.get("lineage").contains("demo-cnn-lstm") && sections.get("lineage").contains("0.75 clips/s"));
        assertTrue(sections.get("errors").contains("/audio/b.wav") && sections.get("errors").contains("TOO_SHORT"));
        assertTrue(sections.get("class-mix").contains("<th class=\"n\">seconds</th>"), "seconds with segments");
        assertTrue(sections.get("groups").contains(">7.5<") && sections.get("groups").contains(">3.0<"),
                "seconds per group: " + sections.get("groups"));
        ReportPages.assertSelfContained(html);
    }

    @Test
    void textFromTheLakeIsEscaped() {
        String html = HtmlReport.render(full(true));
        assertTrue(html.contains("/audio/&lt;call&gt; &amp; co.flac"), "escaped path");
        assertFalse(html.contains("<call>"));
    }

    @Test
    void aLakeWithoutSegmentsSaysSoInsteadOfATimeline() {
        String html = HtmlReport.render(full(false));
        String timelines = ReportPages.sections(html).get("timelines");
        assertTrue(ReportPages.charts(timelines).isEmpty());
        assertTrue(timelines.contains("no segments table"), timelines);
        ReportPages.assertSelfContained(html);
    }

    @Test
    void longRecordingsAreAveragedDownWithoutLosingTheirSpan() {
        List<RunReport.TimelinePoint> points = new ArrayList<>();
        for (int k = 0; k < 9600; k++) {
            points.add(new RunReport.TimelinePoint(1.5 * k, 3.0, Map.of("angry", k % 2 == 0 ? 1.0 : 0.0), true));
        }
        List<RunReport.TimelinePoint> down = ReportCharts.downsample(points);
        assertTrue(down.size() <= ReportCharts.MAX_TIMELINE_POINTS, "points: " + down.size());
        RunReport.TimelinePoint last = down.get(down.size() - 1);
        assertEquals(1.5 * 9599 + 3.0, last.offsetSeconds() + last.durationSeconds(), 1e-9);
        assertEquals(0.5, down.get(0).probabilities().get("angry"), 1e-12);
    }
}
