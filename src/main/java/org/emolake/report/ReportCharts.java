package org.emolake.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The report's charts, drawn by XChart as PNG images. */
final class ReportCharts {
    /** More points than a timeline chart can show apart: longer recordings are averaged down to this many. */
    static final int MAX_TIMELINE_POINTS = 600;
    /** Pixels drawn per pixel shown. */
    static final int SCALE = 2;
    private static final String SILENT_SERIES = "silent or failed";
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private final ClassPalette palette;

    ReportCharts(ClassPalette palette) {
        System.setProperty("java.awt.headless", "true");
        this.palette = palette;
    }

    java.awt.Color colour(String label) {
        return palette.of(label);
    }

    /** Bars of ok clips per class, each in its class colour. */
    Image classCounts(List<RunReport.ClassCount> mix, String title) {
        CategoryChart chart = category(title, "class", "clips");
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendVisible(false);
        List<String> labels = mix.stream().map(RunReport.ClassCount::label).toList();
        for (RunReport.ClassCount c : mix) {
            List<Number> values = new ArrayList<>();
            for (String l : labels) {
                values.add(l.equals(c.label()) ? c.clips() : 0);
            }
            CategorySeries s = chart.addSeries(c.label(), labels, values);
            s.setFillColor(palette.of(c.label()));
        }
        return png(chart, chart.getTitle());
    }

    /**
     * Stacked bars of class shares (per cent) per category: a group, or a run.
     *
     * @param shares category → class → share in [0, 1], in display order
     */
    Image stackedShares(Map<String, Map<String, Double>> shares, List<String> classes, String title,
            String categoryAxis) {
        CategoryChart chart = category(title, categoryAxis, "share of ok clips (%)");
        chart.getStyler().setStacked(true);
        chart.getStyler().setYAxisMax(100.0);
        List<String> categories = new ArrayList<>(shares.keySet());
        if (categories.size() > 6) {
            chart.getStyler().setXAxisLabelRotation(30);
        }
        for (String label : classes) {
            List<Number> values = new ArrayList<>();
            for (String category : categories) {
                values.add(100.0 * shares.get(category).getOrDefault(label, 0.0));
            }
            chart.addSeries(label, categories, values).setFillColor(palette.of(label));
        }
        return png(chart, chart.getTitle());
    }

    /** One line per class: the share of its clips in each confidence bin. */
    Image confidence(Map<String, long[]> histograms) {
        XYChart chart = xy("Confidence of the predicted class", "confidence", "share of the class's clips (%)");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        int bins = RunReport.CONFIDENCE_BINS;
        for (Map.Entry<String, long[]> e : histograms.entrySet()) {
            long total = 0;
            for (long n : e.getValue()) {
                total += n;
            }
            double[] x = new double[bins];
            double[] y = new double[bins];
            for (int b = 0; b < bins; b++) {
                x[b] = (b + 0.5) / bins;
                y[b] = total == 0 ? 0 : 100.0 * e.getValue()[b] / total;
            }
            XYSeries s = chart.addSeries(e.getKey() + " (" + total + ")", x, y);
            s.setLineColor(palette.of(e.getKey()));
            s.setMarkerColor(palette.of(e.getKey()));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return png(chart, chart.getTitle());
    }

    /** Bars of clips per error code. */
    Image errors(List<RunReport.ErrorCount> errors) {
        CategoryChart chart = category("Error rows by code", "error code", "clips");
        chart.getStyler().setLegendVisible(false);
        if (errors.size() > 4) {
            chart.getStyler().setXAxisLabelRotation(30);
        }
        chart.addSeries("errors", errors.stream().map(RunReport.ErrorCount::code).toList(),
                errors.stream().map(e -> (Number) e.clips()).toList()).setFillColor(new Color(0x882255));
        return png(chart, chart.getTitle());
    }

    /**
     * A recording's class probabilities over time, stacked to 1: the area of a class at a time is its probability
     * in the segment centred there; silent and failed segments are grey.
     */
    Image timeline(RunReport.Timeline timeline, List<String> classes) {
        List<RunReport.TimelinePoint> points = downsample(timeline.points());
        String name = timeline.path().substring(timeline.path().lastIndexOf('/') + 1);
        XYChart chart = xy(name + (timeline.label() == null ? "" : " (verdict: " + timeline.label() + ")"),
                "time (s)", "class probability (stacked)", 1000, 300);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(Math.max(timeline.durationSeconds(), 1e-3));
        // One point per segment at its centre, plus the first segment's start and the last one's end, so the bands
        // cover the whole recording.
        int n = points.size() + 2;
        double[] x = new double[n];
        double[][] cumulative = new double[classes.size() + 1][n];
        for (int i = 0; i < n; i++) {
            RunReport.TimelinePoint p = points.get(Math.min(Math.max(i - 1, 0), points.size() - 1));
            x[i] = i == 0 ? p.offsetSeconds() : i == n - 1 ? p.offsetSeconds() + p.durationSeconds()
                    : p.offsetSeconds() + p.durationSeconds() / 2;
            double sum = 0;
            for (int k = 0; k < classes.size(); k++) {
                sum += p.scorable() ? p.probabilities().getOrDefault(classes.get(k), 0.0) : 0.0;
                cumulative[k][i] = sum;
            }
            cumulative[classes.size()][i] = p.scorable() ? sum : 1.0;
        }
        // Areas fill down to zero: the highest running sum is drawn first, each lower one over it.
        addArea(chart, SILENT_SERIES, x, cumulative[classes.size()], ClassPalette.SILENT);
        for (int k = classes.size() - 1; k >= 0; k--) {
            addArea(chart, classes.get(k), x, cumulative[k], palette.of(classes.get(k)));
        }
        return png(chart, chart.getTitle());
    }

    private static void addArea(XYChart chart, String name, double[] x, double[] y, Color colour) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(colour);
        s.setLineColor(colour);
    }

