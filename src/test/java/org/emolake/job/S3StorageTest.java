package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Manifest, scoring, incremental rerun and SQL with audio, manifests, model bundle and lake in a bucket of a real S3
 * API server (S3Proxy on 127.0.0.1), through the command line, compared with the same run on local paths.
 */
class S3StorageTest {
    /** The lake's table format: Iceberg, catalogued in a JDBC database as every lake on an object store is. */
    static final String TABLE_FORMAT = "iceberg";

    @TempDir
    static java.nio.file.Path tmp;
    static S3TestServer s3;
    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestServer.start(Files.createDirectories(tmp.resolve("s3")), "256m");
        s3.bucket("archive");
        spark = JobFixtures.session("local[2]");
        s3.s3aSettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void scoringOnS3GivesTheRowsAndPredictionsOfTheSameRunOnLocalPaths() throws Exception {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        StorageScenario.assertSameAsLocal(tmp, conf, TABLE_FORMAT, "s3a://archive/emolake",
                "--catalog-uri", "jdbc:sqlite:" + tmp.resolve("catalog.sqlite"));
        assertTrue(Files.isDirectory(s3.dataDir.resolve("archive/emolake/lake/" + Lake.NAMESPACE
                + "/predictions/metadata")), "the lake's Iceberg tables are in the bucket");
        assertFalse(Files.exists(tmp.resolve("local/lake").resolve("s3a:")));
    }

    @Test
    void modelInspectReadsTheBundleFromS3() throws Exception {
        java.nio.file.Path inputs = StorageScenario.makeInputs(tmp.resolve("inspect"));
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        StorageScenario.put(new Path("s3a://archive/").getFileSystem(conf),
                new Path(inputs.resolve("model").toUri()), new Path("s3a://archive/inspect/model"));
        // model inspect runs without Spark: S3A is configured as a user would, through spark.hadoop.* properties
        s3.s3aSettings().forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
        try {
            StorageScenario.Out o = StorageScenario.ok("model", "inspect", "--model-dir", "s3a://archive/inspect/model");
            assertTrue(o.out().contains("Model bundle: s3a://archive/inspect/model"), o.out());
            assertTrue(o.out().contains("cnn_lstm_model.h5"), o.out());
            StorageScenario.Out missing = StorageScenario.main("model", "inspect", "--model-dir",
                    "s3a://archive/inspect/none");
            assertEquals(3, missing.exit(), missing.err());
            assertTrue(missing.err().contains("s3a://archive/inspect/none") && missing.err().contains("no such directory"),
                    missing.err());
        } finally {
            s3.s3aSettings().keySet().forEach(k -> System.clearProperty("spark.hadoop." + k));
        }
    }

    @Test
    void aSchemeWithoutFileSystemIsRefusedWithTheFix() {
        StorageScenario.Out o = StorageScenario.main("manifest", "--root", "s3://archive/emolake/archive", "--output",
                tmp.resolve("m").toString());
        assertEquals(3, o.exit(), o.err());
        assertTrue(o.err().contains("No Hadoop file system for scheme 's3'") && o.err().contains("use s3a://"),
                o.err());
    }
}
