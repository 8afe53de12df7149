package org.emolake.job;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster for integration tests: a master and one worker in child JVMs on 127.0.0.1, with
 * SPARK_HOME/jars = target/spark-jars, and spark-submit of the packaged application jar in client mode. Each child
 * logs to {@code <dir>/<name>.log}; {@link #close()} stops them and whatever they started (the executors).
 */
final class StandaloneCluster implements AutoCloseable {
    static final Path TARGET = Path.of(System.getProperty("emolake.target", "target")).toAbsolutePath();
    /** Spark's Java 17 options (the pom's spark.java.options), for every child JVM and the executors. */
    static final List<String> JAVA_OPTIONS = Arrays.asList(
            System.getProperty("emolake.spark.java.options", "").trim().split("\\s+"));

    final Path appJar = TARGET.resolve("emolake-spark.jar");
    final String masterUrl;
    private final Path dir;
    private final Path sparkHome;
    private final Path sparkJars = TARGET.resolve("spark-jars");
    private final ChildJvms processes = new ChildJvms();

    private StandaloneCluster(Path dir, String masterUrl) throws IOException {
        this.dir = dir;
        this.masterUrl = masterUrl;
        if (!Files.isRegularFile(appJar) || !Files.isDirectory(sparkJars)) {
            throw new IllegalStateException("run after mvn package: " + appJar + " or " + sparkJars + " missing");
        }
        sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createSymbolicLink(sparkHome.resolve("jars"), sparkJars);
    }

    /** Starts a master and a worker offering {@code workerCores} cores and {@code workerMemory} (e.g. "2g"). */
    static StandaloneCluster start(Path dir, int workerCores, String workerMemory) throws Exception {
        int masterPort = ChildJvms.freePort();
        int masterUi = ChildJvms.freePort();
        StandaloneCluster cluster = new StandaloneCluster(dir, "spark://127.0.0.1:" + masterPort);
        try {
            cluster.run("master", List.of("-Xmx512m"), List.of("org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", "" + masterPort, "--webui-port", "" + masterUi));
            cluster.run("worker", List.of("-Xmx512m"), List.of("org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--port", "" + ChildJvms.freePort(), "--webui-port",
                    "" + ChildJvms.freePort(), "--cores", "" + workerCores, "--memory", workerMemory,
                    "--work-dir", dir.resolve("work").toString(), cluster.masterUrl));
            cluster.awaitAliveWorker(masterUi);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * spark-submit in client mode with the common settings (driver on 127.0.0.1, no UI, one OpenMP thread and Spark's
     * Java options on the executors plus {@code executorJavaOptions}), then {@code options}, the application jar and
     * the application's arguments.
     */
    Process submit(String executorJavaOptions, List<String> options, List<String> applicationArgs)
            throws IOException {
        return submit(executorJavaOptions, options, applicationArgs, java.util.Map.of(), "submit");
    }

    /** {@link #submit} with extra environment variables for spark-submit (the driver), logging to {@code name}.log. */
    Process submit(String executorJavaOptions, List<String> options, List<String> applicationArgs,
            java.util.Map<String, String> environment, String name) throws IOException {
        List<String> main = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
                "--deploy-mode", "client",
                "--conf", "spark.executor.extraJavaOptions=" + (String.join(" ", JAVA_OPTIONS) + " "
                        + executorJavaOptions).trim(),
                "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false"));
        main.addAll(options);
        main.add(appJar.toString());
        main.addAll(applicationArgs);
        return run(name, List.of("-Xmx1g"), main, environment);
    }

    /** The last {@code lines} lines a child logged ("master", "worker", "submit"). */
    String tail(String name, int lines) {
        return ChildJvms.tail(log(name), lines);
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    @Override
    public void close() throws InterruptedException {
        processes.stopAll();
    }

    private Process run(String name, List<String> heap, List<String> main) throws IOException {
        return run(name, heap, main, java.util.Map.of());
    }

    private Process run(String name, List<String> heap, List<String> main, java.util.Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(heap);
        command.addAll(JAVA_OPTIONS);
        command.add("-cp");
        command.add(sparkJars + "/*");
        command.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log(name).toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private void awaitAliveWorker(int masterUi) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi
                        + "/json/")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().matches("(?s).*\"aliveworkers\"\\s*:\\s*[1-9].*")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no worker registered with the master in 90 s\nmaster:\n" + tail("master", 60)
                + "\nworker:\n" + tail("worker", 60));
    }
}