    /** Consecutive segments averaged in equal runs, so a long recording keeps at most MAX_TIMELINE_POINTS points. */
    static List<RunReport.TimelinePoint> downsample(List<RunReport.TimelinePoint> points) {
        if (points.size() <= MAX_TIMELINE_POINTS) {
            return points;
        }
        int per = (points.size() + MAX_TIMELINE_POINTS - 1) / MAX_TIMELINE_POINTS;
        List<RunReport.TimelinePoint> out = new ArrayList<>();
        for (int from = 0; from < points.size(); from += per) {
            List<RunReport.TimelinePoint> run = points.subList(from, Math.min(points.size(), from + per));
            Set<String> labels = new LinkedHashSet<>();
            run.forEach(p -> labels.addAll(p.probabilities().keySet()));
            long scorable = run.stream().filter(RunReport.TimelinePoint::scorable).count();
            java.util.Map<String, Double> mean = new java.util.LinkedHashMap<>();
            for (String l : labels) {
                mean.put(l, run.stream().filter(RunReport.TimelinePoint::scorable)
                        .mapToDouble(p -> p.probabilities().getOrDefault(l, 0.0)).sum() / Math.max(1, scorable));
            }
            RunReport.TimelinePoint first = run.get(0);
            RunReport.TimelinePoint last = run.get(run.size() - 1);
            double end = last.offsetSeconds() + last.durationSeconds();
            // A run counts when most of its segments do.
            out.add(new RunReport.TimelinePoint(first.offsetSeconds(), end - first.offsetSeconds(),
                    scorable * 2 > run.size() ? mean : Collections.emptyMap(), scorable * 2 > run.size()));
        }
        return out;
    }

    private static CategoryChart category(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(640).height(360).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        return xy(title, xTitle, yTitle, 640, 360);
    }

    private static XYChart xy(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(0xE5E5E5));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(TITLE);
        styler.setAxisTitleFont(TEXT);
        styler.setAxisTickLabelsFont(TEXT);
        styler.setLegendFont(TEXT);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartFontColor(new Color(0x222222));
        styler.setAxisTickLabelsColor(new Color(0x333333));
    }

    /**
     * The chart as a PNG at twice its size, shown at its size: sharp on high-density screens. (XChart's SVG draws
     * every letter as a path, about ten times the bytes of this PNG.)
     */
    static Image png(Chart<?, ?> chart, String what) {
        int width = chart.getWidth();
        int height = chart.getHeight();
        BufferedImage image = new BufferedImage(SCALE * width, SCALE * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.scale(SCALE, SCALE);
        chart.paint(g, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Image(out.toByteArray(), width, height, what + "; x axis: " + chart.getXAxisTitle() + "; y axis: "
                + chart.getYAxisTitle());
    }

    /** A chart's PNG bytes, the size to show it at, and its description (alternative text). */
    record Image(byte[] png, int width, int height, String description) {
    }
}
