package org.emolake.job;

import org.emolake.cli.ScoreCommand;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application jar on a real Spark standalone cluster (a master and a worker in child JVMs on
 * 127.0.0.1, SPARK_HOME/jars = target/spark-jars), submitted as spark-submit does; the lake it writes must equal
 * the one local mode writes from the same manifest.
 */
class StandaloneClusterIT {
    @TempDir
    static Path tmp;
    static StandaloneCluster cluster;

    @Test
    void theClusterWritesTheLakeLocalModeWrites() throws Exception {
        // The clips, a manifest and the model, shared by both runs.
        Path clips = tmp.resolve("clips");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create(JobFixtures.clip(clips, "c" + i + ".wav", i).toString(), "spk" + (i % 2), i));
        }
        Files.writeString(clips.resolve("broken.wav"), "not audio");
        rows.add(RowFactory.create(clips.resolve("broken.wav").toString(), "spk0", 98));
        rows.add(RowFactory.create(clips.resolve("missing.wav").toString(), "spk1", 99));
        Path model = JobFixtures.modelDir(tmp);
        String manifest = tmp.resolve("manifest").toString();
        String localLake = tmp.resolve("lake-local").toString();
        String clusterLake = tmp.resolve("lake-cluster").toString();

        // A standalone master and worker, started while this JVM starts Spark and writes the manifest.
        CompletableFuture<StandaloneCluster> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return StandaloneCluster.start(tmp, 2, "3g");
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        SparkSession spark = JobFixtures.session("local[2]");
        Process submit;
        try {
            spark.createDataFrame(rows, ScoreJobTest.MANIFEST).write().mode(SaveMode.Overwrite).parquet(manifest);
            cluster = starting.join();

            // spark-submit, client mode, the packaged jar; the local-mode run meanwhile, in this JVM.
            submit = cluster.submit("", List.of("--class", "org.emolake.cli.ScoreCommand", "--name", "emolake-it",
                    "--conf", "spark.executor.memory=2g", "--conf", "spark.executor.cores=2"), List.of(
                    "--manifest", manifest, "--model-dir", model.toString(), "--lake", clusterLake, "--run-id", "it",
                    "--group-by", "speaker", "--batch-size", "5", "--partitions", "4"));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int local = ScoreCommand.run(new String[] {"--manifest", manifest, "--model-dir", model.toString(),
                "--lake", localLake, "--run-id", "it", "--group-by", "speaker", "--batch-size", "5"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, local, err.toString(StandardCharsets.UTF_8));
        } finally {
            spark.stop();
            if (cluster == null) {
                cluster = starting.exceptionally(e -> null).join();
            }
        }
        boolean finished = submit.waitFor(5, TimeUnit.MINUTES);
        assertTrue(finished, "spark-submit did not finish in 5 minutes:\n" + cluster.tail("submit", 60));
        assertEquals(0, submit.exitValue(), "spark-submit failed:\n" + cluster.tail("submit", 60) + "\nworker:\n"
                + cluster.tail("worker", 60));

        // Both lakes, read back in one local session.
        spark = JobFixtures.session("local[2]");
        try {
            Lake a = Lake.open(spark, localLake, Lake.Format.ICEBERG);
            Lake b = Lake.open(spark, clusterLake, Lake.Format.ICEBERG);
            String[] compared = {"clip_id", "path", "speaker", "take", "status", "error_code", "error_message",
                "label", "confidence", "probabilities", "duration_s", "source_sample_rate", "model_name",
                "model_sha256", "feature_set", "run_id", "run_date"};
            List<Row> local = sorted(a, Lake.PREDICTIONS, compared);
            List<Row> cluster = sorted(b, Lake.PREDICTIONS, compared);
            assertEquals(rows.size(), local.size());
            assertEquals(local.size(), cluster.size());
            for (int i = 0; i < local.size(); i++) {
                assertRowsEqual(local.get(i), cluster.get(i));
            }
            String[] summary = {"run_id", "speaker", "label", "clips"};
            assertEquals(sorted(a, Lake.CLASS_SUMMARY, summary), sorted(b, Lake.CLASS_SUMMARY, summary));
            String[] errors = {"run_id", "error_code", "clips", "example_path"};
            assertEquals(sorted(a, Lake.ERROR_SUMMARY, errors), sorted(b, Lake.ERROR_SUMMARY, errors));
            String[] runs = {"run_id", "clips", "clips_ok", "clips_error", "model_sha256"};
            assertEquals(sorted(a, Lake.RUNS, runs), sorted(b, Lake.RUNS, runs));
            assertTrue(b.read(Lake.RUNS).first().<String>getAs("spark_master").startsWith("spark://"));
        } finally {
            spark.stop();
        }
    }

    private static List<Row> sorted(Lake lake, String table, String[] columns) {
        return lake.read(table).select(Arrays.stream(columns).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
                .orderBy(Arrays.stream(columns).filter(c -> !c.equals("probabilities")).map(c -> col(c))
                        .toArray(org.apache.spark.sql.Column[]::new)).collectAsList();
    }

    private static void assertRowsEqual(Row want, Row got) {
        for (int i = 0; i < want.length(); i++) {
            Object w = want.get(i);
            Object g = got.get(i);
            if (w instanceof Double d) {
                assertEquals(d, (Double) g, 1e-6, want.schema().fields()[i].name());
            } else if (w instanceof scala.collection.Map<?, ?>) {
                Map<String, Double> wm = want.getJavaMap(i);
                Map<String, Double> gm = got.getJavaMap(i);
                assertEquals(wm.keySet(), gm.keySet());
                wm.forEach((k, v) -> assertEquals(v, gm.get(k), 1e-6));
            } else {
                assertEquals(w, g, want.schema().fields()[i].name());
            }
        }
    }

    /** Stops the children and whatever they started (the worker's executors), forcibly if need be. */
    @AfterAll
    static void stopChildren() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }
}
