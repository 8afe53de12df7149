package org.emolake.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link RunReport} as one self-contained HTML page: styles inline, charts as PNG data URIs, no script and no
 * address outside the file, so it opens anywhere without a network. Sections, in order: lineage, class mix, class
 * mix per group, confidence, errors, trend across runs, timelines.
 */
public final class HtmlReport {
    /** The ids of the page's sections, in order (tests and links rely on them). */
    public static final List<String> SECTIONS = List.of("lineage", "class-mix", "groups", "confidence", "errors",
            "trend", "timelines");

    private final RunReport report;
    private final List<String> classes;
    private final ReportCharts charts;
    private final StringBuilder html = new StringBuilder();

    private HtmlReport(RunReport report) {
        this.report = report;
        Set<String> labels = new LinkedHashSet<>();
        report.classMix().forEach(c -> labels.add(c.label()));
        report.classMixByGroup().values().forEach(l -> l.forEach(c -> labels.add(c.label())));
        report.trend().forEach(s -> labels.add(s.label()));
        report.confidence().keySet().forEach(labels::add);
        report.timelines().forEach(t -> t.points().forEach(p -> labels.addAll(p.probabilities().keySet())));
        this.classes = labels.stream().sorted().toList();
        this.charts = new ReportCharts(new ClassPalette(classes));
    }

    /** The page. */
    public static String render(RunReport report) {
        return new HtmlReport(report).page();
    }

