package org.emolake.training;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Held-out evaluation: accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix
 * (rows = true class, columns = predicted), with scikit-learn's conventions ({@code precision_recall_fscore_support},
 * zero_division → 0; macro-F1 = unweighted mean of the per-class F1 over all classes).
 */
public record Evaluation(List<String> labels, int[][] confusion, double accuracy, double macroF1,
                         double[] precision, double[] recall, double[] f1, int[] support) {

    public static Evaluation of(int[] truth, int[] predicted, List<String> labels) {
        int k = labels.size();
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        int[] support = new int[k];
        double f1Sum = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int predictedC = 0;
            for (int t = 0; t < k; t++) {
                predictedC += confusion[t][c];
                support[c] += confusion[c][t];
            }
            precision[c] = predictedC == 0 ? 0 : (double) tp / predictedC;
            recall[c] = support[c] == 0 ? 0 : (double) tp / support[c];
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            f1Sum += f1[c];
        }
        double accuracy = truth.length == 0 ? 0 : (double) correct / truth.length;
        return new Evaluation(List.copyOf(labels), confusion, accuracy, f1Sum / k, precision, recall, f1, support);
    }

    /** The content of metrics.json. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("split", "held-out test");
        out.put("rows", total());
        out.put("accuracy", accuracy);
        out.put("macro_f1", macroF1);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("precision", precision[c]);
            m.put("recall", recall[c]);
            m.put("f1", f1[c]);
            m.put("support", support[c]);
            perClass.put(labels.get(c), m);
        }
        out.put("per_class", perClass);
        out.put("labels", labels);
        out.put("confusion_matrix", confusion);
        out.put("confusion_matrix_axes", "rows: true class, columns: predicted class, in labels order");
        return out;
    }

    public int total() {
        int n = 0;
        for (int s : support) {
            n += s;
        }
        return n;
    }

    /** A console table: per-class precision/recall/F1/support, the totals, then the confusion matrix. */
    public String table() {
        int width = Math.max(9, labels.stream().mapToInt(String::length).max().orElse(0) + 1);
        StringBuilder b = new StringBuilder();
        String rowFormat = "%-" + width + "s %9s %9s %9s %8s%n";
        b.append(String.format(Locale.ROOT, rowFormat, "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < labels.size(); c++) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s %9.3f %9.3f %9.3f %8d%n",
                    labels.get(c), precision[c], recall[c], f1[c], support[c]));
        }
        b.append(String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9.3f %8d%n", "accuracy", "", "", accuracy, total()));
        b.append(String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9.3f %8d%n", "macro F1", "", "", macroF1, total()));
        b.append(String.format(Locale.ROOT, "%nconfusion matrix (rows: true, columns: predicted)%n"));
        b.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
        for (String label : labels) {
            b.append(String.format(Locale.ROOT, " %8.8s", label));
        }
        b.append(System.lineSeparator());
        for (int t = 0; t < labels.size(); t++) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(t)));
            for (int p = 0; p < labels.size(); p++) {
                b.append(String.format(Locale.ROOT, " %8d", confusion[t][p]));
            }
            b.append(System.lineSeparator());
        }
        return b.toString();
    }

    /** A PNG with the confusion-matrix heat map (left) and per-class precision/recall/F1 bars (right), drawn by XChart. */
    public void writeChart(Path png, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        HeatMapChart heat = new HeatMapChartBuilder().width(620).height(540)
                .title("Confusion matrix (" + title + ")").xAxisTitle("predicted").yAxisTitle("true").build();
        heat.getStyler().setPlotContentSize(1);
        heat.getStyler().setShowValue(true);
        heat.getStyler().setMin(0);
        heat.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        List<Number[]> cells = new ArrayList<>();
        int k = labels.size();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                // y runs bottom-up in XChart: put the first class on top
                cells.add(new Number[] {p, k - 1 - t, confusion[t][p]});
            }
        }
        List<String> yLabels = new ArrayList<>(labels);
        java.util.Collections.reverse(yLabels);
        heat.addSeries("count", labels, yLabels, cells);

        CategoryChart bars = new CategoryChartBuilder().width(620).height(540)
                .title(String.format(Locale.ROOT, "Per class (accuracy %.3f, macro-F1 %.3f)", accuracy, macroF1))
                .xAxisTitle("class").yAxisTitle("score").build();
        bars.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        bars.getStyler().setYAxisMin(0.0);
        bars.getStyler().setYAxisMax(1.1);
        bars.addSeries("precision", labels, toList(precision));
        bars.addSeries("recall", labels, toList(recall));
        bars.addSeries("F1", labels, toList(f1));

        BufferedImage left = BitmapEncoder.getBufferedImage(heat);
        BufferedImage right = BitmapEncoder.getBufferedImage(bars);
        BufferedImage image = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
