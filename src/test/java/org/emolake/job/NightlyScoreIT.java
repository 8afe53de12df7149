package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jobs/nightly-score.sh as an operator runs it, with MASTER = a real standalone cluster on 127.0.0.1 and
 * jobs/nightly.conf (sized down for the test's worker): two nights over a growing archive, then a night whose
 * archive is gone. Checks the exit codes, the lake, that the second night scores only the new files, and that the
 * driver's and the executors' logs hold warnings and the progress line, not Spark's INFO log.
 */
class NightlyScoreIT {
    static final Path PROJECT = StandaloneCluster.TARGET.getParent();
    /** A log4j2 line at INFO (or finer), as the PatternLayouts of Spark and of jobs/ write them. */
    static final Pattern INFO_LINE = Pattern.compile("(?m)^\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d (INFO|DEBUG|TRACE) ");
    static final Pattern PROGRESS_LINE = Pattern.compile("(?m)^emolake: \\d+/\\d+ clips scored \\(\\d+%\\)");

    @TempDir
    static Path tmp;
    static StandaloneCluster cluster;

    @Test
    void twoNightsOnAStandaloneClusterThenAMissingArchive() throws Exception {
        Path archive = Files.createDirectories(tmp.resolve("archive"));
        Set<String> firstNight = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            firstNight.add(JobFixtures.clip(archive, "night1-" + i + ".wav", i).getFileName().toString());
        }
        Path model = JobFixtures.modelDir(tmp);
        Path lake = tmp.resolve("lake");
        Path conf = testConf();
        cluster = StandaloneCluster.start(tmp, 2, "3g");

        Night one = night(Map.of("MASTER", cluster.masterUrl, "ARCHIVE", archive.toString(), "LAKE", lake.toString(),
                "MODEL_DIR", model.toString(), "RUN_ID", "night-1", "CONF", conf.toString()));
        assertEquals(0, one.exitCode, one.describe());
        assertTrue(one.out.contains("3 audio files under " + archive), one.describe());
        assertTrue(one.out.contains("run night-1 ("), one.describe());
        assertTrue(one.out.contains("3 clips scored, 3 ok, 0 errors"), one.describe());
        assertTrue(PROGRESS_LINE.matcher(one.err).find(), one.describe());
        assertNoInfoLog(one);

        Set<String> secondNight = new TreeSet<>();
        for (int i = 3; i < 5; i++) {
            secondNight.add(JobFixtures.clip(archive, "night2-" + i + ".wav", i).getFileName().toString());
        }
        Night two = night(Map.of("MASTER", cluster.masterUrl, "ARCHIVE", archive.toString(), "LAKE", lake.toString(),
                "MODEL_DIR", model.toString(), "RUN_ID", "night-2", "CONF", conf.toString()));
        assertEquals(0, two.exitCode, two.describe());
        assertTrue(two.out.contains("5 audio files under " + archive), two.describe());
        assertTrue(two.out.contains("2 clips scored, 2 ok, 0 errors, 3 skipped"), two.describe());
        assertNoInfoLog(two);

        // A night whose archive cannot be listed: the manifest step refuses it (3) and nothing is scored.
        Night three = night(Map.of("MASTER", cluster.masterUrl, "ARCHIVE", tmp.resolve("gone").toString(),
                "LAKE", lake.toString(), "MODEL_DIR", model.toString(), "RUN_ID", "night-3",
                "CONF", conf.toString()));
        assertEquals(3, three.exitCode, three.describe());
        assertTrue(three.err.contains("does not exist"), three.describe());
        assertTrue(three.err.contains("nightly-score: manifest failed (exit 3)"), three.describe());
        assertFalse(three.err.contains("nightly-score: score"), three.describe());

        cluster.close();
        SparkSession spark = JobFixtures.session("local[1]");
        try {
            Lake read = Lake.open(spark, lake.toString(), Lake.Format.ICEBERG);
            assertEquals(firstNight, paths(read, "night-1"));
            assertEquals(secondNight, paths(read, "night-2"));
            Map<String, Row> runs = read.read(Lake.RUNS).collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.<String>getAs("run_id"), r -> r));
            assertEquals(Set.of("night-1", "night-2"), runs.keySet());
            Row second = runs.get("night-2");
            assertEquals(2L, second.<Long>getAs("clips"));
            assertEquals(3L, second.<Long>getAs("clips_skipped"));
            assertEquals(true, second.<Boolean>getAs("incremental"));
            assertTrue(second.<String>getAs("spark_master").startsWith("spark://127.0.0.1:"));
            assertTrue(second.<String>getAs("manifest").endsWith("/_manifests/night-2"),
                    second.<String>getAs("manifest"));
        } finally {
            spark.stop();
        }
    }

    /** Driver and executors (every executor's stderr so far) at WARN. */
    private static void assertNoInfoLog(Night night) throws IOException {
        assertFalse(INFO_LINE.matcher(night.err).find(), night.describe());
        List<Path> executorLogs;
        try (Stream<Path> files = Files.walk(tmp.resolve("work"))) {
            executorLogs = files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
        }
        assertFalse(executorLogs.isEmpty(), "no executor ran");
        for (Path log : executorLogs) {
            String text = Files.readString(log);
            assertFalse(INFO_LINE.matcher(text).find(), log + ":\n" + text);
        }
    }

    private static Set<String> paths(Lake lake, String runId) {
        return lake.read(Lake.PREDICTIONS).where("run_id = '" + runId + "'").select("path").collectAsList().stream()
                .map(r -> r.getString(0).substring(r.getString(0).lastIndexOf('/') + 1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * jobs/nightly.conf with the sizing the test's worker can hold and the driver on 127.0.0.1: later lines of a
     * properties file override earlier ones.
     */
    private static Path testConf() throws IOException {
        String overrides = String.join("\n", "",
                "spark.executor.cores 2",
                "spark.executor.memory 1g",
                "spark.driver.memory 1g",
                "spark.driver.host 127.0.0.1",
                "spark.driver.bindAddress 127.0.0.1",
                "spark.ui.enabled false",
                "spark.executor.heartbeatInterval 1s", "");
        Path conf = tmp.resolve("nightly-test.conf");
        Files.writeString(conf, Files.readString(PROJECT.resolve("jobs/nightly.conf")) + overrides);
        return conf;
    }

    /** One run of the wrapper with the given variables (and no SPARK_HOME: the Spark jars mvn package copied). */
    private static Night night(Map<String, String> variables) throws Exception {
        String runId = variables.get("RUN_ID");
        Path out = tmp.resolve(runId + ".out");
        Path err = tmp.resolve(runId + ".err");
        List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("jobs/nightly-score.sh").toString()));
        command.addAll(List.of("--batch-size", "2"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(variables);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        try {
            if (!p.waitFor(8, TimeUnit.MINUTES)) {
                throw new AssertionError("the wrapper did not finish in 8 minutes:\n" + ChildJvms.tail(err, 60));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Night(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Night(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }
}
