package org.emolake.job;

import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code emolake manifest} at archive scale (docs/PERFORMANCE.md, "Listing"): fills an S3Proxy bucket (by writing its
 * backing folder directly) or a local folder with N small objects and times the manifest command over it on
 * {@code local[2]}, with the driver JVM's peak heap. Not a test: run by hand after {@code mvn test-compile}:
 *
 * <pre>
 * java -Xmx1g [spark java options] -cp "target/classes:target/test-classes:target/lib/*:target/spark-jars/*" \
 *     org.emolake.job.ListingBenchmark s3|local OBJECTS [flat|tree] [WORK_DIR]
 * </pre>
 *
 * {@code tree} spreads the objects over year/month/day/hour folders (about 100 per leaf folder, 6 levels deep);
 * {@code flat} puts them all directly under the root (one S3 prefix).
 */
public final class ListingBenchmark {
    private ListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String store = args[0];
        int objects = Integer.parseInt(args[1]);
        boolean flat = args.length > 2 && args[2].equals("flat");
        Path work = Files.createDirectories(Path.of(args.length > 3 ? args[3] : "target/listing-benchmark"));
        S3TestServer s3 = null;
        try {
            Path root;
            String rootUri;
            if (store.equals("s3")) {
                s3 = S3TestServer.start(Files.createDirectories(work.resolve("s3")), "1g");
                root = s3.bucket("archive").resolve("clips");
                rootUri = "s3a://archive/clips";
            } else {
                root = work.resolve("local/clips");
                rootUri = root.toUri().toString();
            }
            long fillStart = System.nanoTime();
            fill(root, objects, flat);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

            SparkSession spark = JobFixtures.session("local[2]");
            if (s3 != null) {
                s3.s3aSettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
            }
            String output = work.resolve("manifest-" + store).toUri().toString();
            // one warm-up on a tiny tree so the timing excludes Spark's and S3A's first-use costs
            Path warm = Files.createDirectories(work.resolve("warm/a"));
            Files.write(warm.resolve("x.wav"), new byte[16]);
            checked(StorageScenario.main("manifest", "--root", work.resolve("warm").toString(), "--output", output));

            System.gc();
            long heapBefore = usedHeap();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            StorageScenario.Out out = checked(StorageScenario.main("manifest", "--root", rootUri, "--output", output));
            double seconds = (System.nanoTime() - start) / 1e9;
            long rows = spark.read().parquet(output).count();
            System.out.printf(Locale.ROOT, "%s %s: %d objects (filled in %.1f s), manifest %d rows in %.1f s"
                            + " (%.0f objects/s); driver heap: %d MiB before, peak %d MiB (max %d MiB)%n%s",
                    store, flat ? "flat" : "tree", objects, fillSeconds, rows, seconds, objects / seconds,
                    heapBefore >> 20, peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20, out.out());
            spark.stop();
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private static StorageScenario.Out checked(StorageScenario.Out out) {
        if (out.exit() != 0) {
            throw new IllegalStateException("manifest failed (exit " + out.exit() + "):\n" + out.err());
        }
        return out;
    }

    /** N files of 16 bytes: under year/month/day/hour/minute folders (~100 per leaf), or all in the root. */
    private static void fill(Path root, int objects, boolean flat) throws IOException {
        byte[] content = new byte[16];
        for (int i = 0; i < objects; i++) {
            Path dir = flat ? root : root.resolve(String.format(Locale.ROOT, "%d/%02d/%02d/%02d/%02d",
                    2020 + i / 40_000, 1 + i / 4_000 % 10, 1 + i / 1_000 % 4, i / 400 % 3, i / 100 % 4));
            Files.createDirectories(dir);
            Files.write(dir.resolve(String.format(Locale.ROOT, "clip-%07d.wav", i)), content);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
