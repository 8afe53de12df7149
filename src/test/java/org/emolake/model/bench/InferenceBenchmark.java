package org.emolake.model.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import org.emolake.model.Fixtures;
import org.emolake.model.ModelBundle;
import org.emolake.model.Scorer;

/**
 * Rows per second of {@link Scorer#score} for batch sizes 1, 32, 256 and 1024, on one thread and on
 * every core (one scorer per thread), plus resident memory. Rows per CPU second counts only the
 * scoring threads' own CPU time (ND4J runs ops on the calling thread with OMP_NUM_THREADS=1), so it
 * stays comparable when other processes share the machine; GC and deallocator threads are not in it. Not a test; run as described in
 * docs/MODEL_BUNDLE.md, with OMP_NUM_THREADS=1. Optional argument: a bundle folder (default: the
 * 7-class test fixture). System properties for shorter runs: {@code emolake.bench.batches} (e.g. "256"),
 * {@code emolake.bench.threads} (e.g. "1,2"), {@code emolake.bench.seconds} (measured seconds per cell, default 5),
 * {@code emolake.bench.repeats} (measurements per cell, default 1), {@code emolake.bench.compare=true} (each cell
 * also measured, just before, with the network as imported: {@code emolake.model.tuning=off}).
 */
public final class InferenceBenchmark {

    private static final int[] BATCH_SIZES = ints(System.getProperty("emolake.bench.batches", "1,32,256,1024"));
    /** Thread counts; default 1 and every core. */
    private static final String THREAD_COUNTS = System.getProperty("emolake.bench.threads");
    /** Measurements per (threads, batch) cell, each printed, to show the spread on a shared machine. */
    private static final int REPEATS = Integer.getInteger("emolake.bench.repeats", 1);
    /** Also measure the network as imported (tuning off) right before the tuned one, cell by cell. */
    private static final boolean COMPARE = Boolean.getBoolean("emolake.bench.compare");
    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = (long) (Double.parseDouble(
            System.getProperty("emolake.bench.seconds", "5")) * 1e9);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private InferenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rssStart = rssKb();
        Path dir = args.length > 0 ? Path.of(args[0]) : Fixtures.keras7Bundle(Files.createTempDirectory("emolake-bench"));
        ModelBundle bundle = ModelBundle.load(dir);
        long rssLoaded = rssKb();
        ModelBundle baseline = null;
        if (COMPARE) {
            System.setProperty(ModelBundle.TUNING_PROPERTY, "off");
            baseline = ModelBundle.load(dir);
            System.clearProperty(ModelBundle.TUNING_PROPERTY);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "bundle %s, model sha256 %s, %d cores, OMP_NUM_THREADS=%s%n",
                dir, bundle.sha256(), cores, System.getenv("OMP_NUM_THREADS"));
        System.out.printf(Locale.ROOT, "RSS: JVM+natives started %d MB, bundle loaded %d MB%n",
                rssStart / 1024, rssLoaded / 1024);
        System.out.println("native: " + loadedLibrary("libnd4jcpu.so") + ", inference path: " + bundle.inferencePath());
        int[] threadCounts = THREAD_COUNTS != null ? ints(THREAD_COUNTS) : cores > 1 ? new int[] {1, cores} : new int[] {1};
        for (int threads : threadCounts) {
            for (int batch : BATCH_SIZES) {
                for (int repeat = 0; repeat < REPEATS; repeat++) {
                    if (baseline != null) {
                        double[] before = measure(baseline, threads, batch);
                        double[] after = measure(bundle, threads, batch);
                        System.out.printf(Locale.ROOT,
                                "threads %d  batch %4d  as imported %6.0f wall %6.0f CPU  |  %s %6.0f wall %6.0f CPU"
                                        + "  |  ratio %.2f wall %.2f CPU  RSS %d MB%n",
                                threads, batch, before[0], before[1], bundle.inferencePath(), after[0], after[1],
                                after[0] / before[0], after[1] / before[1], rssKb() / 1024);
                        continue;
                    }
                    double[] rates = measure(bundle, threads, batch);
                    System.out.printf(Locale.ROOT,
                            "threads %d  batch %4d  %6.0f rows/s wall  %6.0f rows per scoring-thread CPU second  RSS %d MB%n",
                            threads, batch, rates[0], rates[1], rssKb() / 1024);
                }
            }
        }
    }

    private static int[] ints(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /** The file a native library was loaded from (/proc/self/maps), e.g. which nd4j-native build JavaCPP chose. */
    static String loadedLibrary(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.endsWith("/" + name))
                .map(line -> line.substring(line.indexOf('/')))
                .findFirst().orElse(name + " not mapped");
    }

    private static double[] measure(ModelBundle bundle, int threads, int batch) throws Exception {
        AtomicLong rows = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        AtomicLong measureEnd = new AtomicLong();
        // The barrier action runs before any thread is released, so all of them see the deadline.
        CyclicBarrier warm = new CyclicBarrier(threads + 1, () -> measureEnd.set(System.nanoTime() + MEASURE_NANOS));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread worker = new Thread(() -> {
                Scorer scorer = bundle.newScorer();
                List<double[]> input = randomRows(batch, bundle.featureCount(), seed);
                try {
                    start.await();
                    long warmEnd = System.nanoTime() + WARMUP_NANOS;
                    while (System.nanoTime() < warmEnd) {
                        scorer.score(input);
                    }
                    warm.await();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    while (System.nanoTime() < measureEnd.get()) {
                        scorer.score(input);
                        rows.addAndGet(batch);
                    }
                    cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.await();
        warm.await();
        long began = measureEnd.get() - MEASURE_NANOS;
        for (Thread worker : workers) {
            worker.join();
        }
        return new double[] {rows.get() / ((System.nanoTime() - began) / 1e9), rows.get() / (cpuNanos.get() / 1e9)};
    }

    private static List<double[]> randomRows(int count, int features, int seed) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] row = new double[features];
            for (int j = 0; j < features; j++) {
                row[j] = random.nextGaussian();
            }
            rows.add(row);
        }
        return rows;
    }

    /** Resident set size of this process from /proc (Linux). */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
