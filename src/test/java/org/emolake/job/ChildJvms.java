package org.emolake.job;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The child JVMs a cluster test starts (master, workers, spark-submit): ports, logs and a stop that leaves none. */
final class ChildJvms {
    private final List<Process> processes = new ArrayList<>();

    void add(Process process) {
        processes.add(process);
    }

    /** Stops the children in reverse order and whatever they started (executors), forcibly if need be. */
    void stopAll() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            List<ProcessHandle> descendants = p.descendants().toList();
            p.destroy();
            descendants.forEach(ProcessHandle::destroy);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        processes.clear();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The last {@code lines} lines of a child's log, for failure messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
