package org.emolake.job;

import static org.emolake.job.ScoreJobTest.score;

import org.emolake.job.ScoreJobTest.Run;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad manifests and arguments, and --allowed-roots, end to end on local[2]. */
class ScoreInputsTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path model;
    static Path clips;

    @BeforeAll
    static void setUp() {
        spark = JobFixtures.session("local[2]");
        FaultInjectingFileSystem.register(spark.sparkContext().hadoopConfiguration());
        model = JobFixtures.modelDir(tmp);
        clips = tmp.resolve("clips");
        for (int i = 0; i < 4; i++) {
            JobFixtures.wav(clips.resolve("inside/c" + i + ".wav"), 16000, 0.5, 200 + 50 * i, i);
        }
        JobFixtures.wav(clips.resolve("outside/secret.wav"), 16000, 0.5, 300, 9);
        JobFixtures.wav(clips.resolve("inside2/sibling.wav"), 16000, 0.5, 300, 10);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    static String write(String name, List<Row> rows, StructType schema) {
        String path = tmp.resolve("manifests/" + name).toString();
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(path);
        return path;
    }

    static StructType schema(Object... nameTypePairs) {
        List<org.apache.spark.sql.types.StructField> fields = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            fields.add(DataTypes.createStructField((String) nameTypePairs[i],
                    (org.apache.spark.sql.types.DataType) nameTypePairs[i + 1], true));
        }
        return DataTypes.createStructType(fields);
    }

    static String clip(int i) {
        return clips.resolve("inside/c" + i + ".wav").toString();
    }

    /** predictions of a run, by path (NULL paths keyed "<null:clip_id>"). */
    static Map<String, Row> rowsByKey(String lakeDir, String runId) throws JobException {
        Lake lake = Lake.open(spark, lakeDir, Lake.Format.ICEBERG);
        Map<String, Row> rows = new HashMap<>();
        for (Row r : ScoreJobTest.ofRun(lake, Lake.PREDICTIONS, runId).collectAsList()) {
            String path = r.getAs("path");
            String key = path == null ? "<null:" + r.getAs("clip_id") + ">" : path;
            assertTrue(rows.put(key, r) == null, "two rows for " + key);
        }
        return rows;
    }

    @Test
    void aPathColumnThatIsNotAStringIsRefusedBeforeAnyWork() {
        String m = write("path-int", List.of(RowFactory.create(1), RowFactory.create(2)),
                schema("path", DataTypes.IntegerType));
        Path lake = tmp.resolve("lake-path-int");
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", lake.toString());
        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().contains("the manifest's 'path' column is int, not string"), run.err());
        assertFalse(Files.exists(lake));
    }

    @Test
    void aClipIdColumnThatIsNotAStringOrIntegerIsRefused() throws Exception {
        String m = write("clip-id-double", List.of(RowFactory.create(1.5, clip(0))),
                schema("clip_id", DataTypes.DoubleType, "path", DataTypes.StringType));
        Path lake = tmp.resolve("lake-clip-id-double");
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", lake.toString());
        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().contains("the manifest's 'clip_id' column is double, not string"), run.err());
        assertFalse(Files.exists(lake));

        // an integer clip_id is read as its decimal string
        String ints = write("clip-id-long", List.of(RowFactory.create(42L, clip(0))),
                schema("clip_id", DataTypes.LongType, "path", DataTypes.StringType));
        String lakeDir = tmp.resolve("lake-clip-id-long").toString();
        Run ok = score("--manifest", ints, "--model-dir", model.toString(), "--lake", lakeDir, "--run-id", "l");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("42", rowsByKey(lakeDir, "l").get(clip(0)).getAs("clip_id"));
    }

    @Test
    void nullAndBlankPathsBecomeMissingPathRowsAndAreNeverDropped() throws Exception {
        StructType s = schema("clip_id", DataTypes.StringType, "path", DataTypes.StringType);
        String m = write("null-paths", List.of(RowFactory.create("a", clip(0)), RowFactory.create("b", null),
                RowFactory.create("c", "   "), RowFactory.create(null, clip(1)), RowFactory.create(null, null)), s);
        String lakeDir = tmp.resolve("lake-null-paths").toString();
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", lakeDir, "--run-id", "n");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("5 clips scored, 2 ok, 3 errors"), run.out());
        assertTrue(run.out().contains("MISSING_PATH"), run.out());
        Map<String, Row> rows = rowsByKey(lakeDir, "n");
        assertEquals(5, rows.size());
        assertEquals("ok", rows.get(clip(0)).getAs("status"));
        // a NULL clip_id gets the id derived from the path
        assertEquals(ClipIds.of(clip(1)), rows.get(clip(1)).getAs("clip_id"));
        Row nullPath = rows.get("<null:b>");
        assertEquals("MISSING_PATH", nullPath.getAs("error_code"));
        assertEquals("the manifest row has no path (NULL)", nullPath.getAs("error_message"));
        assertEquals("MISSING_PATH", rows.get("   ").getAs("error_code"));
        assertEquals("MISSING_PATH", rows.get("<null:null>").getAs("error_code"));
        Lake lake = Lake.open(spark, lakeDir, Lake.Format.ICEBERG);
        Row errors = ScoreJobTest.ofRun(lake, Lake.ERROR_SUMMARY, "n").first();
        assertEquals("MISSING_PATH", errors.getAs("error_code"));
        assertEquals(3L, (long) errors.<Long>getAs("clips"));
    }

    @Test
    void duplicateClipIdsAreReportedAndEveryRowIsScored() throws Exception {
        StructType s = schema("clip_id", DataTypes.StringType, "path", DataTypes.StringType);
        String m = write("duplicates", List.of(RowFactory.create("x", clip(0)), RowFactory.create("x", clip(1)),
                RowFactory.create("y", clip(2)), RowFactory.create("y", clip(2)), RowFactory.create("y", clip(3)),
                RowFactory.create("z", clip(3))), s);
        String lakeDir = tmp.resolve("lake-duplicates").toString();
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", lakeDir, "--run-id", "d");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("warning: 2 clip_id(s) appear on more than one manifest row (5 rows, e.g. 'x')"),
                run.err());
        assertTrue(run.out().contains("duplicate clip_ids: 2 (on 5 manifest rows, e.g. 'x'); every row was scored"),
                run.out());
        Lake lake = Lake.open(spark, lakeDir, Lake.Format.ICEBERG);
        List<Row> predictions = ScoreJobTest.ofRun(lake, Lake.PREDICTIONS, "d").collectAsList();
        assertEquals(6, predictions.size());
        assertTrue(predictions.stream().allMatch(r -> "ok".equals(r.getAs("status"))));
        Row runRow = ScoreJobTest.ofRun(lake, Lake.RUNS, "d").first();
        assertEquals(2L, (long) runRow.<Long>getAs("duplicate_clip_ids"));
        assertEquals(5L, (long) runRow.<Long>getAs("duplicate_clip_id_rows"));
        assertEquals(6L, (long) runRow.<Long>getAs("clips"));
    }

    @Test
    void anEmptyManifestIsRefusedBeforeAnyWork() {
        String m = write("empty", List.of(), schema("path", DataTypes.StringType));
        Path lake = tmp.resolve("lake-empty");
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", lake.toString());
        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().contains("Cannot score: the manifest " + m + " has no rows"), run.err());
        assertFalse(Files.exists(lake));
    }

    @Test
    void aLakePathThatIsAFileIsRefusedBeforeAnyWork() throws Exception {
        String m = write("lake-file", List.of(RowFactory.create(clip(0))), schema("path", DataTypes.StringType));
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", file.toString());
        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().contains("Cannot score: the lake " + file + " is a file, not a folder"), run.err());
        Run under = score("--manifest", m, "--model-dir", model.toString(), "--lake", file.resolve("lake").toString());
        assertEquals(3, under.exit(), under.err());
        assertTrue(under.err().contains("cannot be created: file:" + file + " is a file, not a folder"), under.err());
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void pathsOutsideTheAllowedRootsAreErrorRowsAndNeverOpened() throws Exception {
        Path inside = clips.resolve("inside");
        Path linkOut = Files.createSymbolicLink(inside.resolve("link-out.wav"), clips.resolve("outside/secret.wav"));
        Path linkIn = Files.createSymbolicLink(inside.resolve("link-in.wav"), inside.resolve("c1.wav"));
        String secret = clips.resolve("outside/secret.wav").toString();
        String escape = inside + "/../outside/secret.wav";
        String sibling = clips.resolve("inside2/sibling.wav").toString();
        String faultyOutside = "faulty:" + clips.resolve("outside/secret.wav");
        String faultyInside = "faulty:" + inside.resolve("c2.wav");
        String missingInside = inside.resolve("nope.wav").toString();
        List<Row> rows = new ArrayList<>();
        for (String p : List.of(clip(0), "file://" + clip(3), linkIn.toString(), missingInside, secret, escape,
                sibling, linkOut.toString(), faultyInside, faultyOutside, "hdfs://elsewhere:8020" + clip(0))) {
            rows.add(RowFactory.create(p));
        }
        String m = write("roots", rows, schema("path", DataTypes.StringType));
        String lakeDir = tmp.resolve("lake-roots").toString();
        FaultInjectingFileSystem.TOUCHED.clear();
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", lakeDir, "--run-id", "roots",
                "--allowed-roots", inside + ",faulty:" + inside);
        assertEquals(0, run.exit(), run.err());
        Map<String, Row> out = rowsByKey(lakeDir, "roots");
        assertEquals(rows.size(), out.size());
        for (String ok : List.of(clip(0), "file://" + clip(3), linkIn.toString(), faultyInside)) {
            assertEquals("ok", out.get(ok).getAs("status"), ok + ": " + out.get(ok).getAs("error_message"));
        }
        assertEquals("FILE_NOT_FOUND", out.get(missingInside).getAs("error_code"));
        for (String refused : List.of(secret, escape, sibling, linkOut.toString(), faultyOutside,
                "hdfs://elsewhere:8020" + clip(0))) {
            assertEquals("PATH_NOT_ALLOWED", out.get(refused).getAs("error_code"), refused);
            assertEquals("error", out.get(refused).getAs("status"));
        }
        assertTrue(out.get(linkOut.toString()).<String>getAs("error_message").contains("symbolic link"));
        // the readable file outside the root was never looked up nor opened through the spying file system
        assertTrue(FaultInjectingFileSystem.TOUCHED.contains(inside.resolve("c2.wav").toString()));
        assertFalse(FaultInjectingFileSystem.TOUCHED.contains(clips.resolve("outside/secret.wav").toString()),
                FaultInjectingFileSystem.TOUCHED.toString());
        Row runRow = ScoreJobTest.ofRun(Lake.open(spark, lakeDir, Lake.Format.ICEBERG), Lake.RUNS, "roots").first();
        assertEquals(inside + ",faulty:" + inside, runRow.getAs("allowed_roots"));

        // the same file without --allowed-roots is read and scored: the refusals above are the option's doing
        Run open = score("--manifest", write("secret", List.of(RowFactory.create(secret)),
                schema("path", DataTypes.StringType)), "--model-dir", model.toString(), "--lake", lakeDir,
                "--run-id", "open");
        assertEquals(0, open.exit(), open.err());
        assertEquals("ok", rowsByKey(lakeDir, "open").get(secret).getAs("status"));
    }

    @Test
    void badAllowedRootsAreUsageErrors() {
        String m = write("roots-bad", List.of(RowFactory.create(clip(0))), schema("path", DataTypes.StringType));
        Run run = score("--manifest", m, "--model-dir", model.toString(), "--lake", tmp.resolve("l").toString(),
                "--allowed-roots", clips + ",,/x");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("empty root in --allowed-roots"), run.err());
    }
}
