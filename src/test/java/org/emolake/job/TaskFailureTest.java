package org.emolake.job;

import org.emolake.cli.ScoreCommand;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks that fail on their first attempt (an unchecked exception thrown inside the scoring task
 * by the test-only {@link FaultInjectingFileSystem}, after the task has already emitted rows) are retried
 * ({@code local[2,4]}: spark.task.maxFailures = 4) and the lake equals the one a clean run writes.
 */
class TaskFailureTest {
    static final int CLIPS = 16;
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path model;
    static String manifest;
    static final AtomicInteger failedTasks = new AtomicInteger();
    static final AtomicInteger succeededTasks = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        spark = JobFixtures.session("local[2,4]");
        FaultInjectingFileSystem.register(spark.sparkContext().hadoopConfiguration());
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                (end.reason() == Success$.MODULE$ ? succeededTasks : failedTasks).incrementAndGet();
            }
        });
        model = JobFixtures.modelDir(tmp);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < CLIPS; i++) {
            Path clip = JobFixtures.wav(tmp.resolve("clips/c" + i + ".wav"), 16000, 0.5 + (i % 2) * 0.25,
                    150 + 31 * i, i);
            rows.add(RowFactory.create("faulty:" + clip, "spk" + (i % 3), i));
        }
        rows.add(RowFactory.create("faulty:" + tmp.resolve("clips/missing.wav"), "spk0", 99));
        manifest = tmp.resolve("manifest").toString();
        spark.createDataFrame(rows, ScoreJobTest.MANIFEST).write().mode(SaveMode.Overwrite).parquet(manifest);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    static void score(String lake, String format) {
        // --segments never: no header pass, so the injected faults hit the scoring tasks only
        score(manifest, lake, format, "--partitions", "4", "--batch-size", "2", "--group-by", "speaker",
                "--segments", "never");
    }

    static void score(String manifest, String lake, String format, String... more) {
        List<String> args = new ArrayList<>(List.of("--manifest", manifest, "--model-dir", model.toString(), "--lake",
                lake, "--run-id", "faults", "--table-format", format));
        args.addAll(List.of(more));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScoreCommand.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A long recording is four work items (ranges of 40 segments) on two tasks; the first attempt of one task dies
     * after it scored its first range (its rows already went to the table writer) while opening its second: the
     * retry scores that task's ranges again, and each segment is in the segments table once, as in a clean run.
     */
    @ParameterizedTest
    @ValueSource(strings = {"iceberg", "parquet"})
    void aTaskThatDiesMidRecordingLeavesEachSegmentOnce(String format) throws Exception {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path call = JobFixtures.recording(tmp.resolve("long/call.wav"), 8000, 240, 170, 7);
        String longManifest = tmp.resolve("manifest-long").toString();
        spark.createDataFrame(List.of(RowFactory.create("faulty:" + call, "spk0", 0)), ScoreJobTest.MANIFEST)
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(longManifest);
        int count = JobFixtures.segmentCount(240L * 8000, 8000, 3.0, 1.5);
        String clean = tmp.resolve("lake-long-clean-" + format).toString();
        String faulty = tmp.resolve("lake-long-faulty-" + format).toString();
        score(longManifest, clean, format, "--partitions", "2", "--batch-size", "1");

        int failedBefore = failedTasks.get();
        int injectedBefore = FaultInjectingFileSystem.INJECTED.get();
        conf.set("faulty.fail.partitions", "1");
        conf.setInt("faulty.fail.after", 2); // a range looks the file up twice (status, open): dies at the second
        conf.setBoolean("faulty.fail.as.error", true);
        try {
            score(longManifest, faulty, format, "--partitions", "2", "--batch-size", "1");
        } finally {
            conf.set("faulty.fail.partitions", "");
            conf.setBoolean("faulty.fail.as.error", false);
        }
        assertEquals(1, FaultInjectingFileSystem.INJECTED.get() - injectedBefore);
        assertEquals(1, failedTasks.get() - failedBefore);

        Lake a = Lake.open(spark, clean, Lake.Format.parse(format));
        Lake b = Lake.open(spark, faulty, Lake.Format.parse(format));
        String[] compared = {"clip_id", "segment_index", "offset_s", "duration_s", "status", "label", "confidence",
            "rms_dbfs", "silent", "run_id"};
        List<Row> want = sorted(a, Lake.SEGMENTS, compared);
        List<Row> got = sorted(b, Lake.SEGMENTS, compared);
        assertEquals(count, want.size());
        assertEquals(want, got);
        assertEquals(count, new HashSet<>(got.stream().map(r -> r.getInt(1)).toList()).size(), "no segment twice");
        String[] verdict = {"clip_id", "status", "label", "confidence", "probabilities", "n_segments",
            "seconds_per_class", "scored_as"};
        assertEquals(sorted(a, Lake.PREDICTIONS, verdict), sorted(b, Lake.PREDICTIONS, verdict));
        assertEquals(referencedFiles(b), dataFiles(b));
        System.out.printf("fault-test 5a segments %s: %d segments of one recording in 4 ranges on 2 tasks, one"
                + " first attempt killed after its first range: segments out %d, distinct %d%n", format, count,
                got.size(), new HashSet<>(got.stream().map(r -> r.getInt(1)).toList()).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"iceberg", "parquet"})
    void firstAttemptFailuresAreRetriedAndTheLakeEqualsACleanRun(String format) throws Exception {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        String clean = tmp.resolve("lake-clean-" + format).toString();
        String faulty = tmp.resolve("lake-faulty-" + format).toString();
        score(clean, format);

        int failedBefore = failedTasks.get();
        int injectedBefore = FaultInjectingFileSystem.INJECTED.get();
        conf.set("faulty.fail.partitions", "1,3");
        conf.setInt("faulty.fail.after", 3); // after the first batch of 2 rows went to the table writer
        try {
            score(faulty, format);
        } finally {
            conf.set("faulty.fail.partitions", "");
        }
        int injected = FaultInjectingFileSystem.INJECTED.get() - injectedBefore;
        int failed = failedTasks.get() - failedBefore;
        assertEquals(2, injected, "one injected exception per listed partition's first attempt");
        assertEquals(2, failed, "the two first attempts failed, their retries succeeded");

        Lake a = Lake.open(spark, clean, Lake.Format.parse(format));
        Lake b = Lake.open(spark, faulty, Lake.Format.parse(format));
        String[] compared = {"clip_id", "path", "speaker", "take", "status", "error_code", "error_message", "label",
            "confidence", "probabilities", "duration_s", "source_sample_rate", "model_sha256", "run_id", "run_date"};
        List<Row> want = sorted(a, Lake.PREDICTIONS, compared);
        List<Row> got = sorted(b, Lake.PREDICTIONS, compared);
        assertEquals(CLIPS + 1, want.size());
        assertEquals(want, got);
        assertEquals(CLIPS + 1, new HashSet<>(got.stream().map(r -> r.getString(0)).toList()).size(),
                "no duplicate clip");
        String[] summary = {"run_id", "speaker", "label", "clips", "share", "mean_confidence"};
        assertEquals(sorted(a, Lake.CLASS_SUMMARY, summary), sorted(b, Lake.CLASS_SUMMARY, summary));
        String[] errors = {"run_id", "error_code", "clips", "example_path", "example_message"};
        assertEquals(sorted(a, Lake.ERROR_SUMMARY, errors), sorted(b, Lake.ERROR_SUMMARY, errors));
        String[] runs = {"run_id", "clips", "clips_ok", "clips_error", "model_sha256", "partitions"};
        assertEquals(sorted(a, Lake.RUNS, runs), sorted(b, Lake.RUNS, runs));

        // No file of a failed attempt stays in the lake: every data file on disk is one the tables reference.
        Set<String> onDisk = dataFiles(b);
        Set<String> referenced = referencedFiles(b);
        assertEquals(referenced, onDisk);
        System.out.printf("fault-test 5a %s: rows in %d, rows out %d, duplicates %d, lost %d, injected failures %d,"
                + " failed task attempts %d, data files on disk %d = referenced %d%n", format, CLIPS + 1, got.size(),
                got.size() - new HashSet<>(got.stream().map(r -> r.getString(0)).toList()).size(),
                CLIPS + 1 - got.size(), injected, failed, onDisk.size(), referenced.size());
    }

    static List<Row> sorted(Lake lake, String table, String[] columns) {
        return lake.read(table).select(Arrays.stream(columns).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
                .orderBy(Arrays.stream(columns).filter(c -> !c.equals("probabilities") && !c.equals("seconds_per_class"))
                        .map(c -> col(c))
                        .toArray(org.apache.spark.sql.Column[]::new)).collectAsList();
    }

    /** The Parquet data files under the lake's tables (Iceberg: their data/ folders), as file names. */
    static Set<String> dataFiles(Lake lake) throws IOException {
        Set<String> files = new HashSet<>();
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(lake.root());
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            FileStatus f = it.next();
            String p = f.getPath().toUri().getPath();
            if (p.endsWith(".parquet")) {
                files.add(f.getPath().getName());
            } else {
                // besides data: Iceberg metadata, Parquet _SUCCESS markers and checksums, nothing else
                assertTrue(p.contains("/metadata/") || f.getPath().getName().startsWith("_SUCCESS")
                        || f.getPath().getName().startsWith(".") || KillAndRerunTest.isLakeFile(f.getPath().getName()),
                        "unexpected file in the lake: " + p);
            }
            assertTrue(!p.contains("_temporary"), "left-over task output: " + p);
        }
        return files;
    }

    /** The data files the tables reference (Iceberg: the current snapshots; Parquet: what a read lists). */
    static Set<String> referencedFiles(Lake lake) {
        Set<String> files = new HashSet<>();
        for (String table : Lake.ALL_TABLES) {
            if (!lake.exists(table)) {
                continue;
            }
            List<Row> rows = lake.format() == Lake.Format.ICEBERG
                    ? spark.sql("SELECT file_path FROM " + lake.sqlName(table) + ".files").collectAsList()
                    : lake.read(table).select(org.apache.spark.sql.functions.input_file_name()).distinct().collectAsList();
            for (Row r : rows) {
                String p = r.getString(0);
                files.add(p.substring(p.lastIndexOf('/') + 1));
            }
        }
        return files;
    }
}
