package org.emolake.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.TaskContext;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only fault injection, with no hook in production code: the local file system under the scheme
 * {@code faulty:} (register with {@code fs.faulty.impl} and {@code fs.faulty.impl.disable.cache=true}). A manifest
 * whose paths are {@code faulty:/...} has its clips read through this class, inside the scoring tasks, so it can
 *
 * <ul>
 *   <li>throw an unchecked exception (which {@code ClipScorer} does not turn into an error row: the task fails)
 *       in the first attempt of the partitions listed in {@code faulty.fail.partitions} once that attempt has
 *       looked up {@code faulty.fail.after} files; with {@code faulty.fail.as.error=true} an {@link AssertionError},
 *       which no scoring code catches (the segment pipeline turns exceptions of a recording into its error row), so
 *       that the task dies wherever the lookup happens;</li>
 *   <li>sleep {@code faulty.slow.millis} per file in the first attempt of the partitions listed in
 *       {@code faulty.slow.partitions} (a straggler, for speculative execution);</li>
 *   <li>sleep {@code faulty.slow.every.millis} per file in every task attempt (a run that lasts long enough to be
 *       killed half-way whatever the machine's speed);</li>
 *   <li>record, in this JVM, every path it was asked about ({@link #TOUCHED}).</li>
 * </ul>
 */
public class FaultInjectingFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "faulty";
    /** Paths (without scheme) this JVM's instances looked up or opened. */
    static final Set<String> TOUCHED = ConcurrentHashMap.newKeySet();
    /** Exceptions thrown in this JVM. */
    static final AtomicInteger INJECTED = new AtomicInteger();
    /** task attempt id -> files looked up by that attempt. */
    private static final Map<Long, AtomicInteger> PER_ATTEMPT = new ConcurrentHashMap<>();

    private Configuration conf;

    @Override
    public void initialize(URI uri, Configuration configuration) throws IOException {
        super.initialize(uri, configuration);
        this.conf = configuration;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileStatus getFileStatus(Path p) throws IOException {
        TOUCHED.add(p.toUri().getPath());
        inject(p);
        return super.getFileStatus(p);
    }

    @Override
    public FSDataInputStream open(Path p, int bufferSize) throws IOException {
        TOUCHED.add(p.toUri().getPath());
        return super.open(p, bufferSize);
    }

    /** Registers the scheme in a Hadoop configuration (fault injection off). */
    static void register(Configuration c) {
        c.set("fs." + SCHEME + ".impl", FaultInjectingFileSystem.class.getName());
        c.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        c.set("faulty.fail.partitions", "");
        c.set("faulty.slow.partitions", "");
    }

    private void inject(Path p) {
        TaskContext task = TaskContext.get();
        if (task == null || conf == null) {
            return;
        }
        sleep(conf.getLong("faulty.slow.every.millis", 0));
        if (task.attemptNumber() != 0) {
            return;
        }
        int partition = task.partitionId();
        int seen = PER_ATTEMPT.computeIfAbsent(task.taskAttemptId(), k -> new AtomicInteger()).incrementAndGet();
        if (listed(conf.get("faulty.slow.partitions", ""), partition)) {
            sleep(conf.getLong("faulty.slow.millis", 1000));
        }
        if (listed(conf.get("faulty.fail.partitions", ""), partition) && seen > conf.getInt("faulty.fail.after", 0)) {
            INJECTED.incrementAndGet();
            String message = "injected fault: first attempt of partition " + partition + " (stage "
                    + task.stageId() + ", task attempt " + task.taskAttemptId() + ") at " + p;
            if (conf.getBoolean("faulty.fail.as.error", false)) {
                throw new AssertionError(message);
            }
            throw new IllegalStateException(message);
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean listed(String list, int partition) {
        return !list.isBlank() && Arrays.stream(list.split(",")).map(String::trim)
                .anyMatch(s -> s.equals(Integer.toString(partition)));
    }
}
