package org.emolake.job;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server for tests: S3Proxy (the pom copies its runnable jar to target/test-servers) in a child JVM on
 * 127.0.0.1, backed by a local folder. A bucket is a sub-folder of {@link #dataDir} and an object a file under it, so a
 * test can fill a bucket for listing with plain file writes (as fast as the disk); objects S3A reads must be uploaded
 * through the server (S3A checks their ETags, which files written beside the server lack).
 */
final class S3TestServer implements AutoCloseable {
    static final String ACCESS_KEY = "emolake-test-access";
    static final String SECRET_KEY = "emolake-test-secret-Zq8x";

    final String endpoint;
    final Path dataDir;
    private final Path log;
    private final ChildJvms processes = new ChildJvms();

    private S3TestServer(String endpoint, Path dataDir, Path log) {
        this.endpoint = endpoint;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts a server whose buckets live under {@code dir}/data; {@code heap} bounds the server JVM (e.g. "256m"). */
    static S3TestServer start(Path dir, String heap) throws Exception {
        Path jar = StandaloneCluster.TARGET.resolve("test-servers/s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: run mvn test-compile (the pom copies S3Proxy there)");
        }
        int port = ChildJvms.freePort();
        Path data = Files.createDirectories(dir.resolve("data"));
        Path properties = dir.resolve("s3proxy.conf");
        String endpoint = "http://127.0.0.1:" + port;
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data) + "\n");
        S3TestServer server = new S3TestServer(endpoint, data, dir.resolve("s3proxy.log"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toString(), "--properties", properties.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(server.log.toFile());
        server.processes.add(pb.start());
        try {
            server.awaitPort(port);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Creates a bucket (a folder of the backing store). */
    Path bucket(String name) throws IOException {
        return Files.createDirectories(dataDir.resolve(name));
    }

    /** The S3A settings a client of this server needs (endpoint, path-style addressing, the test credentials). */
    Map<String, String> s3aSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.s3a.endpoint", endpoint);
        s.put("fs.s3a.endpoint.region", "us-east-1");
        s.put("fs.s3a.path.style.access", "true");
        s.put("fs.s3a.connection.ssl.enabled", "false");
        s.put("fs.s3a.access.key", ACCESS_KEY);
        s.put("fs.s3a.secret.key", SECRET_KEY);
        s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        return s;
    }

    /** {@link #s3aSettings()} as spark-submit / JVM options ({@code spark.hadoop.} prefix). */
    List<String> sparkConfs() {
        return s3aSettings().entrySet().stream().map(e -> "spark.hadoop." + e.getKey() + "=" + e.getValue()).toList();
    }

    String tail(int lines) {
        return ChildJvms.tail(log, lines);
    }

    @Override
    public void close() throws InterruptedException {
        processes.stopAll();
    }

    private void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("S3Proxy did not listen on " + port + " in 60 s:\n" + tail(40));
    }
}
