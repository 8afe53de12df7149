package org.emolake.job;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.LockManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Hadoop catalog's commit lock for a lake on a local disk. The catalog checks that the next metadata version does
 * not exist and then renames its file into place; a local rename replaces an existing file, so two processes that
 * pass the check together would lose one commit. This lock (an OS file lock on {@code LAKE/_emolake_commit.lock},
 * plus a JVM lock, since the OS lock is per process) makes check and rename one step for every emolake process on
 * the host. Other hosts sharing the folder over NFS get the lock only where NFS supports POSIX locks.
 */
public final class LocalCommitLock implements LockManager {
    static final String FILE = "_emolake_commit.lock";
    private static final long TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);
    /** One lock per lock file for the JVM: the catalogs of several sessions (and threads) in a JVM share it. */
    private static final Map<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

    /** The JVM lock, and the OS lock its holder took (guarded by the JVM lock). */
    private static final class Holder {
        final ReentrantLock jvm = new ReentrantLock();
        FileChannel channel;
        FileLock os;
    }

    private Path lockFile;

    @Override
    public void initialize(Map<String, String> properties) {
        lockFile = Path.of(URI.create(properties.get(CatalogProperties.WAREHOUSE_LOCATION))).resolve(FILE);
    }

    @Override
    public boolean acquire(String entityId, String ownerId) {
        Holder h = HOLDERS.computeIfAbsent(lockFile, f -> new Holder());
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        try {
            if (!h.jvm.tryLock(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel c = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock os;
            while ((os = c.tryLock()) == null) {
                if (System.currentTimeMillis() > deadline) {
                    c.close();
                    h.jvm.unlock();
                    return false;
                }
                Thread.sleep(20);
            }
            h.channel = c;
            h.os = os;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            h.jvm.unlock();
            return false;
        } catch (IOException | RuntimeException e) {
            h.jvm.unlock();
            throw new UncheckedIOException("cannot lock " + lockFile + " for a commit",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    @Override
    public boolean release(String entityId, String ownerId) {
        Holder h = HOLDERS.get(lockFile);
        if (h == null || !h.jvm.isHeldByCurrentThread()) {
            return false;
        }
        try {
            h.os.release();
            h.channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock " + lockFile, e);
        } finally {
            h.os = null;
            h.channel = null;
            h.jvm.unlock();
        }
        return true;
    }

    @Override
    public void close() {
    }
}
