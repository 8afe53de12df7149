package org.emolake.deploy;

import org.apache.spark.deploy.SparkSubmitArguments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jobs/nightly-score.sh with DRY_RUN=1 for every kind of master: each printed command is split as a shell splits it
 * and parsed by Spark's own SparkSubmitArguments (which rejects unknown options and loads the properties file), then
 * checked against what the wrapper promises. Also the wrapper's own exit codes (2, 3), which need no Spark.
 */
class NightlyScoreDryRunTest {
    static final Path WRAPPER = Path.of("jobs/nightly-score.sh").toAbsolutePath();
    static final Path CONF = Path.of("jobs/nightly.conf").toAbsolutePath();
    static final Path LOG_CONFIG = Path.of("jobs/emolake-log4j2.properties").toAbsolutePath();
    static final String IMAGE_JAR = "local:///opt/emolake/emolake-spark.jar";
    static final String IMAGE_LOG_CONFIG = "/opt/emolake/jobs/emolake-log4j2.properties";

    @TempDir
    static Path tmp;
    static Path sparkHome;
    static Path jar;

    @BeforeAll
    static void installations() throws IOException {
        // A Spark installation as far as the wrapper looks at one (dry runs never start it).
        sparkHome = tmp.resolve("spark");
        Path submit = Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.writeString(tmp.resolve("emolake-spark.jar"), "");
    }

    @Test
    void localAndStandaloneRunInClientModeWithTheLogConfigOfThisHost() throws Exception {
        for (String master : List.of("local[2]", "spark://10.0.0.5:7077")) {
            List<SparkSubmitArguments> steps = dryRun(Map.of("MASTER", master, "SPARK_HOME", sparkHome.toString(),
                    "JAR", jar.toString()));
            for (SparkSubmitArguments step : steps) {
                assertEquals(master, step.master());
                assertEquals("client", step.deployMode());
                assertEquals(jar.toRealPath(), Path.of(URI.create(step.primaryResource())));
                assertEquals("-Dlog4j2.configurationFile=" + LOG_CONFIG,
                        step.sparkProperties().get("spark.driver.defaultJavaOptions").get());
                assertEquals("-Dlog4j2.configurationFile=" + LOG_CONFIG,
                        step.sparkProperties().get("spark.executor.defaultJavaOptions").get());
            }
            assertNightSteps(steps, "/data/emolake/lake/_manifests/nightly-2026-12-04");
        }
    }

    @Test
    void yarnShipsTheLogConfigWithTheContainersAndRunsTheImageWhenGiven() throws Exception {
        List<SparkSubmitArguments> client = dryRun(Map.of("MASTER", "yarn", "SPARK_HOME", sparkHome.toString(),
                "JAR", jar.toString()));
        for (SparkSubmitArguments step : client) {
            assertEquals("yarn", step.master());
            assertEquals("client", step.deployMode());
            assertTrue(step.files().endsWith(LOG_CONFIG.toString()), step.files());
            assertEquals("-Dlog4j2.configurationFile=" + LOG_CONFIG,
                    step.sparkProperties().get("spark.driver.defaultJavaOptions").get());
            assertEquals("-Dlog4j2.configurationFile=emolake-log4j2.properties",
                    step.sparkProperties().get("spark.executor.defaultJavaOptions").get());
            assertTrue(step.sparkProperties().get("spark.executorEnv.YARN_CONTAINER_RUNTIME_TYPE").isEmpty());
        }
        assertNightSteps(client, "/data/emolake/lake/_manifests/nightly-2026-12-04");

        List<SparkSubmitArguments> cluster = dryRun(Map.of("MASTER", "yarn", "SPARK_HOME", sparkHome.toString(),
                "JAR", jar.toString(), "DEPLOY_MODE", "cluster", "IMAGE", "registry.example.com/emolake:1.0"));
        for (SparkSubmitArguments step : cluster) {
            assertEquals("cluster", step.deployMode());
            assertEquals("-Dlog4j2.configurationFile=emolake-log4j2.properties",
                    step.sparkProperties().get("spark.driver.defaultJavaOptions").get());
            for (String env : List.of("spark.executorEnv", "spark.yarn.appMasterEnv")) {
                assertEquals("docker", step.sparkProperties().get(env + ".YARN_CONTAINER_RUNTIME_TYPE").get());
                assertEquals("registry.example.com/emolake:1.0",
                        step.sparkProperties().get(env + ".YARN_CONTAINER_RUNTIME_DOCKER_IMAGE").get());
            }
        }
        assertNightSteps(cluster, "/data/emolake/lake/_manifests/nightly-2026-12-04");
    }

