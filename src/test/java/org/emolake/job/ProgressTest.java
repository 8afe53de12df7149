package org.emolake.job;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress line follows running tasks (heartbeats), not only finished ones. */
class ProgressTest {
    @Test
    void countsClipsOfRunningTasks() throws Exception {
        SparkSession spark = JobFixtures.session("local[1]");
        try {
            LongAccumulator done = spark.sparkContext().longAccumulator("emolake.clips");
            LongAccumulator failed = spark.sparkContext().longAccumulator("emolake.errors");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            AtomicLong seenWhileRunning = new AtomicLong();
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                items.add(i);
            }
            try (Progress progress = new Progress(spark, done, failed, 60, new PrintStream(err, true,
                    StandardCharsets.UTF_8), 500)) {
                Thread watcher = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        long[] c = progress.counts();
                        if (c[0] > 0 && c[0] < 60) {
                            seenWhileRunning.set(c[0]);
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                watcher.start();
                long n = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(items, 1).map(i -> {
                    Thread.sleep(100);
                    done.add(1);
                    if (i % 10 == 0) {
                        failed.add(1);
                    }
                    return i;
                }).count();
                watcher.interrupt();
                assertEquals(60, n);
                assertEquals(60, progress.counts()[0]);
                assertEquals(6, progress.counts()[1]);
            }
            assertTrue(seenWhileRunning.get() > 0, "no progress seen while the only task ran:\n"
                    + err.toString(StandardCharsets.UTF_8));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("clips scored"));
        } finally {
            spark.stop();
        }
    }
}
