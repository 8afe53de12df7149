package org.emolake.job;

import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress line of a scoring run: clips done / total, errors, clips/s and ETA, printed to stderr every two
 * seconds. Finished tasks count through the accumulators' driver values; running tasks through the values their
 * executors report with each heartbeat (a SparkListener sees them).
 */
final class Progress extends SparkListener implements AutoCloseable {
    private final SparkSession spark;
    private final LongAccumulator done;
    private final LongAccumulator failed;
    private final long total;
    private final PrintStream err;
    private final String verb;
    private final long startNanos = System.nanoTime();
    /** taskId -> {done, failed} last reported by a running task. */
    private final Map<Long, long[]> running = new ConcurrentHashMap<>();
    /** {done, failed} of the tasks the listener has seen finish successfully (guarded by {@code running}). */
    private final long[] finished = new long[2];
    private final Thread printer;
    private volatile boolean stopped;

    Progress(SparkSession spark, LongAccumulator done, LongAccumulator failed, long total, PrintStream err,
            long intervalMillis) {
        this(spark, done, failed, total, err, intervalMillis, "scored");
    }

    /** {@code verb}: what happens to the clips ("scored", "extracted"). */
    Progress(SparkSession spark, LongAccumulator done, LongAccumulator failed, long total, PrintStream err,
            long intervalMillis, String verb) {
        this.spark = spark;
        this.verb = verb;
        this.done = done;
        this.failed = failed;
        this.total = total;
        this.err = err;
        spark.sparkContext().addSparkListener(this);
        printer = new Thread(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (!stopped) {
                    err.println(line());
                }
            }
        }, "emolake-progress");
        printer.setDaemon(true);
        printer.start();
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
                : CollectionConverters.asJava(update.accumUpdates())) {
            long taskId = (Long) task._1();
            synchronized (running) {
                long[] values = running.computeIfAbsent(taskId, id -> new long[2]);
                for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
                    if (info.update().isDefined() && info.update().get() instanceof Number n) {
                        if (info.id() == done.id()) {
                            values[0] = n.longValue();
                        } else if (info.id() == failed.id()) {
                            values[1] = n.longValue();
                        }
                    }
                }
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        synchronized (running) {
            running.remove(end.taskInfo().taskId());
            if (end.taskInfo().successful()) {
                for (AccumulableInfo info : CollectionConverters.asJava(end.taskInfo().accumulables())) {
                    if (info.update().isDefined() && info.update().get() instanceof Number n) {
                        if (info.id() == done.id()) {
                            finished[0] += n.longValue();
                        } else if (info.id() == failed.id()) {
                            finished[1] += n.longValue();
                        }
                    }
                }
            }
        }
    }

    /**
     * Two lower bounds, the larger one: the accumulators' driver values (finished tasks, merged by the scheduler
     * before the listener hears of the task's end) and what the listener has seen (finished tasks' final values
     * plus running tasks' last heartbeat values). Adding the driver values to the running values instead would
     * count a task twice in the moment between the merge and the listener event.
     */
    long[] counts() {
        long d;
        long f;
        synchronized (running) {
            d = finished[0];
            f = finished[1];
            for (long[] v : running.values()) {
                d += v[0];
                f += v[1];
            }
        }
        d = Math.max(d, done.value());
        f = Math.max(f, failed.value());
        return new long[] {Math.min(d, total), Math.min(f, total)};
    }

    String line() {
        long[] c = counts();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? c[0] / seconds : 0;
        String eta = rate > 0 && c[0] < total ? formatDuration((total - c[0]) / rate) : "-";
        return String.format("emolake: %d/%d clips %s (%.0f%%), %d errors, %.1f clips/s, ETA %s",
                c[0], total, verb, total == 0 ? 100.0 : 100.0 * c[0] / total, c[1], rate, eta);
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    @Override
    public void close() {
        stopped = true;
        printer.interrupt();
        spark.sparkContext().removeSparkListener(this);
    }
}
