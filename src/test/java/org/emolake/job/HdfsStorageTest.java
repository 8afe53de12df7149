package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Manifest, scoring, incremental rerun and SQL with audio, manifests, model bundle and an Iceberg lake on a real
 * in-process HDFS (MiniDFSCluster: a name node and a data node on 127.0.0.1), through the command line, compared with
 * the same run on local paths.
 */
class HdfsStorageTest {
    /** The lake's table format on HDFS: Iceberg's Hadoop catalog is safe there (HDFS renames are atomic). */
    static final String TABLE_FORMAT = "iceberg";

    @TempDir
    static java.nio.file.Path tmp;
    static MiniDFSCluster hdfs;
    static SparkSession spark;
    static String namenode;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.hostname", "127.0.0.1");
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        namenode = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        spark = JobFixtures.session("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void scoringOnHdfsGivesTheRowsAndPredictionsOfTheSameRunOnLocalPaths() throws Exception {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        StorageScenario.assertSameAsLocal(tmp, conf, TABLE_FORMAT, namenode + "/emolake");
        FileSystem fs = new Path(namenode).getFileSystem(conf);
        assertTrue(fs.exists(new Path(namenode + "/emolake/lake/emolake/predictions/metadata")), "the lake is on HDFS");
    }

    @Test
    void modelInspectKeepsAnHdfsUriWhole() throws Exception {
        java.nio.file.Path inputs = StorageScenario.makeInputs(tmp.resolve("inspect"));
        FileSystem fs = new Path(namenode).getFileSystem(spark.sparkContext().hadoopConfiguration());
        StorageScenario.put(fs, new Path(inputs.resolve("model").toUri()), new Path(namenode + "/models/inspect"));
        StorageScenario.Out o = StorageScenario.ok("model", "inspect", "--model-dir", namenode + "/models/inspect");
        assertTrue(o.out().contains("Model bundle: " + namenode + "/models/inspect\n"), o.out());
        assertTrue(o.out().contains("cnn_lstm_model.h5"), o.out());

        String fileUri = inputs.resolve("model").toUri().toString();
        assertTrue(fileUri.startsWith("file:///"), fileUri);
        StorageScenario.Out local = StorageScenario.ok("model", "inspect", "--model-dir", fileUri);
        assertEquals(o.out().substring(o.out().indexOf('\n')), local.out().substring(local.out().indexOf('\n')));
    }
}
