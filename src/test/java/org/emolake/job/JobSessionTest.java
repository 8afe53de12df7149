package org.emolake.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the settings of {@link JobSession#configure} guarantee to the tasks of a session. */
class JobSessionTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = JobFixtures.session("local[1]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * A task loads classes from its executor's class path only, never over RPC from the driver (Spark's per-session
     * {@code ExecutorClassLoader}), so a library probing for an optional class gets ClassNotFoundException and
     * nothing else, however the driver or the task is doing.
     */
    @Test
    void tasksNeverFetchClassesFromTheDriver() {
        List<String> loaders = spark.range(2).repartition(2).mapPartitions((MapPartitionsFunction<Long, String>) rows ->
                List.of(Thread.currentThread().getContextClassLoader().getClass().getName()).iterator(),
                Encoders.STRING()).distinct().collectAsList();
        assertEquals(1, loaders.size(), loaders.toString());
        assertEquals("org.apache.spark.util.MutableURLClassLoader", loaders.get(0));
    }
}
