package org.emolake.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Hadoop catalog's commit lock on a local lake holds across processes and across threads of one JVM. */
class LocalCommitLockTest {
    @TempDir
    Path lake;

    /** A second process: takes the lake's commit lock, says so, holds it until its standard input closes. */
    public static void main(String[] args) throws Exception {
        LocalCommitLock lock = lock(Path.of(args[0]));
        if (!lock.acquire("v1.metadata.json", "child")) {
            System.exit(2);
        }
        System.out.println("locked");
        System.out.flush();
        System.in.read();
        lock.release("v1.metadata.json", "child");
    }

    private static LocalCommitLock lock(Path lake) {
        LocalCommitLock lock = new LocalCommitLock();
        lock.initialize(Map.of("warehouse", lake.toUri().toString()));
        return lock;
    }

    @Test
    void aCommitWaitsForTheLockAnotherProcessHolds() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LocalCommitLockTest.class.getName(), lake.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            LocalCommitLock mine = lock(lake);
            long[] acquiredAt = new long[1];
            boolean[] released = new boolean[1];
            Thread committer = new Thread(() -> {
                if (mine.acquire("v2.metadata.json", "test")) {
                    acquiredAt[0] = System.nanoTime();
                    // the thread that took the lock lets it go, as a commit does
                    released[0] = mine.release("v2.metadata.json", "test");
                }
            });
            committer.start();
            committer.join(1500);
            assertTrue(committer.isAlive(), "no commit while the other process holds the lock");
            long letGo = System.nanoTime();
            child.getOutputStream().close();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            committer.join(60_000);
            assertTrue(acquiredAt[0] >= letGo, "the lock was taken after the other process let it go");
            assertTrue(released[0]);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void threadsOfOneJvmTakeTurns() throws Exception {
        LocalCommitLock first = lock(lake);
        LocalCommitLock second = lock(lake);
        assertTrue(first.acquire("v1", "a"));
        Thread other = new Thread(() -> {
            assertTrue(second.acquire("v1", "b"));
            assertTrue(second.release("v1", "b"));
        });
        other.start();
        other.join(500);
        assertTrue(other.isAlive(), "waits for the first holder");
        assertTrue(first.release("v1", "a"));
        other.join(10_000);
        assertFalse(other.isAlive());
    }
}
