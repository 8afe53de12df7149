package org.emolake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Wall and thread-CPU time per call of named stages, for the {@code main} harnesses of the benchmarks: warm-up rounds,
 * then {@code rounds} rounds in which each stage runs {@code calls} times in a row; prints the median (and minimum)
 * milliseconds per call over the rounds. Thread CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime()}) stays
 * meaningful on a shared, loaded machine where wall time does not.
 */
public final class StageTimer {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Results go here so that the JIT cannot drop the calls. */
    static volatile Object sink;

    /** A stage: one call, whose result is kept alive. */
    public interface Stage {
        Object run() throws Exception;
    }

    private final List<String> names = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();

    public StageTimer add(String name, Stage stage) {
        names.add(name);
        stages.add(stage);
        return this;
    }

    /** Median and minimum ms per call of every stage: {@code [stage][0: wall median, 1: wall min, 2: cpu median, 3: cpu min]}. */
    double[][] measure(int warmups, int rounds, int calls) throws Exception {
        int n = stages.size();
        double[][] wall = new double[n][rounds];
        double[][] cpu = new double[n][rounds];
        for (int w = 0; w < warmups; w++) {
            round(calls, new double[n], new double[n]);
        }
        double[] w = new double[n];
        double[] c = new double[n];
        for (int r = 0; r < rounds; r++) {
            round(calls, w, c);
            for (int k = 0; k < n; k++) {
                wall[k][r] = w[k];
                cpu[k][r] = c[k];
            }
        }
        double[][] out = new double[n][];
        for (int k = 0; k < n; k++) {
            out[k] = new double[] {median(wall[k]), min(wall[k]), median(cpu[k]), min(cpu[k])};
        }
        return out;
    }

    /** {@link #measure} and print a table under {@code title}. */
    public double[][] report(String title, int warmups, int rounds, int calls) throws Exception {
        double[][] m = measure(warmups, rounds, calls);
        System.out.printf(Locale.ROOT, "%s: %d rounds x %d calls, median ms per call (min in brackets)%n", title, rounds,
                calls);
        System.out.printf(Locale.ROOT, "%-22s %20s %20s%n", "stage", "wall", "thread cpu");
        for (int k = 0; k < m.length; k++) {
            System.out.printf(Locale.ROOT, "%-22s %10.3f (%7.3f) %10.3f (%7.3f)%n", names.get(k), m[k][0], m[k][1],
                    m[k][2], m[k][3]);
        }
        return m;
    }

    List<String> names() {
        return names;
    }

    private void round(int calls, double[] wall, double[] cpu) throws Exception {
        for (int k = 0; k < stages.size(); k++) {
            Stage stage = stages.get(k);
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink = stage.run();
            }
            wall[k] = (System.nanoTime() - w0) / 1e6 / calls;
            cpu[k] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / calls;
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }
}
