package org.emolake.job;

import org.emolake.cli.ScoreCommand;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.emolake.scoring.ClipInput;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ScoringEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on local[2]: manifest in, the lake's four tables out, in both table formats. */
class ScoreJobTest {
    static final StructType MANIFEST = DataTypes.createStructType(List.of(
            DataTypes.createStructField("path", DataTypes.StringType, true),
            DataTypes.createStructField("speaker", DataTypes.StringType, true),
            DataTypes.createStructField("take", DataTypes.IntegerType, true)));

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path model;
    static ScoringEngine engine;
    /** path -> the engine's outcome for the file, scored directly. */
    static final Map<String, ClipOutcome> expected = new HashMap<>();
    static final List<Row> goodRows = new ArrayList<>();
    static final List<Row> badRows = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        spark = JobFixtures.session("local[2]");
        model = JobFixtures.modelDir(tmp);
        engine = ScoringEngine.forArtifacts(ScoringEngine.readArtifacts(model));
        Path clips = tmp.resolve("clips");
        List<ClipInput> inputs = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            Path p = JobFixtures.clip(clips.resolve("s" + (i % 3)), "clip" + i + ".wav", i);
            goodRows.add(RowFactory.create(p.toString(), "spk" + (i % 3), i));
            inputs.add(new ClipInput(p.toString(), Files.readAllBytes(p)));
        }
        List<ClipOutcome> outcomes = engine.score(inputs, false);
        for (int i = 0; i < inputs.size(); i++) {
            expected.put(inputs.get(i).path(), outcomes.get(i));
        }
        Path corrupt = Files.writeString(clips.resolve("corrupt.wav"), "this is not audio", StandardCharsets.UTF_8);
        Path empty = Files.write(clips.resolve("empty.wav"), new byte[0]);
        Path folder = Files.createDirectories(clips.resolve("folder.wav"));
        badRows.add(RowFactory.create(corrupt.toString(), "spk0", 100));
        badRows.add(RowFactory.create(empty.toString(), "spk1", 101));
        badRows.add(RowFactory.create(clips.resolve("missing.wav").toString(), "spk2", 102));
        badRows.add(RowFactory.create(folder.toString(), "spk0", 103));
        badRows.add(RowFactory.create("file:" + clips.resolve("gone/missing2.wav"), "spk1", 104));
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    static String manifest(String name, List<Row> rows) {
        String path = tmp.resolve("manifests/" + name).toString();
        spark.createDataFrame(rows, MANIFEST).repartition(3).write().mode(SaveMode.Overwrite).parquet(path);
        return path;
    }

    static List<Row> all() {
        List<Row> rows = new ArrayList<>(goodRows);
        rows.addAll(badRows);
        return rows;
    }

    record Run(int exit, String out, String err) {
    }

    static Run score(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScoreCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Lake lake(String dir, String format) throws JobException {
        return Lake.open(spark, dir, Lake.Format.parse(format));
    }

    static Dataset<Row> ofRun(Lake lake, String table, String runId) {
        return lake.read(table).filter(col("run_id").equalTo(lit(runId)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iceberg", "parquet"})
    void everyManifestRowOnceWithTheEnginesPredictionAndSummariesThatAddUp(String format) throws Exception {
        String m = manifest("all-" + format, all());
        String lakeDir = tmp.resolve("lake-" + format).toString();
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", lakeDir, "--run-id", "r1",
                "--table-format", format, "--group-by", "speaker", "--batch-size", "4", "--partitions", "3");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("run r1"), run.out());
        Lake lake = lake(lakeDir, format);
        checkRun(lake, "r1", all());

        // The same run id again: the run's rows are replaced, never duplicated.
        Run again = score("--manifest", m, "--model-dir", model.toString(), "--lake", lakeDir, "--run-id", "r1",
                "--table-format", format, "--group-by", "speaker", "--batch-size", "7");
        assertEquals(0, again.exit(), again.err());
        checkRun(lake, "r1", all());
        assertEquals(1, ofRun(lake, Lake.RUNS, "r1").count());

        // A second run id adds its own rows and leaves r1's alone.
        Run second = score("--manifest", m, "--model-dir", model.toString(), "--lake", lakeDir, "--run-id", "r2",
                "--table-format", format);
        assertEquals(0, second.exit(), second.err());
        checkRun(lake, "r1", all());
        checkRun(lake, "r2", all());
        assertEquals(2 * all().size(), lake.read(Lake.PREDICTIONS).count());
    }

    /** Every manifest row exactly once, equal to the engine's own outcome; the summaries add up to the rows. */
    static void checkRun(Lake lake, String runId, List<Row> manifestRows) {
        List<Row> rows = ofRun(lake, Lake.PREDICTIONS, runId).collectAsList();
        assertEquals(manifestRows.size(), rows.size());
        Set<String> paths = new HashSet<>();
        long ok = 0;
        Map<String, Long> perSpeakerLabel = new TreeMap<>();
        Map<String, Long> perError = new TreeMap<>();
        for (Row r : rows) {
            String path = r.getAs("path");
            assertTrue(paths.add(path), "duplicate row for " + path);
            assertEquals(ClipIds.of(path), r.getAs("clip_id"));
            assertEquals(engine.modelSha256(), r.getAs("model_sha256"));
            assertEquals(engine.modelName(), r.getAs("model_name"));
            assertEquals("v1", r.getAs("feature_set"));
            assertTrue(r.getAs("scored_at") != null && r.getAs("run_date") != null);
            ClipOutcome want = expected.get(path);
            String status = r.getAs("status");
            if (want == null) {
                assertEquals("error", status, path);
                assertNull(r.getAs("label"));
                String code = r.getAs("error_code");
                String wantCode = path.contains("missing") ? "FILE_NOT_FOUND" : path.endsWith("folder.wav")
                        ? "NOT_A_FILE" : null;
                if (wantCode != null) {
                    assertEquals(wantCode, code, path);
                }
                assertTrue(r.<String>getAs("error_message") != null);
                perError.merge(code, 1L, Long::sum);
                continue;
            }
            assertEquals(want.status(), status, path);
            assertEquals(want.label(), r.getAs("label"), path);
            assertEquals(want.confidence(), r.<Double>getAs("confidence"), 1e-6, path);
            Map<String, Double> probabilities = r.getJavaMap(r.fieldIndex("probabilities"));
            assertEquals(want.probabilities().keySet(), probabilities.keySet());
            want.probabilities().forEach((k, v) -> assertEquals(v, probabilities.get(k), 1e-6));
            assertEquals(want.durationSeconds(), r.<Double>getAs("duration_s"), 1e-9);
            assertEquals(want.sourceSampleRate(), r.<Integer>getAs("source_sample_rate"));
            ok++;
            perSpeakerLabel.merge(r.getAs("speaker") + "/" + r.getAs("label"), 1L, Long::sum);
        }
        for (Row m : manifestRows) {
            assertTrue(paths.contains(m.getString(0)), "no row for " + m.getString(0));
        }

        List<Row> classes = ofRun(lake, Lake.CLASS_SUMMARY, runId).collectAsList();
        long classClips = 0;
        Map<String, Double> shares = new HashMap<>();
        boolean grouped = Set.of(classes.isEmpty() ? new String[0] : classes.get(0).schema().fieldNames())
                .contains("speaker") && classes.stream().anyMatch(c -> c.getAs("speaker") != null);
        for (Row c : classes) {
            long clips = c.getAs("clips");
            classClips += clips;
            String group = grouped ? c.getAs("speaker") : "";
            shares.merge(group, c.<Double>getAs("share"), Double::sum);
            double p50 = c.getAs("p50_confidence");
            double p90 = c.getAs("p90_confidence");
            assertTrue(p50 <= p90 + 1e-12 && p90 <= 1.0 && p50 > 0);
            if (grouped) {
                assertEquals(perSpeakerLabel.get(c.getAs("speaker") + "/" + c.getAs("label")), clips);
            }
        }
        assertEquals(ok, classClips);
        shares.values().forEach(s -> assertEquals(1.0, s, 1e-9));

        Map<String, Long> errors = new TreeMap<>();
        for (Row e : ofRun(lake, Lake.ERROR_SUMMARY, runId).collectAsList()) {
            errors.put(e.getAs("error_code"), e.getAs("clips"));
            assertTrue(e.<String>getAs("example_path") != null);
        }
        assertEquals(perError, errors);

        Row run = ofRun(lake, Lake.RUNS, runId).first();
        assertEquals((long) manifestRows.size(), (long) run.<Long>getAs("clips"));
        assertEquals(ok, (long) run.<Long>getAs("clips_ok"));
        assertEquals(manifestRows.size() - ok, (long) run.<Long>getAs("clips_error"));
        assertEquals(engine.modelSha256(), run.getAs("model_sha256"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iceberg", "parquet"})
    void incrementalScoresOnlyRowsWithoutAnOkRowForTheModel(String format) throws Exception {
        String lakeDir = tmp.resolve("lake-incremental-" + format).toString();
        List<Row> first = new ArrayList<>(goodRows.subList(0, 8));
        first.add(badRows.get(0));
        Run a = score("--manifest", manifest("inc1-" + format, first), "--model-dir", model.toString(), "--lake",
                lakeDir, "--run-id", "a", "--table-format", format);
        assertEquals(0, a.exit(), a.err());
        Run b = score("--manifest", manifest("inc2-" + format, all()), "--model-dir", model.toString(), "--lake",
                lakeDir, "--run-id", "b", "--table-format", format, "--incremental");
        assertEquals(0, b.exit(), b.err());
        Lake lake = lake(lakeDir, format);
        List<Row> rest = new ArrayList<>(goodRows.subList(8, goodRows.size()));
        rest.addAll(badRows); // error rows of run a have no ok row: scored again
        checkRun(lake, "b", rest);
        assertEquals(8L, (long) ofRun(lake, Lake.RUNS, "b").first().<Long>getAs("clips_skipped"));
        // Nothing new: an incremental run scores only the still-failing rows.
        Run c = score("--manifest", manifest("inc2-" + format, all()), "--model-dir", model.toString(), "--lake",
                lakeDir, "--run-id", "c", "--table-format", format, "--incremental");
        assertEquals(0, c.exit(), c.err());
        assertEquals(badRows.size(), ofRun(lake, Lake.PREDICTIONS, "c").count());
    }

    @Test
    void keepFeaturesAddsTheFeatureVector() throws Exception {
        String lakeDir = tmp.resolve("lake-features").toString();
        Run run = score("--manifest", manifest("features", goodRows.subList(0, 3)), "--model-dir", model.toString(),
                "--lake", lakeDir, "--run-id", "f", "--table-format", "parquet", "--keep-features");
        assertEquals(0, run.exit(), run.err());
        for (Row r : lake(lakeDir, "parquet").read(Lake.PREDICTIONS).collectAsList()) {
            assertEquals(110, r.getList(r.fieldIndex("features")).size());
        }
    }

    @Test
    void aManifestWithoutAPathColumnIsRejectedBeforeAnyWork() {
        String m = tmp.resolve("manifests/nopath").toString();
        spark.range(3).withColumnRenamed("id", "file").write().mode(SaveMode.Overwrite).parquet(m);
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", tmp.resolve("lake-x").toString());
        assertEquals(3, run.exit());
        assertTrue(run.err().contains("Cannot score: manifest has no 'path' column"), run.err());
        assertTrue(!Files.exists(tmp.resolve("lake-x")), "no lake written");
    }

    @Test
    void badArgumentsModelAndGroupColumnsAreClearErrors() {
        String m = manifest("args", goodRows.subList(0, 2));
        Run noModel = score("--manifest", m, "--model-dir", tmp.resolve("nope").toString(), "--lake", "x");
        assertEquals(3, noModel.exit());
        assertTrue(noModel.err().contains("model bundle"), noModel.err());
        Run group = score("--manifest", m, "--model-dir", model.toString(), "--lake", tmp.resolve("l").toString(),
                "--group-by", "nosuch");
        assertEquals(3, group.exit());
        assertTrue(group.err().contains("'nosuch' is not in the manifest"), group.err());
        Run missing = score("--manifest", tmp.resolve("no-manifest").toString(), "--model-dir", model.toString(),
                "--lake", "x");
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains("cannot read the manifest"), missing.err());
        Run usage = score("--manifest", m);
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("Missing required options: '--model-dir=DIR'"), usage.err());
        Run format = score("--manifest", m, "--model-dir", model.toString(), "--lake", "x", "--table-format", "orc");
        assertEquals(2, format.exit());
        assertNotEquals("", format.err());
    }
}
