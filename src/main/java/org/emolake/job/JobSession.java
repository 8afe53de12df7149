package org.emolake.job;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession a command runs on: the one already running in this JVM (tests, spark-submit) or a new one,
 * on {@code local[*]} unless {@code spark.master} is set (spark-submit sets it).
 */
public final class JobSession implements AutoCloseable {
    private final SparkSession spark;
    private final boolean owned;

    private JobSession(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    public static JobSession obtain(String appName, boolean verbose) {
        setLogLevel(verbose);
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isEmpty()) {
            active = SparkSession.getDefaultSession();
        }
        if (active.isDefined()) {
            return new JobSession(active.get(), false);
        }
        SparkSession.Builder builder = configure(SparkSession.builder().appName(appName), new SparkConf());
        SparkSession spark = builder.getOrCreate();
        // Starting the SparkContext under spark-submit re-initialises logging from Spark's INFO defaults.
        setLogLevel(verbose);
        return new JobSession(spark, true);
    }

    /**
     * The settings emolake needs on any session it runs on; a setting already given (spark-submit --conf,
     * spark-defaults.conf) wins.
     */
    static SparkSession.Builder configure(SparkSession.Builder builder, SparkConf given) {
        if (!given.contains("spark.master")) {
            builder.master("local[*]");
        }
        setIfAbsent(builder, given, "spark.ui.enabled", "false");
        setIfAbsent(builder, given, "spark.ui.showConsoleProgress", "false");
        // Running tasks report their accumulators with each heartbeat: this is what the progress line shows.
        setIfAbsent(builder, given, "spark.executor.heartbeatInterval", "2s");
        setIfAbsent(builder, given, "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        setIfAbsent(builder, given, "spark.sql.session.timeZone", "UTC");
        // emolake adds no artifacts to a session (its jars are the application's). With session isolation on, each
        // executor asks the driver over RPC for every class its own class path lacks, and when such a fetch fails
        // (a task being killed, a busy driver) Spark throws RemoteClassLoaderError, not ClassNotFoundException:
        // Iceberg's writer registry, probing for Flink's classes, then fails its static initialiser for the life of
        // that executor, and every later write task there fails.
        setIfAbsent(builder, given, "spark.sql.artifact.isolation.enabled", "false");
        Storage.sparkSettings(given, System.getenv()).forEach((key, value) -> setIfAbsent(builder, given, key, value));
        return builder;
    }

    private static void setIfAbsent(SparkSession.Builder builder, SparkConf given, String key, String value) {
        if (!given.contains(key)) {
            builder.config(key, value);
        }
    }

    /** Quiet by default (WARN), INFO with {@code --verbose}; our own messages go to the command's streams. */
    static void setLogLevel(boolean verbose) {
        try {
            Configurator.setRootLevel(verbose ? Level.INFO : Level.WARN);
        } catch (RuntimeException | LinkageError e) {
            // another logging backend: leave it as configured
        }
    }

    /** A session this command created and stops. */
    static JobSession owned(SparkSession spark) {
        return new JobSession(spark, true);
    }

    SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