    @Test
    void kubernetesRunsTheImagesJarAndLogConfig() throws Exception {
        for (String mode : List.of("cluster", "client")) {
            List<SparkSubmitArguments> steps = dryRun(Map.of("MASTER", "k8s://https://10.0.0.1:6443",
                    "SPARK_HOME", sparkHome.toString(), "DEPLOY_MODE", mode,
                    "IMAGE", "registry.example.com/emolake:1.0", "RUN_ID", "night-7",
                    "MANIFEST", "s3a://bucket/manifests/night-7"));
            for (SparkSubmitArguments step : steps) {
                assertEquals("k8s://https://10.0.0.1:6443", step.master());
                assertEquals(mode, step.deployMode());
                assertEquals(IMAGE_JAR, step.primaryResource());
                assertEquals("registry.example.com/emolake:1.0",
                        step.sparkProperties().get("spark.kubernetes.container.image").get());
                assertEquals("-Dlog4j2.configurationFile=" + IMAGE_LOG_CONFIG,
                        step.sparkProperties().get("spark.executor.defaultJavaOptions").get());
                assertEquals("-Dlog4j2.configurationFile=" + (mode.equals("cluster") ? IMAGE_LOG_CONFIG : LOG_CONFIG),
                        step.sparkProperties().get("spark.driver.defaultJavaOptions").get());
                assertTrue(step.name().endsWith(" night-7"), step.name());
            }
            assertNightSteps(steps, "s3a://bucket/manifests/night-7");
        }
    }

    @Test
    void theWrappersOwnExitCodes() throws Exception {
        Map<String, String> complete = new HashMap<>(common(Map.of("JAR", jar.toString())));
        complete.remove("DRY_RUN");

        Map<String, String> noMaster = new HashMap<>(complete);
        noMaster.remove("MASTER");
        assertWrapperExits(2, "set MASTER", noMaster);
        assertWrapperExits(2, "MASTER 'yarn-client' is none of", with(complete, "MASTER", "yarn-client"));
        Map<String, String> noArchive = new HashMap<>(complete);
        noArchive.remove("ARCHIVE");
        assertWrapperExits(2, "set ARCHIVE", noArchive);
        assertWrapperExits(2, "DEPLOY_MODE=cluster is for yarn and k8s", with(complete, "DEPLOY_MODE", "cluster"));
        assertWrapperExits(2, "set SPARK_HOME", with(complete, "MASTER", "yarn"));
        assertWrapperExits(2, "set IMAGE", with(with(complete, "MASTER", "k8s://https://10.0.0.1:6443"),
                "SPARK_HOME", sparkHome.toString()));
        assertWrapperExits(2, "RUN_ID may hold", with(complete, "RUN_ID", "night 1"));
        assertWrapperExits(3, "not found", with(complete, "JAR", tmp.resolve("missing.jar").toString()));
        assertWrapperExits(3, "CONF", with(complete, "CONF", tmp.resolve("missing.conf").toString()));
        assertWrapperExits(3, "spark-submit not found", with(complete, "SPARK_HOME", tmp.resolve("nowhere").toString()));
    }

