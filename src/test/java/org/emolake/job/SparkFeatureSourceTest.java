package org.emolake.job;

import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.emolake.model.ModelBundle;
import org.emolake.scoring.ScoringLimits;
import org.emolake.training.LabelledFeatureSource;
import org.emolake.training.ManifestFeatureSource;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training features through Spark on local[2]: a Parquet manifest of 2 generated classes (tones, noise; 20 clips
 * each) plus unusable clips gives exactly the feature rows of the plain-Java CSV source, and {@code emolake train}
 * on the Parquet manifest writes a bundle that loads.
 */
class SparkFeatureSourceTest {
    static final StructType LABELLED = DataTypes.createStructType(List.of(
            DataTypes.createStructField("path", DataTypes.StringType, true),
            DataTypes.createStructField("emotion", DataTypes.StringType, true),
            DataTypes.createStructField("speaker", DataTypes.IntegerType, true)));

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path csv;
    static String parquet;

    @BeforeAll
    static void setUp() throws IOException {
        spark = JobFixtures.session("local[2]");
        Path clips = tmp.resolve("clips");
        List<org.apache.spark.sql.Row> rows = new ArrayList<>();
        StringBuilder lines = new StringBuilder("path,emotion\n");
        for (int i = 0; i < 20; i++) {
            Path tone = JobFixtures.wav(clips.resolve("tone/t" + i + ".wav"), i % 2 == 0 ? 22050 : 16000,
                    0.5 + 0.05 * i, 180 + 23 * i, i);
            Path noise = Files.write(Files.createDirectories(clips.resolve("noise")).resolve("n" + i + ".wav"),
                    TestWavs.pcm16(noise(0.5 + 0.04 * i, 22050, 100 + i), 1, 22050));
            for (Object[] clip : new Object[][] {{tone, "tone"}, {noise, "noise"}}) {
                rows.add(RowFactory.create(clip[0].toString(), clip[1], i % 3));
                lines.append(clip[0]).append(',').append(clip[1]).append('\n');
            }
        }
        // unusable: too short (fewer than 4096 samples), not audio, missing
        Path shortClip = Files.write(clips.resolve("short.wav"), TestWavs.pcm16(new float[300], 1, 22050));
        Path corrupt = Files.writeString(clips.resolve("corrupt.wav"), "not audio", StandardCharsets.UTF_8);
        Path missing = clips.resolve("missing.wav");
        for (Path bad : List.of(shortClip, corrupt, missing)) {
            rows.add(RowFactory.create(bad.toString(), "tone", 0));
            lines.append(bad).append(",tone\n");
        }
        csv = Files.writeString(tmp.resolve("labelled.csv"), lines);
        parquet = tmp.resolve("labelled").toString();
        spark.createDataFrame(rows, LABELLED).coalesce(2).write().mode(SaveMode.Overwrite).parquet(parquet);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    static float[] noise(double seconds, int rate, long seed) {
        Random random = new Random(seed);
        float[] y = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (0.2 * random.nextGaussian());
        }
        return y;
    }

    @Test
    void sparkRowsEqualThePlainJavaRows() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        LabelledFeatureSource.Loaded plain = ManifestFeatureSource.csv(csv, "path", "emotion", 2, ScoringLimits.defaults()).load(quiet);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LabelledFeatureSource.Loaded viaSpark = new SparkFeatureSource(parquet, "path", "emotion", 3, false, ScoringLimits.defaults())
                .load(spark, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(40, plain.rows().size());
        assertEquals(plain.rows().size(), viaSpark.rows().size());
        // the Spark rows come sorted by path, whatever the Parquet file layout
        List<LabelledFeatureSource.Row> byPath = new ArrayList<>(plain.rows());
        byPath.sort(java.util.Comparator.comparing(LabelledFeatureSource.Row::id));
        for (int i = 0; i < byPath.size(); i++) {
            LabelledFeatureSource.Row a = byPath.get(i);
            LabelledFeatureSource.Row b = viaSpark.rows().get(i);
            assertEquals(a.id(), b.id(), "row " + i);
            assertEquals(a.label(), b.label(), a.id());
            assertEquals(110, b.features().length);
            assertArrayEquals(a.features(), b.features(), a.id()); // exactly equal doubles
        }
        assertEquals(3, plain.failures().size());
        assertEquals(3, viaSpark.failures().size(), viaSpark.failures().toString());
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("40/43 clips usable, 3 skipped"), text);
        assertTrue(text.contains("skipping " + tmp.resolve("clips/short.wav")), text);
        assertTrue(viaSpark.failures().stream().anyMatch(f -> f.contains("missing.wav") && f.contains("FILE_NOT_FOUND")),
                viaSpark.failures().toString());
    }

    @Test
    void parquetManifestsAreRecognised() {
        assertTrue(SparkFeatureSource.isParquet(parquet));
        assertTrue(SparkFeatureSource.isParquet("part-0.parquet"));
        assertTrue(SparkFeatureSource.isParquet("hdfs://nn/manifests/labelled"));
        assertFalse(SparkFeatureSource.isParquet(csv.toString()));
        assertFalse(SparkFeatureSource.isParquet("s3a://bucket/labels.CSV"));
    }

    @Test
    void missingLabelColumnIsRefusedBeforeExtraction() {
        JobException e = org.junit.jupiter.api.Assertions.assertThrows(JobException.class,
                () -> new SparkFeatureSource(parquet, "path", "label", 0, false, ScoringLimits.defaults()).load(spark, System.err));
        assertTrue(e.getMessage().contains("has no 'label' column"), e.getMessage());
    }

    @Test
    void trainCommandOnAParquetManifestWritesALoadableBundle() throws Exception {
        Path out = tmp.resolve("bundle");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Method run = Class.forName("org.emolake.cli.TrainCommand")
                .getMethod("run", String[].class, PrintStream.class, PrintStream.class);
        int code = (int) run.invoke(null, new String[] {"--manifest", parquet, "--label-column", "emotion",
                        "--out", out.toString(), "--epochs", "3", "--patience", "2", "--validation-fraction", "0.2",
                        "--name", "spark-test"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String o = stdout.toString(StandardCharsets.UTF_8);
        String e = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, e + o);
        assertTrue(o.contains("3 skipped clips"), o);
        assertTrue(e.contains("features with Spark") || e.contains("features: 43 clips"), e);
        ModelBundle bundle = ModelBundle.load(out);
        assertEquals(List.of("noise", "tone"), bundle.labels());
        String model = Files.readString(out.resolve("model.json"));
        assertTrue(model.contains("Parquet manifest") && model.contains("features extracted with Spark"), model);
        assertTrue(model.contains("\"validation\" : 6"), model);
        assertFalse(spark.sparkContext().isStopped(), "the command must not stop a session it did not create");
    }
}
