package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;

/** Generated clips, the model bundle and the shared local Spark session of the job tests. */
final class JobFixtures {
    private JobFixtures() {
    }

    /** A local[N] session configured as the commands configure theirs, kept small and quiet for tests. */
    static SparkSession session(String master) {
        JobSession.setLogLevel(false);
        return JobSession.configure(SparkSession.builder().appName("emolake-test"), new org.apache.spark.SparkConf())
                .master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.heartbeatInterval", "500ms")
                .getOrCreate();
    }

    /** Writes a manifest of (path, speaker) rows as a Parquet folder; returns its path. */
    static String speakerManifest(SparkSession spark, Path folder, List<Row> pathAndSpeaker) {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("path", DataTypes.StringType, true),
                DataTypes.createStructField("speaker", DataTypes.StringType, true)));
        spark.createDataFrame(pathAndSpeaker, schema).write().mode(SaveMode.Overwrite).parquet(folder.toString());
        return folder.toString();
    }

    /**
     * The model bundle the tests score with: the repository's Keras fixture (keras-cnn-lstm-7: 7 classes, seeded
     * weights) laid out as a training run leaves a bundle: cnn_lstm_model.h5, scaler.pkl, labels.json.
     */
    static Path modelDir(Path tmp) {
        Path fixture = Path.of("src/test/resources/model/keras-cnn-lstm-7").toAbsolutePath();
        try {
            Path dir = Files.createDirectories(tmp.resolve("model"));
            Files.copy(fixture.resolve("model.h5"), dir.resolve("cnn_lstm_model.h5"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(fixture.resolve("scaler.pkl"), dir.resolve("scaler.pkl"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(fixture.resolve("labels.json"), dir.resolve("labels.json"), StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 16-bit mono PCM WAV: a tone (with some noise) of the given length and rate. */
    static Path wav(Path file, int sampleRate, double seconds, double frequency, long seed) {
        int n = (int) Math.round(seconds * sampleRate);
        Random random = new Random(seed);
        ByteBuffer data = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        data.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        for (int i = 0; i < n; i++) {
            double v = 0.4 * Math.sin(2 * Math.PI * frequency * i / sampleRate) + 0.05 * random.nextGaussian();
            data.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, data.array());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A 16-bit mono PCM WAV of {@code seconds}: a tone with some noise (as {@link #wav}), except in the stretches
     * {@code quiet[2i]} to {@code quiet[2i+1]} seconds, which hold only a faint noise (about -80 dBFS, a pause).
     * Written in blocks, so that hour-long recordings need no memory.
     */
    static Path recording(Path file, int sampleRate, double seconds, double frequency, long seed, double... quiet) {
        long n = Math.round(seconds * sampleRate);
        Random random = new Random(seed);
        try {
            Files.createDirectories(file.getParent());
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
                header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + 2 * n))
                        .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                        .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                        .putShort((short) 1).putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2)
                        .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) (2 * n));
                out.write(header.array());
                byte[] two = new byte[2];
                for (long i = 0; i < n; i++) {
                    double t = (double) i / sampleRate;
                    boolean isQuiet = false;
                    for (int q = 0; q + 1 < quiet.length; q += 2) {
                        isQuiet |= t >= quiet[q] && t < quiet[q + 1];
                    }
                    // the tone wanders in pitch and loudness, as a voice does, so that segments differ
                    double v = isQuiet ? 1e-4 * random.nextGaussian()
                            : (0.25 + 0.15 * Math.sin(2 * Math.PI * t / 7.0))
                                    * Math.sin(2 * Math.PI * (frequency * t + 20 * Math.sin(2 * Math.PI * t / 5.0)))
                                    + 0.03 * random.nextGaussian();
                    short s = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
                    two[0] = (byte) s;
                    two[1] = (byte) (s >> 8);
                    out.write(two);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Segments of a recording of {@code frames} at {@code rate} Hz, by the rule of spec/segments.py. */
    static int segmentCount(long frames, int rate, double window, double hop) {
        double d = (double) frames / rate;
        int k = 0;
        while (k * hop + window < d) {
            k++;
        }
        return k + 1;
    }

    /** A varied clip: rate, length and pitch chosen from the index. */
    static Path clip(Path dir, String name, int index) {
        int[] rates = {16000, 22050, 44100};
        double seconds = 0.5 + (index % 4) * 0.5;
        return wav(dir.resolve(name), rates[index % rates.length], seconds, 110 + 37 * index, index);
    }
}