    /** The two steps: tonight's manifest of ARCHIVE, then an incremental score of it with the extra options. */
    private static void assertNightSteps(List<SparkSubmitArguments> steps, String manifest) {
        assertEquals(2, steps.size());
        SparkSubmitArguments list = steps.get(0);
        SparkSubmitArguments score = steps.get(1);
        assertEquals("org.emolake.cli.ManifestCommand", list.mainClass());
        assertEquals(List.of("--root", "hdfs:///data/audio", "--output", manifest), childArgs(list));
        assertEquals("org.emolake.cli.ScoreCommand", score.mainClass());
        List<String> args = childArgs(score);
        assertEquals(manifest, args.get(args.indexOf("--manifest") + 1));
        assertEquals("/data/emolake/lake", args.get(args.indexOf("--lake") + 1));
        assertEquals("/opt/emolake/models/current", args.get(args.indexOf("--model-dir") + 1));
        assertTrue(args.contains("--incremental"), args.toString());
        assertEquals(List.of("--group-by", "speaker"), args.subList(args.size() - 2, args.size()));
        for (SparkSubmitArguments step : steps) {
            // jobs/nightly.conf was read: its sizing and the executors' own Java options.
            assertEquals("2g", step.sparkProperties().get("spark.executor.memory").get());
            assertTrue(step.sparkProperties().get("spark.executor.extraJavaOptions").get()
                    .contains("-Dorg.bytedeco.javacpp.maxbytes="));
            assertFalse(step.sparkProperties().contains("spark.sql.catalog.lake.warehouse"));
        }
    }

    private static List<String> childArgs(SparkSubmitArguments arguments) {
        return new ArrayList<>(CollectionConverters.asJava(arguments.childArgs()));
    }

    /** The wrapper's dry run with the common variables plus {@code variables}, each printed command parsed. */
    private static List<SparkSubmitArguments> dryRun(Map<String, String> variables) throws Exception {
        Run run = wrapper(common(variables), "--group-by", "speaker");
        assertEquals(0, run.exitCode, run.err);
        List<SparkSubmitArguments> parsed = new ArrayList<>();
        for (String line : run.out.split("\n")) {
            List<String> words = shellWords(line);
            int submit = words.indexOf(sparkHome.resolve("bin/spark-submit").toString());
            assertTrue(submit >= 0, "no spark-submit in " + line);
            Map<String, String> env = new HashMap<>(Map.of("HADOOP_CONF_DIR", tmp.toString()));
            parsed.add(new SparkSubmitArguments(
                    CollectionConverters.asScala(words.subList(submit + 1, words.size())).toList(),
                    scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(env))));
        }
        return parsed;
    }

    private static Map<String, String> common(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(Map.of("DRY_RUN", "1", "MASTER", "local[2]",
                "ARCHIVE", "hdfs:///data/audio", "LAKE", "/data/emolake/lake",
                "MODEL_DIR", "/opt/emolake/models/current", "RUN_ID", "nightly-2026-12-04"));
        all.putAll(variables);
        return all;
    }

    private static Map<String, String> with(Map<String, String> variables, String name, String value) {
        Map<String, String> changed = new HashMap<>(variables);
        changed.put(name, value);
        return changed;
    }

    private static void assertWrapperExits(int code, String message, Map<String, String> variables) throws Exception {
        Run run = wrapper(variables);
        assertEquals(code, run.exitCode, variables + "\n" + run.err);
        assertTrue(run.err.contains(message), run.err);
        assertTrue(run.out.isEmpty(), run.out);
    }

    /** A line split into words exactly as bash splits it (the operator pastes it into a shell). */
    private static List<String> shellWords(String line) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "eval \"words=($1)\"; printf '%s\\0' \"${words[@]}\"",
                "split", line);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String text = new String(out, StandardCharsets.UTF_8);
        return Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
    }

    private static Run wrapper(Map<String, String> variables, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", WRAPPER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        for (String name : List.of("MASTER", "ARCHIVE", "LAKE", "MODEL_DIR", "RUN_ID", "MANIFEST", "DEPLOY_MODE",
                "IMAGE", "SPARK_HOME", "CONF", "JAR", "LOG_CONFIG", "EXECUTOR_LOG_CONFIG", "DRY_RUN")) {
            pb.environment().remove(name);
        }
        pb.environment().putAll(variables);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {
    }
}
