package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A decoder that aborts the JVM on one clip does not sink a run: on a real standalone cluster (a master and a worker
 * in child JVMs on 127.0.0.1, one executor core), spark-submit of the packaged jar with a decoder plug-in that calls
 * libc {@code abort()} on one clip of the manifest. The worker starts a new executor after each crash; the retried
 * task's careful mode makes the killer clip a {@code DECODER_CRASHED} row and scores the others.
 */
class DecoderCrashIT {
    @TempDir
    static Path tmp;
    static StandaloneCluster cluster;

    @Test
    void aClipThatAbortsItsExecutorIsAnErrorRowAndTheRunSucceeds() throws Exception {
        Path pluginJar = pluginJar(tmp.resolve("aborting-decoder.jar"));

        Path clips = tmp.resolve("clips");
        List<Row> rows = new ArrayList<>();
        Set<String> good = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String path = JobFixtures.clip(clips, "c" + i + ".wav", i).toString();
            good.add(path);
            rows.add(RowFactory.create(path, "spk" + (i % 2), i));
        }
        Path killer = clips.resolve("killer.bin");
        Files.write(killer, (new String(AbortingDecoderPlugin.MAGIC, StandardCharsets.US_ASCII) + " and then some")
                .getBytes(StandardCharsets.US_ASCII));
        rows.add(2, RowFactory.create(killer.toString(), "spk0", 99));
        Path model = JobFixtures.modelDir(tmp);
        String manifest = tmp.resolve("manifest").toString();
        String lake = tmp.resolve("lake").toString();
        // The cluster starts while this JVM starts Spark to write the manifest.
        CompletableFuture<StandaloneCluster> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return StandaloneCluster.start(tmp, 1, "2g");
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        SparkSession spark = JobFixtures.session("local[1]");
        try {
            spark.createDataFrame(rows, ScoreJobTest.MANIFEST).coalesce(1).write().mode(SaveMode.Overwrite)
                    .parquet(manifest);
        } finally {
            spark.stop();
            cluster = starting.exceptionally(e -> null).join();
        }
        if (cluster == null) {
            starting.join();
        }

        long started = System.nanoTime();
        Process submit = cluster.submit("-XX:-CreateCoredumpOnCrash", List.of("--class",
                "org.emolake.cli.ScoreCommand", "--name", "emolake-decoder-crash-it", "--jars", pluginJar.toString(),
                "--conf", "spark.task.maxFailures=4", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.cores=1"), List.of(
                "--manifest", manifest, "--model-dir", model.toString(), "--lake", lake, "--run-id", "crash",
                "--batch-size", "4", "--partitions", "1"));
        boolean finished = submit.waitFor(4, TimeUnit.MINUTES);
        assertTrue(finished, "spark-submit did not finish in 4 minutes:\n" + cluster.tail("submit", 80));
        assertEquals(0, submit.exitValue(), "spark-submit failed:\n" + cluster.tail("submit", 80) + "\nworker:\n" + cluster.tail("worker", 80));
        double seconds = (System.nanoTime() - started) / 1e9;
        long aborted = Files.readAllLines(cluster.log("worker")).stream()
                .filter(l -> l.contains("exited with code 134")).count();
        System.out.printf("decoder crash run: %.1f s, executors aborted: %d%n", seconds, aborted);
        Files.readAllLines(cluster.log("submit")).stream()
                .filter(l -> l.matches(".*(Lost task|FetchFailed|Resubmitting|Lost executor).*"))
                .forEach(l -> System.out.println("  driver: " + l));
        assertEquals(CrashSightings.SIGHTINGS_TO_SKIP + 1, aborted,
                "one crash of the first attempt, then one per careful sighting:\n" + cluster.tail("worker", 80));

        spark = JobFixtures.session("local[1]");
        try {
            List<Row> predictions = Lake.open(spark, lake, Lake.Format.ICEBERG).read(Lake.PREDICTIONS)
                    .select(col("path"), col("status"), col("error_code"), col("error_message")).collectAsList();
            assertEquals(rows.size(), predictions.size(), "one row per manifest row, no duplicates: " + predictions);
            Set<String> paths = new HashSet<>();
            for (Row r : predictions) {
                String path = r.getString(0);
                assertTrue(paths.add(path), "duplicate row for " + path);
                if (good.contains(path)) {
                    assertEquals("ok", r.getString(1), r.toString());
                } else {
                    assertEquals(killer.toString(), path);
                    assertEquals("error", r.getString(1));
                    assertEquals("DECODER_CRASHED", r.getString(2));
                    assertTrue(r.getString(3).startsWith("Cannot decode " + killer + ":"), r.getString(3));
                }
            }
            assertEquals(rows.size(), paths.size());
        } finally {
            spark.stop();
        }
        assertFalse(Files.exists(tmp.resolve("lake/_emolake/inflight/crash")), "the run's in-flight markers remain");
    }

    /** The plug-in class and its service file, as a plug-in vendor would ship them. */
    private static Path pluginJar(Path jar) throws IOException {
        String classFile = AbortingDecoderPlugin.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                InputStream in = AbortingDecoderPlugin.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            in.transferTo(out);
            out.putNextEntry(new JarEntry("META-INF/services/org.emolake.audio.AudioDecoderPlugin"));
            out.write((AbortingDecoderPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** Stops the children and whatever they started (the worker's executors), forcibly if need be. */
    @AfterAll
    static void stopChildren() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }
}
