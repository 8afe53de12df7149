package org.emolake.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * End-to-end throughput: scores N generated clips (manifest, Spark, file reads, features, model, Parquet lake) on
 * {@code local[c]} for each core count, after a warm-up run in the same session, and reports clips/s, seconds of
 * audio per second per core and the speed-up.
 */
public final class BenchDriver {
    private BenchDriver() {
    }

    /**
     * @param cores core counts to run on, in order (the first is the speed-up base)
     * @param work  folder for the generated clips, manifests and lakes (clips already there are reused)
     */
    public static void run(int clips, double seconds, String modelDir, List<Integer> cores, int batchSize, Path work,
            PrintStream out, PrintStream err) throws JobException, IOException {
        JobSession.setLogLevel(false);
        err.printf("emolake bench-score: writing %d clips of %.1f s to %s%n", clips, seconds, work);
        List<Row> rows = new ArrayList<>();
        Path clipDir = Files.createDirectories(work.resolve("clips"));
        for (int i = 0; i < clips; i++) {
            Path p = clipDir.resolve(String.format("clip%06d.wav", i));
            if (!Files.exists(p)) {
                Files.write(p, wav(22050, seconds, i));
            }
            rows.add(RowFactory.create(p.toString()));
        }
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("path", DataTypes.StringType, false)));
        String manifest = work.resolve("manifest").toString();
        String warmManifest = work.resolve("manifest-warmup").toString();
        int maxCores = cores.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (JobSession s = session("local[" + maxCores + "]")) {
            s.spark().createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(manifest);
            s.spark().createDataFrame(rows.subList(0, Math.min(rows.size(), maxCores * batchSize)), schema)
                    .write().mode(SaveMode.Overwrite).parquet(warmManifest);
        }
        out.printf("%-10s %8s %10s %12s %18s%n", "master", "clips", "seconds", "clips/s", "audio s/s/core");
        double base = 0;
        List<String> lines = new ArrayList<>();
        for (int c : cores) {
            try (JobSession s = session("local[" + c + "]")) {
                // warm-up in the same session: JIT, the engine, one DL4J network per executor thread
                ScoreJob.run(s.spark(), options(warmManifest, modelDir, work.resolve("lake-warmup-" + c), batchSize),
                        err);
                ScoreJob.Result r = ScoreJob.run(s.spark(),
                        options(manifest, modelDir, work.resolve("lake-" + c), batchSize), err);
                double perCore = r.audioSeconds() / r.scoringSeconds() / c;
                out.printf("%-10s %8d %10.1f %12.1f %18.1f%n", "local[" + c + "]", r.clips(), r.scoringSeconds(),
                        r.clipsPerSecond(), perCore);
                if (base == 0) {
                    base = r.clipsPerSecond();
                } else {
                    lines.add(String.format("speed-up local[%d] vs local[%d]: %.2fx", c, cores.get(0),
                            r.clipsPerSecond() / base));
                }
                if (r.errors() > 0) {
                    lines.add("local[" + c + "]: " + r.errors() + " clips failed: " + r.perError());
                }
            }
        }
        lines.forEach(out::println);
    }

    private static ScoreJob.Options options(String manifest, String modelDir, Path lake, int batchSize) {
        return new ScoreJob.Options(manifest, modelDir, lake.toString(), "bench", Lake.Format.PARQUET, List.of(),
                batchSize, 0, false, false, true);
    }

    private static JobSession session(String master) {
        SparkSession.Builder b = JobSession.configure(SparkSession.builder().appName("emolake bench-score"),
                new SparkConf().set("spark.master", master)).master(master);
        return JobSession.owned(b.getOrCreate());
    }

    /** A 16-bit mono PCM WAV: a few harmonics with vibrato and noise, different for every index. */
    static byte[] wav(int sampleRate, double seconds, int index) {
        int n = (int) Math.round(seconds * sampleRate);
        Random random = new Random(index);
        double f0 = 90 + random.nextDouble() * 200;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / sampleRate;
            double f = f0 * (1 + 0.03 * Math.sin(2 * Math.PI * 5 * t));
            phase += 2 * Math.PI * f / sampleRate;
            double v = 0.3 * Math.sin(phase) + 0.15 * Math.sin(2 * phase) + 0.08 * Math.sin(3 * phase)
                    + 0.03 * random.nextGaussian();
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        return b.array();
    }
}