    /** Writes the page to {@code file} (UTF-8), creating its folder. */
    public static void write(RunReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    private String page() {
        RunReport.Lineage l = report.lineage();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>emolake run ")
                .append(esc(l.runId())).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n")
                .append("<h1>emolake run <code>").append(esc(l.runId())).append("</code></h1>\n<p class=\"sub\">")
                .append(esc(l.modelName())).append(" · ").append(l.clipsOk()).append(" of ").append(l.clips())
                .append(" clips scored · ").append(l.clipsError()).append(" error rows · started ")
                .append(esc(l.startedAt())).append("</p>\n<nav>");
        for (String id : SECTIONS) {
            html.append("<a href=\"#").append(id).append("\">").append(TITLES.get(id)).append("</a> ");
        }
        html.append("</nav>\n");
        lineage(l);
        classMix();
        groups();
        confidence();
        errors();
        trend();
        timelines();
        html.append("</body></html>\n");
        return html.toString();
    }

    private void open(String id) {
        html.append("<section id=\"").append(id).append("\">\n<h2>").append(TITLES.get(id)).append("</h2>\n");
    }

    private void close() {
        html.append("</section>\n");
    }

    private void lineage(RunReport.Lineage l) {
        open("lineage");
        html.append("<table class=\"kv\">");
        row("run id", l.runId());
        row("run date", l.runDate());
        row("started", l.startedAt());
        row("model", l.modelName());
        row("model SHA-256", l.modelSha256());
        row("feature set", l.featureSet());
        row("manifest", l.manifest());
        row("lake", l.lake() + " (" + l.tableFormat() + ")");
        row("Spark master", l.sparkMaster());
        row("clips", String.format(Locale.ROOT, "%d (%d ok, %d errors, %d skipped as already scored)", l.clips(),
                l.clipsOk(), l.clipsError(), l.clipsSkipped()));
        row("audio", String.format(Locale.ROOT, "%.1f s", l.audioSeconds()));
        row("duration", String.format(Locale.ROOT, "%.1f s", l.wallSeconds()));
        row("throughput", String.format(Locale.ROOT, "%.2f clips/s, %.1f s of audio/s", l.clipsPerSecond(),
                l.wallSeconds() > 0 ? l.audioSeconds() / l.wallSeconds() : 0.0));
        html.append("</table>\n");
        close();
    }

    private void row(String key, String value) {
        html.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value == null ? "" : value))
                .append("</td></tr>");
    }

    private void classMix() {
        open("class-mix");
        List<RunReport.ClassCount> mix = report.classMix();
        if (mix.isEmpty()) {
            note("No clip of this run was scored.");
        } else {
            figure(charts.classCounts(mix, "Ok clips per class"));
            mixTable(mix);
        }
        close();
    }

    private void mixTable(List<RunReport.ClassCount> mix) {
        long total = mix.stream().mapToLong(RunReport.ClassCount::clips).sum();
        boolean seconds = mix.stream().anyMatch(c -> c.seconds() != null);
        double totalSeconds = mix.stream().filter(c -> c.seconds() != null).mapToDouble(RunReport.ClassCount::seconds)
                .sum();
        html.append("<table><tr><th>class</th><th class=\"n\">clips</th><th class=\"n\">share</th>");
        if (seconds) {
            html.append("<th class=\"n\">seconds</th><th class=\"n\">share of seconds</th>");
        }
        html.append("</tr>\n");
        for (RunReport.ClassCount c : mix) {
            html.append("<tr><td>").append(swatch(c.label())).append(esc(c.label())).append("</td><td class=\"n\">")
                    .append(c.clips()).append("</td><td class=\"n\">").append(percent(c.clips(), total))
                    .append("</td>");
            if (seconds) {
                html.append("<td class=\"n\">").append(c.seconds() == null ? "" : String.format(Locale.ROOT, "%.1f",
                        c.seconds())).append("</td><td class=\"n\">").append(c.seconds() == null ? ""
                        : percent(c.seconds(), totalSeconds)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void groups() {
        open("groups");
        if (report.groupColumn() == null) {
            note("No group column: give <code>--group-by COLUMN</code> (a manifest column) to compare groups.");
        } else if (report.classMixByGroup().isEmpty()) {
            note("No ok clip in any group of <code>" + esc(report.groupColumn()) + "</code>.");
        } else {
            Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
            report.classMixByGroup().forEach((group, mix) -> shares.put(group, shares(mix)));
            figure(charts.stackedShares(shares, classes, "Class mix by " + report.groupColumn(),
                    report.groupColumn()));
            html.append("<table><tr><th>").append(esc(report.groupColumn())).append("</th>");
            for (String c : classes) {
                html.append("<th class=\"n\">").append(swatch(c)).append(esc(c)).append("</th>");
            }
            html.append("<th class=\"n\">ok clips</th><th class=\"n\">seconds</th></tr>\n");
            report.classMixByGroup().forEach((group, mix) -> {
                long total = mix.stream().mapToLong(RunReport.ClassCount::clips).sum();
                double seconds = mix.stream().filter(c -> c.seconds() != null)
                        .mapToDouble(RunReport.ClassCount::seconds).sum();
                html.append("<tr><td>").append(esc(group)).append("</td>");
                for (String c : classes) {
                    long n = mix.stream().filter(m -> m.label().equals(c)).mapToLong(RunReport.ClassCount::clips).sum();
                    html.append("<td class=\"n\">").append(n).append(" (").append(percent(n, total)).append(")</td>");
                }
                html.append("<td class=\"n\">").append(total).append("</td><td class=\"n\">")
                        .append(String.format(Locale.ROOT, "%.1f", seconds)).append("</td></tr>\n");
            });
            html.append("</table>\n");
        }
        close();
    }

    private void confidence() {
        open("confidence");
        if (report.confidence().isEmpty()) {
            note("No clip of this run was scored.");
        } else {
            figure(charts.confidence(report.confidence()));
            note("Each line is one predicted class (its clip count in brackets); a class whose clips sit at low"
                    + " confidence is one the model is unsure of.");
        }
        close();
    }

    private void errors() {
        open("errors");
        if (report.errors().isEmpty()) {
            note("No error rows: every clip of this run was scored.");
        } else {
            figure(charts.errors(report.errors()));
            html.append("<table><tr><th>error code</th><th class=\"n\">clips</th><th>example files</th>"
                    + "<th>example message</th></tr>\n");
            for (RunReport.ErrorCount e : report.errors()) {
                html.append("<tr><td><code>").append(esc(e.code())).append("</code></td><td class=\"n\">")
                        .append(e.clips()).append("</td><td>");
                for (String p : e.examplePaths()) {
                    html.append("<div class=\"path\">").append(esc(p)).append("</div>");
                }
                html.append("</td><td>").append(esc(e.exampleMessage() == null ? "" : e.exampleMessage()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        close();
    }

    private void trend() {
        open("trend");
        if (report.trend().isEmpty()) {
            note("No run with scored clips to compare.");
        } else {
            Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
            for (RunReport.RunShare s : report.trend()) {
                shares.computeIfAbsent(s.runId(), k -> new LinkedHashMap<>()).put(s.label(), s.share());
            }
            figure(charts.stackedShares(shares, classes, "Class shares over the last " + shares.size()
                    + (shares.size() == 1 ? " run" : " runs"), "run (oldest first)"));
        }
        close();
    }

    private void timelines() {
        open("timelines");
        if (!report.hasSegments()) {
            note("This lake has no segments table: long recordings were not scored segment by segment.");
        } else if (report.timelines().isEmpty()) {
            note("No segmented recording in this run.");
        } else {
            note("The " + esc(report.timelineOrder()) + ", segment by segment: each band is a class's probability"
                    + " in the window centred at that time; grey is silence or a segment that failed.");
            for (RunReport.Timeline t : report.timelines()) {
                figure(charts.timeline(t, classes));
                html.append("<p class=\"path\">").append(esc(t.path())).append(" · clip_id ").append(esc(t.clipId()))
                        .append(String.format(Locale.ROOT,
                        " · %.1f s · %d segments", t.durationSeconds(), t.points().size())).append("</p>\n");
            }
        }
        close();
    }

    private static Map<String, Double> shares(List<RunReport.ClassCount> mix) {
        long total = mix.stream().mapToLong(RunReport.ClassCount::clips).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        mix.forEach(c -> shares.put(c.label(), total == 0 ? 0.0 : (double) c.clips() / total));
        return shares;
    }

    private void figure(ReportCharts.Image chart) {
        html.append("<figure><img width=\"").append(chart.width()).append("\" height=\"").append(chart.height())
                .append("\" alt=\"").append(esc(chart.description())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(chart.png())).append("\"></figure>\n");
    }

    private void note(String text) {
        html.append("<p class=\"note\">").append(text).append("</p>\n");
    }

    private String swatch(String label) {
        return "<span class=\"sw\" style=\"background:" + ClassPalette.hex(charts.colour(label)) + "\"></span>";
    }

    private static String percent(double part, double total) {
        return total == 0 ? "" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / total);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        List<String> titles = new ArrayList<>(List.of("Lineage", "Class mix", "Class mix per group",
                "Confidence", "Errors", "Trend across runs", "Emotion timelines"));
        for (int i = 0; i < SECTIONS.size(); i++) {
            TITLES.put(SECTIONS.get(i), titles.get(i));
        }
    }

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;\
            max-width:1100px;margin:24px auto;padding:0 16px}
            h1{font-size:24px;margin:0}h2{font-size:19px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
            .sub{color:#555;margin:4px 0 12px}nav a{margin-right:12px;color:#0072b2}
            table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eee;\
            text-align:left;vertical-align:top}th{font-weight:600}.n{text-align:right}
            table.kv th{color:#555;font-weight:500}figure{margin:8px 0}figure img{max-width:100%}
            .note{color:#555}.path{font-family:monospace;font-size:13px;color:#444;word-break:break-all}
            .sw{display:inline-block;width:11px;height:11px;margin-right:6px;border-radius:2px}
            code{font-size:13px}h1 code{font-size:inherit}
            """;
}
