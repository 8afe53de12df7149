package org.emolake.job;

import org.emolake.cli.ScoreCommand;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.emolake.scoring.ClipInput;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ScoringEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Speculative execution. Spark never speculates in local mode, and never runs a speculative copy
 * on a host that already runs an attempt of the task, so this test starts a standalone master and two workers on
 * two loopback addresses (127.0.0.1 and 127.0.0.2: two hosts to the scheduler) from the test class path, one
 * 1-core executor each, with this JVM as the driver. The first attempt of one scoring partition is slowed down
 * (test-only {@link FaultInjectingFileSystem}) so that a speculative copy really launches; the lake must hold every
 * manifest row exactly once, with the engine's own prediction.
 */
class SpeculationTest {
    static final int CLIPS = 16;
    @TempDir
    static Path tmp;
    static final ChildJvms processes = new ChildJvms();

    @Test
    void speculativeCopiesNeverDuplicateRows() throws Exception {
        Path model = JobFixtures.modelDir(tmp);
        List<Row> rows = new ArrayList<>();
        List<ClipInput> inputs = new ArrayList<>();
        for (int i = 0; i < CLIPS; i++) {
            Path clip = JobFixtures.wav(tmp.resolve("clips/c" + i + ".wav"), 16000, 0.5, 140 + 23 * i, i);
            rows.add(RowFactory.create("faulty:" + clip, "spk" + (i % 2), i));
            inputs.add(new ClipInput("faulty:" + clip, Files.readAllBytes(clip)));
        }
        Map<String, ClipOutcome> expected = new HashMap<>();
        ScoringEngine engine = ScoringEngine.forArtifacts(ScoringEngine.readArtifacts(model));
        List<ClipOutcome> outcomes = engine.score(inputs, false);
        for (int i = 0; i < CLIPS; i++) {
            expected.put(inputs.get(i).path(), outcomes.get(i));
        }

        // A fake SPARK_HOME whose jars/ is the test class path's jars (the worker builds executor class paths
        // from it); the compiled classes go through spark.executor.extraClassPath.
        Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars"));
        List<String> folders = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.createSymbolicLink(sparkHome.resolve(String.format("%03d-%s", n++, p.getFileName())), p);
            } else if (Files.isDirectory(p)) {
                folders.add(p.toAbsolutePath().toString());
            }
        }
        sparkHome = sparkHome.getParent();
        List<String> javaOptions = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-XX:+IgnoreUnrecognized")
                    || a.startsWith("-Dio.netty")) {
                javaOptions.add(a);
            }
        }

        int masterPort = freePort();
        int masterUi = freePort();
        String masterUrl = "spark://127.0.0.1:" + masterPort;
        start("master", "127.0.0.1", sparkHome, classPath, javaOptions, List.of("org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", "" + masterPort, "--webui-port", "" + masterUi));
        for (String host : List.of("127.0.0.1", "127.0.0.2")) {
            start("worker-" + host, host, sparkHome, classPath, javaOptions, List.of(
                    "org.apache.spark.deploy.worker.Worker", "--host", host, "--port", "" + freePort(),
                    "--webui-port", "" + freePort(), "--cores", "1", "--memory", "1600m",
                    "--work-dir", tmp.resolve("work-" + host).toString(), masterUrl));
        }
        awaitWorkers(masterUi, 2);

        String manifest = tmp.resolve("manifest").toString();
        AtomicInteger speculativeStarted = new AtomicInteger();
        AtomicInteger speculativeEnded = new AtomicInteger();
        List<String> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        JobSession.setLogLevel(false);
        SparkSession spark = JobSession.configure(SparkSession.builder().appName("emolake-speculation"),
                        new org.apache.spark.SparkConf())
                .master(masterUrl)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.memory", "1g")
                .config("spark.executor.cores", "1")
                .config("spark.cores.max", "2")
                .config("spark.executor.extraClassPath", String.join(java.io.File.pathSeparator, folders))
                .config("spark.executor.extraJavaOptions", String.join(" ", javaOptions))
                .config("spark.executorEnv.OMP_NUM_THREADS", "1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.speculation", "true")
                .config("spark.speculation.interval", "100ms")
                .config("spark.speculation.quantile", "0.5")
                .config("spark.speculation.multiplier", "1.2")
                .config("spark.speculation.minTaskRuntime", "500ms")
                .config("spark.speculation.efficiency.enabled", "false")
                .getOrCreate();
        try {
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart s) {
                    if (s.taskInfo().speculative()) {
                        speculativeStarted.incrementAndGet();
                    }
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd e) {
                    attempts.add("stage " + e.stageId() + " partition " + e.taskInfo().partitionId() + " attempt "
                            + e.taskInfo().attemptNumber() + " on " + e.taskInfo().host()
                            + (e.taskInfo().speculative() ? " (speculative)" : "") + ": " + e.reason());
                    if (e.taskInfo().speculative()) {
                        speculativeEnded.incrementAndGet();
                    }
                }
            });
            org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
            FaultInjectingFileSystem.register(conf);
            spark.createDataFrame(rows, ScoreJobTest.MANIFEST).write().mode(SaveMode.Overwrite).parquet(manifest);
            // the first attempt of scoring partition 0 sleeps 1.5 s per clip (4 clips, ~6 s); the others take ~1-2 s
            conf.set("faulty.slow.partitions", "0");
            conf.setLong("faulty.slow.millis", 1500);

            StringBuilder figures = new StringBuilder();
            for (String format : List.of("iceberg", "parquet")) {
                int before = speculativeStarted.get();
                attempts.clear();
                String lakeDir = tmp.resolve("lake-" + format).toString();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int exit = ScoreCommand.run(new String[] {"--manifest", manifest, "--model-dir", model.toString(),
                    "--lake", lakeDir, "--run-id", "spec", "--table-format", format, "--partitions", "4",
                    "--batch-size", "2"}, new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
                int speculative = speculativeStarted.get() - before;
                assertTrue(speculative >= 1, "no speculative task launched:\n" + String.join("\n", attempts));

                Lake lake = Lake.open(spark, lakeDir, Lake.Format.parse(format));
                List<Row> scored = lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("spec")))
                        .select("path", "status", "label", "confidence").collectAsList();
                Set<String> paths = new HashSet<>();
                int duplicates = 0;
                for (Row r : scored) {
                    if (!paths.add(r.getString(0))) {
                        duplicates++;
                    }
                    ClipOutcome want = expected.get(r.getString(0));
                    assertEquals(want.status(), r.getString(1));
                    assertEquals(want.label(), r.getString(2));
                    assertEquals(want.confidence(), r.getDouble(3), 1e-4); // float32 model, other batch make-up
                }
                int lost = (int) expected.keySet().stream().filter(p -> !paths.contains(p)).count();
                assertEquals(0, duplicates);
                assertEquals(0, lost);
                assertEquals(CLIPS, scored.size());
                Row run = lake.read(Lake.RUNS).filter(col("run_id").equalTo(lit("spec"))).first();
                assertEquals((long) CLIPS, (long) run.<Long>getAs("clips_ok"));
                long strays = strayDataFiles(spark, lake);
                figures.append(String.format("fault-test 5c %s: rows in %d, rows out %d, duplicates %d, lost %d,"
                        + " speculative attempts %d, data files in no snapshot %d%n%s%n", format, CLIPS,
                        scored.size(), duplicates, lost, speculative, strays, String.join("\n", attempts.stream()
                                .filter(a -> a.contains("(speculative)") || a.contains("partition 0 ")).toList())));
            }
            System.out.print(figures);
        } finally {
            spark.stop();
        }
    }

    /** Parquet files under the lake that the tables do not reference. */
    static long strayDataFiles(SparkSession spark, Lake lake) throws IOException {
        Set<String> referenced = new HashSet<>();
        for (String table : Lake.TABLES) {
            if (!lake.exists(table)) {
                continue; // a Parquet run without errors writes no error_summary
            }
            List<Row> files = lake.format() == Lake.Format.ICEBERG
                    ? spark.sql("SELECT file_path FROM " + lake.sqlName(table) + ".all_files").collectAsList()
                    : lake.read(table).select(org.apache.spark.sql.functions.input_file_name()).distinct().collectAsList();
            for (Row r : files) {
                referenced.add(URI.create(r.getString(0)).getPath());
            }
        }
        long strays = 0;
        try (var walk = Files.walk(Path.of(URI.create(lake.root())))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                assertTrue(!p.toString().contains("_temporary"), "left-over task output " + p);
                if (p.toString().endsWith(".parquet") && !referenced.contains(p.toString())) {
                    strays++;
                }
            }
        }
        return strays;
    }

    private static void start(String name, String host, Path sparkHome, String classPath, List<String> javaOptions,
            List<String> main) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(javaOptions);
        command.add("-cp");
        command.add(classPath);
        command.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", host);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve(name + ".log").toFile());
        processes.add(pb.start());
    }

    private static void awaitWorkers(int masterUi, int workers) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi
                        + "/json/")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                body = r.body();
                if (r.statusCode() == 200 && body.matches("(?s).*\"aliveworkers\"\\s*:\\s*" + workers + "\\b.*")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the workers did not register in 90 s: " + body + "\n" + tail("worker-127.0.0.2"));
    }

    private static int freePort() throws IOException {
        return ChildJvms.freePort();
    }

    private static String tail(String name) {
        return ChildJvms.tail(tmp.resolve(name + ".log"), 40);
    }

    /** Stops the master, the workers and their executors, forcibly if need be. */
    @AfterAll
    static void stopChildren() throws InterruptedException {
        processes.stopAll();
    }
}
