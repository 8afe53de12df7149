package org.emolake.job;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application jar on the standalone test cluster with everything on S3 (S3Proxy on 127.0.0.1): spark-submit
 * of {@code manifest} over a bucket, then of {@code score} reading the audio, the manifest and the model bundle from
 * the bucket and writing an Iceberg lake there, catalogued in a JDBC database (SQLite) as a lake on an object store is
 * by default. S3A is configured as an operator would: credentials, endpoint and region only in the AWS environment
 * variables of spark-submit, path-style addressing as a Hadoop setting. The lake must hold the predictions the same
 * clips get on local paths.
 */
class S3StandaloneClusterIT {
    @TempDir
    static Path tmp;
    static StandaloneCluster cluster;
    static S3TestServer s3;

    @Test
    void theClusterScoresAnArchiveOnS3IntoALakeOnS3() throws Exception {
        s3 = S3TestServer.start(Files.createDirectories(tmp.resolve("s3")), "256m");
        s3.bucket("archive");
        Path local = StorageScenario.makeInputs(tmp.resolve("inputs"));
        // uploaded through S3A (not written into the backing folder): S3A's reads check the objects' ETags
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        s3.s3aSettings().forEach(conf::set);
        org.apache.hadoop.fs.FileSystem fs = new org.apache.hadoop.fs.Path("s3a://archive/").getFileSystem(conf);
        StorageScenario.put(fs, new org.apache.hadoop.fs.Path(local.resolve("archive").toUri()),
                new org.apache.hadoop.fs.Path("s3a://archive/clips"));
        StorageScenario.put(fs, new org.apache.hadoop.fs.Path(local.resolve("model").toUri()),
                new org.apache.hadoop.fs.Path("s3a://archive/models/v1"));

        cluster = StandaloneCluster.start(tmp, 2, "3g");
        // The reference run on local paths, in this JVM, while the cluster's child JVMs run (most of their time is
        // start-up, not computing).
        String localBase = new org.apache.hadoop.fs.Path(local.resolve("archive").toUri()).toString()
                .replaceAll("/$", "");
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<SparkSession> localRun = background.submit(() -> {
            SparkSession session = JobFixtures.session("local[2]");
            s3.s3aSettings().forEach(session.sparkContext().hadoopConfiguration()::set);
            StorageScenario.ok("manifest", "--root", localBase, "--output", tmp.resolve("manifest-local").toString());
            StorageScenario.ok("score", "--manifest", tmp.resolve("manifest-local").toString(), "--model-dir",
                    local.resolve("model").toString(), "--lake", tmp.resolve("lake-local").toString(),
                    "--table-format", "iceberg", "--run-id", "it", "--no-progress");
            return session;
        });
        background.shutdown();
        Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY, "AWS_ENDPOINT_URL", s3.endpoint,
                "AWS_REGION", "us-east-1");
        List<String> s3a = List.of("--conf", "spark.hadoop.fs.s3a.path.style.access=true");
        submit("manifest", environment, s3a, List.of("--root", "s3a://archive/clips", "--output",
                "s3a://archive/manifests/it"));
        String catalogUri = "jdbc:sqlite:" + tmp.resolve("catalog.sqlite");
        submit("score", environment, s3a, List.of("--manifest", "s3a://archive/manifests/it", "--model-dir",
                "s3a://archive/models/v1", "--lake", "s3a://archive/lake", "--table-format", "iceberg",
                "--catalog-uri", catalogUri, "--run-id", "it", "--no-progress"));
        assertFalse(Files.readString(cluster.log("score")).contains(S3TestServer.SECRET_KEY), "secret in the log");

        SparkSession spark = localRun(localRun);
        try {
            String query = "SELECT path, status, error_code, label, confidence, to_json(probabilities) FROM predictions";
            String onS3 = StorageScenario.ok("sql", "--lake", "s3a://archive/lake", "--catalog-uri", catalogUri,
                    "--format", "csv", query).out().replace("s3a://archive/clips", "<root>");
            String onDisk = StorageScenario.ok("sql", "--lake", tmp.resolve("lake-local").toString(), "--format",
                    "csv", query).out().replace(localBase, "<root>");
            assertEquals(sortedLines(onDisk), sortedLines(onS3));
            assertEquals(6, sortedLines(onS3).size(), onS3);
            String run = StorageScenario.ok("sql", "--lake", "s3a://archive/lake", "--catalog-uri", catalogUri,
                    "--format", "csv", "SELECT model_dir, spark_master FROM runs").out();
            assertTrue(run.contains("\ns3a://archive/models/v1,spark://127.0.0.1:"), run);
            assertTrue(Files.isDirectory(s3.dataDir.resolve("archive/lake/" + Lake.NAMESPACE + "/predictions/data")),
                    "the lake's Iceberg tables are in the bucket");
        } finally {
            spark.stop();
        }
    }

    /** The session of the local reference run, once the run is over; its failure as the test's. */
    private static SparkSession localRun(Future<SparkSession> run) throws Exception {
        try {
            return run.get(8, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    private void submit(String command, Map<String, String> environment, List<String> options, List<String> args)
            throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--class", "org.emolake.cli.Main", "--name",
                "emolake-s3-it", "--conf", "spark.executor.memory=2g", "--conf", "spark.executor.cores=2"));
        all.addAll(options);
        List<String> application = new java.util.ArrayList<>(List.of(command));
        application.addAll(args);
        Process p = cluster.submit("", all, application, environment, command);
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), command + " did not finish in 8 minutes:\n" + cluster.tail(command, 60));
        assertEquals(0, p.exitValue(), command + " failed:\n" + cluster.tail(command, 80) + "\nworker:\n"
                + cluster.tail("worker", 40) + "\ns3proxy:\n" + s3.tail(20));
    }

    private static List<String> sortedLines(String csv) {
        return csv.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
