package org.emolake.job;

import org.emolake.cli.ManifestCommand;
import org.emolake.cli.ScoreCommand;
import org.emolake.cli.SqlCommand;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** emolake manifest and emolake sql on local[2]. */
class ManifestAndSqlTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = JobFixtures.session("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    record Out(int exit, String out, String err) {
    }

    interface Command {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static Out run(Command command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void manifestListsAudioFilesOfTheWholeTreeThenScoresAndQueries() throws Exception {
        Path root = tmp.resolve("archive");
        JobFixtures.clip(root, "top.wav", 0);
        JobFixtures.clip(root.resolve("a"), "one.WAV", 1);
        JobFixtures.clip(root.resolve("a/b/c"), "deep.Wave", 2);
        JobFixtures.clip(root.resolve("d"), "x.wav", 3);
        Files.writeString(root.resolve("a/notes.txt"), "not audio");
        Files.writeString(root.resolve("d/x.wav.bak"), "not audio");
        Files.createDirectories(root.resolve("empty"));
        String manifest = tmp.resolve("manifest").toString();
        Out m = run(ManifestCommand::run, "--root", root.toString(), "--output", manifest);
        assertEquals(0, m.exit(), m.err());
        assertTrue(m.out().contains("; 2 other files skipped") && m.out().contains("x.wav.bak"), m.out());
        List<Row> rows = spark.read().parquet(manifest).collectAsList();
        assertEquals(List.of("path", "clip_id", "size_bytes", "modified_at", "frames", "sample_rate", "channels",
                "format", "duration_s", "header_error"), List.of(spark.read().parquet(manifest).schema().fieldNames()));
        Set<String> names = rows.stream().map(r -> Path.of(java.net.URI.create(r.<String>getAs("path"))).getFileName()
                .toString()).collect(Collectors.toSet());
        assertEquals(Set.of("top.wav", "one.WAV", "deep.Wave", "x.wav"), names);
        for (Row r : rows) {
            assertEquals(ClipIds.of(r.getAs("path")), r.getAs("clip_id"));
            assertEquals(Files.size(Path.of(java.net.URI.create(r.<String>getAs("path")))), (long) r.<Long>getAs("size_bytes"));
            // JobFixtures.wav: 16-bit mono PCM, a 44-byte header
            assertNull(r.getAs("header_error"), r.toString());
            assertEquals("wav", r.getAs("format"));
            assertEquals(1, (int) r.<Integer>getAs("channels"));
            assertEquals((r.<Long>getAs("size_bytes") - 44) / 2, (long) r.<Long>getAs("frames"));
            assertEquals((double) r.<Long>getAs("frames") / r.<Integer>getAs("sample_rate"),
                    r.<Double>getAs("duration_s"), 1e-12);
        }

        String lake = tmp.resolve("lake").toString();
        Out s = run(ScoreCommand::run, "--manifest", manifest, "--model-dir", JobFixtures.modelDir(tmp).toString(),
                "--lake", lake, "--run-id", "q1");
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().contains("4 clips scored"), s.out());

        Out table = run(SqlCommand::run, "--lake", lake,
                "SELECT count(*) AS n, sum(size_bytes) > 0 AS sized FROM predictions WHERE run_id = 'q1'");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("| 4 ") && table.out().contains("(1 row)"), table.out());
        Out csv = run(SqlCommand::run, "--lake", lake, "--format", "csv",
                "SELECT r.run_id, r.clips_ok, (SELECT sum(clips) FROM class_summary) AS classified FROM runs r");
        assertEquals(0, csv.exit(), csv.err());
        assertEquals("run_id,clips_ok,classified\nq1,4,4\n", csv.out());
        Out json = run(SqlCommand::run, "--lake", lake, "--format", "json",
                "SELECT clip_id, probabilities FROM predictions ORDER BY clip_id LIMIT 1");
        assertEquals(0, json.exit(), json.err());
        assertTrue(json.out().startsWith("{\"clip_id\":\"") && json.out().contains("\"probabilities\":{"), json.out());
        Out bad = run(SqlCommand::run, "--lake", lake, "SELECT nosuch FROM predictions");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("nosuch"), bad.err());
        Out syntax = run(SqlCommand::run, "--lake", lake, "SELECT 1; SELEC 1");
        assertEquals(2, syntax.exit());
        assertTrue(syntax.err().startsWith("emolake sql: statement 2 of 2: [PARSE_SYNTAX_ERROR]")
                && syntax.err().contains("'SELEC'"), "Spark's own message: " + syntax.err());
        assertTrue(!syntax.err().contains("\tat "), "no stack trace without --verbose: " + syntax.err());
        assertEquals("", syntax.out(), "a syntax error anywhere: nothing runs");
        Path script = Files.writeString(tmp.resolve("queries.sql"),
                "-- two statements; one file\nSELECT 'a;b' AS s;\nSELECT count(*) AS n FROM runs;\n");
        Out file = run(SqlCommand::run, "--lake", lake, "--format", "csv", "SELECT 1 AS one", "--file",
                script.toString());
        assertEquals(0, file.exit(), file.err());
        assertEquals("one\n1\ns\na;b\nn\n1\n", file.out());
        Out nulls = run(SqlCommand::run, "--lake", lake, "--format", "json",
                "SELECT CAST(NULL AS STRING) AS label, TIMESTAMP '2026-01-02 03:04:05.5' AS at");
        assertEquals("{\"label\":null,\"at\":\"2026-01-02T03:04:05.500000Z\"}\n", nulls.out(), nulls.err());
        Out csvTime = run(SqlCommand::run, "--lake", lake, "--format", "csv",
                "SELECT TIMESTAMP '2026-01-02 03:04:05.5' AS at");
        assertEquals("at\n2026-01-02T03:04:05.500000Z\n", csvTime.out(), csvTime.err());
        Out noLake = run(SqlCommand::run, "--lake", tmp.resolve("nolake").toString(), "SELECT 1");
        assertEquals(3, noLake.exit());
        assertTrue(noLake.err().contains("no emolake tables"), noLake.err());
    }

    @Test
    void manifestOfAMissingFolderIsAClearError() {
        Out m = run(ManifestCommand::run, "--root", tmp.resolve("nope").toString(), "--output",
                tmp.resolve("m2").toString());
        assertEquals(3, m.exit());
        assertTrue(m.err().contains("does not exist"), m.err());
    }
}
