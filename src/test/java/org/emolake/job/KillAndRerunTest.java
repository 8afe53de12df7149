package org.emolake.job;

import org.emolake.cli.ScoreCommand;
import org.emolake.scoring.SegmentGrid;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code emolake score} (org.emolake.cli.Main in a child JVM, embedded local[2] Spark) is killed
 * with SIGKILL in the middle of scoring; the Iceberg tables then hold exactly what they held before (no row of the
 * killed run, same snapshots), and running the same command again (same run id) leaves every manifest row exactly
 * once, and every segment of a long recording (scored by ranges of segments in several tasks) exactly once.
 */
class KillAndRerunTest {
    static final int CLIPS = 120;
    /** Per clip, in the child JVM's tasks: 120 clips on 2 cores take >= 7 s on any machine. */
    static final int SLOW_MILLIS = 120;
    /** A recording scored by segments: 3 ranges of up to 40 segments, spread over the run's tasks. */
    static final double LONG_SECONDS = 150;
    static final Pattern PROGRESS = Pattern.compile("emolake: (\\d+)/(\\d+) clips scored");
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = JobFixtures.session("local[2]");
        FaultInjectingFileSystem.register(spark.sparkContext().hadoopConfiguration());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aRunKilledWithSigkillLeavesNoTraceInTheTablesAndItsRerunHasEveryRowOnce() throws Exception {
        Path model = JobFixtures.modelDir(tmp);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < CLIPS; i++) {
            Path clip = JobFixtures.wav(tmp.resolve("clips/c" + i + ".wav"), 16000, 0.75, 120 + 7 * i, i);
            rows.add(RowFactory.create("faulty:" + clip, "spk" + (i % 4), i));
        }
        rows.add(RowFactory.create("faulty:" + tmp.resolve("clips/missing.wav"), "spk0", -1));
        Path recording = JobFixtures.wav(tmp.resolve("clips/long.wav"), 16000, LONG_SECONDS, 200, 99);
        rows.add(RowFactory.create("faulty:" + recording, "spk1", 999));
        String manifest = tmp.resolve("manifest").toString();
        spark.createDataFrame(rows, ScoreJobTest.MANIFEST).repartition(4).write().mode(SaveMode.Overwrite)
                .parquet(manifest);
        String before = tmp.resolve("manifest-before").toString();
        spark.createDataFrame(rows.subList(0, 3), ScoreJobTest.MANIFEST).write().mode(SaveMode.Overwrite)
                .parquet(before);
        String lakeDir = tmp.resolve("lake").toString();

        // An earlier run in the lake: the killed run must leave it, and every table, as they were.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, ScoreCommand.run(new String[] {"--manifest", before, "--model-dir", model.toString(),
            "--lake", lakeDir, "--run-id", "earlier"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
        Lake lake = Lake.open(spark, lakeDir, Lake.Format.ICEBERG);
        Map<String, Long> snapshotsBefore = currentSnapshots(lake);
        Map<String, Long> rowsBefore = rowCounts(lake);

        List<String> command = List.of("--manifest", manifest, "--model-dir", model.toString(), "--lake", lakeDir,
                "--run-id", "killed", "--partitions", "8", "--batch-size", "4");
        long t0 = System.nanoTime();
        Process first = startScore(command, tmp.resolve("first.log"));
        long done = -1;
        long total = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline && first.isAlive()) {
            Matcher m = PROGRESS.matcher(Files.readString(tmp.resolve("first.log")));
            while (m.find()) {
                done = Long.parseLong(m.group(1));
                total = Long.parseLong(m.group(2));
            }
            // 8 tasks of ~15 clips, 2 at a time: at 40 clips done at least one task has finished (its data file
            // is closed, uncommitted), and the run is at most half-way
            if (done >= 40) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(first.isAlive(), "the run ended before it could be killed:\n" + Files.readString(tmp.resolve("first.log")));
        assertTrue(done >= 40 && done < total, "progress " + done + "/" + total);
        double killedAfter = (System.nanoTime() - t0) / 1e9;
        first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "128 + SIGKILL");

        // Atomic commits: no table holds a row of the killed run; every table is at the snapshot it had before.
        lake = Lake.open(spark, lakeDir, Lake.Format.ICEBERG);
        refresh(lake);
        assertEquals(snapshotsBefore, currentSnapshots(lake));
        assertEquals(rowsBefore, rowCounts(lake));
        for (String table : Lake.ALL_TABLES) {
            if (lake.exists(table)) {
                assertEquals(0, lake.read(table).filter(col("run_id").equalTo(lit("killed"))).count(), table);
            }
        }
        assertEquals(Set.of(Lake.NAMESPACE), withoutLakeFiles(list(Path.of(tmp.resolve("lake").toString()))),
                "nothing in the lake folder but the namespace (and the lake's record and commit lock)");
        Path lakeRoot = tmp.resolve("lake").toRealPath();
        try (var walk = Files.walk(lakeRoot)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String rel = lakeRoot.relativize(f).toString();
                assertTrue(isLakeFile(rel)
                        || rel.matches(Lake.NAMESPACE
                                + "/(predictions|segments|class_summary|error_summary|runs)/(data|metadata)/.+"),
                        "a file outside the tables' data and metadata folders: " + rel);
            }
        }
        // The rows are written after the shuffle that gathers each recording's verdict from its ranges, so the kill
        // (at most half-way through scoring) comes before any data file: whatever exists is in no snapshot.
        Set<String> orphansAfterKill = orphans(lake);

        // The same command again.
        long t1 = System.nanoTime();
        Process second = startScore(command, tmp.resolve("second.log"));
        assertTrue(second.waitFor(240, TimeUnit.SECONDS), "rerun did not finish:\n" + Files.readString(tmp.resolve("second.log")));
        assertEquals(0, second.exitValue(), Files.readString(tmp.resolve("second.log")));
        double rerunSeconds = (System.nanoTime() - t1) / 1e9;
        refresh(lake);
        List<Row> scored = lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("killed")))
                .select("path", "status").collectAsList();
        Set<String> paths = new HashSet<>();
        int duplicates = 0;
        for (Row r : scored) {
            if (!paths.add(r.getString(0))) {
                duplicates++;
            }
        }
        Set<String> want = new HashSet<>();
        rows.forEach(r -> want.add(r.getString(0)));
        Set<String> lost = new TreeSet<>(want);
        lost.removeAll(paths);
        assertEquals(0, duplicates);
        assertEquals(Set.of(), lost);
        assertEquals(rows.size(), scored.size());
        assertEquals(CLIPS + 1, scored.stream().filter(r -> "ok".equals(r.getString(1))).count());
        // every segment of the long recording once: the grid of 3-s windows every 1.5 s over 150 s
        List<Row> segments = lake.read(Lake.SEGMENTS).filter(col("run_id").equalTo(lit("killed")))
                .select("path", "segment_index", "status").collectAsList();
        Set<Integer> indexes = new TreeSet<>();
        segments.forEach(r -> indexes.add(r.getInt(1)));
        int grid = new SegmentGrid(3.0, 1.5).count((long) (LONG_SECONDS * 16000), 16000);
        assertEquals(grid, segments.size(), "segment rows of the rerun");
        assertEquals(grid, indexes.size(), "distinct segments");
        assertTrue(segments.stream().allMatch(r -> r.getString(0).endsWith("long.wav") && "ok".equals(r.getString(2))));
        Row run = lake.read(Lake.RUNS).filter(col("run_id").equalTo(lit("killed"))).first();
        assertEquals((long) rows.size(), (long) run.<Long>getAs("clips"));
        assertEquals(1, lake.read(Lake.RUNS).filter(col("run_id").equalTo(lit("killed"))).count());
        assertEquals(3, lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("earlier"))).count());

        // What the killed attempt wrote before dying is in no snapshot: orphan files, removed by maintenance.
        Set<String> orphansAfterRerun = orphans(lake);
        assertTrue(orphansAfterRerun.containsAll(orphansAfterKill));
        long removed = 0;
        for (String table : Lake.TABLES) {
            Table t = Spark3Util.loadIcebergTable(spark, lake.sqlName(table));
            DeleteOrphanFiles.Result r = SparkActions.get(spark).deleteOrphanFiles(t)
                    .olderThan(System.currentTimeMillis() + 1000).execute();
            for (String ignored : r.orphanFileLocations()) {
                removed++;
            }
        }
        assertEquals(Set.of(), orphans(lake));
        assertEquals((long) rows.size(), lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("killed"))).count());
        System.out.printf("fault-test 5b iceberg: killed at %d/%d clips, %.1f s after the start (the rerun took"
                + " %.1f s); after the kill: %d rows of the run in the"
                + " tables, snapshots unchanged, %d orphan data files; after the rerun: rows in %d, rows out %d,"
                + " duplicates %d, lost %d; remove-orphan-files deleted %d files%n", done, total, killedAfter,
                rerunSeconds, 0,
                orphansAfterKill.size(), rows.size(), scored.size(), duplicates, lost.size(), removed);
    }

    /** org.emolake.cli.Main score in a child JVM on local[2], output to {@code log}. */
    static Process startScore(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1500m");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-XX:+IgnoreUnrecognized")
                    || a.startsWith("-Dio.netty")) {
                command.add(a);
            }
        }
        command.add("-Dspark.master=local[2]");
        command.add("-Dspark.local.dir=" + tmp.resolve("spark-local"));
        command.add("-Dspark.driver.host=127.0.0.1");
        command.add("-Dspark.driver.bindAddress=127.0.0.1");
        // clips are read through the test-only faulty: file system, slowed down so that the run can be killed
        command.add("-Dspark.hadoop.fs.faulty.impl=" + FaultInjectingFileSystem.class.getName());
        command.add("-Dspark.hadoop.fs.faulty.impl.disable.cache=true");
        command.add("-Dspark.hadoop.faulty.slow.every.millis=" + SLOW_MILLIS);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("org.emolake.cli.Main");
        command.add("score");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    static void refresh(Lake lake) {
        for (String table : Lake.TABLES) {
            if (lake.exists(table)) {
                spark.sql("REFRESH TABLE " + lake.sqlName(table));
            }
        }
    }

    static Map<String, Long> currentSnapshots(Lake lake) throws Exception {
        Map<String, Long> ids = new HashMap<>();
        for (String table : Lake.TABLES) {
            Table t = Spark3Util.loadIcebergTable(spark, lake.sqlName(table));
            t.refresh();
            ids.put(table, t.currentSnapshot().snapshotId());
        }
        return ids;
    }

    static Map<String, Long> rowCounts(Lake lake) {
        Map<String, Long> counts = new HashMap<>();
        for (String table : Lake.TABLES) {
            counts.put(table, lake.read(table).count());
        }
        return counts;
    }

    /** The lake's own files in its folder: its record ({@link LakeRecord}, with a checksum) and commit lock. */
    static boolean isLakeFile(String name) {
        return name.equals(LakeRecord.FILE) || name.equals("." + LakeRecord.FILE + ".crc")
                || name.equals(LocalCommitLock.FILE);
    }

    static Set<String> withoutLakeFiles(Set<String> names) {
        Set<String> rest = new TreeSet<>(names);
        rest.removeIf(KillAndRerunTest::isLakeFile);
        return rest;
    }

    static Set<String> list(Path dir) throws IOException {
        Set<String> names = new TreeSet<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /** Data files under the tables' data/ folders that no snapshot of the table references. */
    static Set<String> orphans(Lake lake) throws Exception {
        Set<String> orphans = new TreeSet<>();
        for (String table : Lake.TABLES) {
            Set<String> referenced = new HashSet<>();
            for (Row r : spark.sql("SELECT file_path FROM " + lake.sqlName(table) + ".all_files").collectAsList()) {
                referenced.add(new org.apache.hadoop.fs.Path(r.getString(0)).toUri().getPath());
            }
            org.apache.hadoop.fs.Path data = new org.apache.hadoop.fs.Path(lake.location(table) + "/data");
            FileSystem fs = data.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(data)) {
                continue;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(data, true);
            while (it.hasNext()) {
                String p = it.next().getPath().toUri().getPath();
                String name = p.substring(p.lastIndexOf(File.separatorChar) + 1);
                if (!name.startsWith(".") && !referenced.contains(p)) {
                    orphans.add(p);
                }
            }
        }
        assertFalse(orphans.stream().anyMatch(p -> !p.endsWith(".parquet")), orphans.toString());
        return orphans;
    }
}
