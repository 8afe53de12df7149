package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.emolake.cli.ManifestCommand;
import org.emolake.cli.ScoreCommand;
import org.emolake.cli.SqlCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One lake, one format (and one catalog); incremental runs by content identity. */
class LakeRecordTest {
    private static final StructType MANIFEST = DataTypes.createStructType(List.of(
            DataTypes.createStructField("path", DataTypes.StringType, true)));

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path model;
    static String manifest;

    @BeforeAll
    static void setUp() {
        spark = JobFixtures.session("local[2]");
        model = JobFixtures.modelDir(tmp);
        Path clip = JobFixtures.clip(tmp.resolve("clips"), "one.wav", 1);
        manifest = tmp.resolve("manifests/one").toString();
        spark.createDataFrame(List.of(RowFactory.create(clip.toString())), MANIFEST).write().mode(SaveMode.Overwrite)
                .parquet(manifest);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static ManifestAndSqlTest.Out scoreArgs(String... args) {
        return ManifestAndSqlTest.run(ScoreCommand::run, args);
    }

    private static ManifestAndSqlTest.Out score(String lake, String runId, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--manifest", manifest, "--model-dir", model.toString(),
                "--lake", lake, "--run-id", runId, "--no-progress"));
        args.addAll(List.of(more));
        return scoreArgs(args.toArray(String[]::new));
    }

    @Test
    void aLakeKeepsTheFormatOfItsFirstRunAndRefusesTheOther() throws Exception {
        for (String format : List.of("iceberg", "parquet")) {
            String other = format.equals("iceberg") ? "parquet" : "iceberg";
            String lake = tmp.resolve("lake-" + format).toString();
            ManifestAndSqlTest.Out first = score(lake, "r1", "--table-format", format);
            assertEquals(0, first.exit(), first.err());
            assertTrue(Files.readString(Path.of(lake, LakeRecord.FILE)).contains("table_format=" + format));

            ManifestAndSqlTest.Out refused = score(lake, "r2", "--table-format", other);
            assertEquals(3, refused.exit(), refused.err());
            assertTrue(refused.err().contains("the lake " + lake + " holds " + format + " tables; score into it with"
                    + " --table-format " + format), refused.err());
            assertFalse(Files.exists(Path.of(lake, other.equals("parquet") ? "predictions" : "emolake")),
                    "nothing written in the other format");

            // no --table-format: the lake's own
            ManifestAndSqlTest.Out again = score(lake, "r3");
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.out().contains("tables (" + format + ")"), again.out());
            ManifestAndSqlTest.Out sql = ManifestAndSqlTest.run(SqlCommand::run, "--lake", lake, "--format", "csv",
                    "SELECT run_id FROM runs ORDER BY run_id");
            assertEquals(0, sql.exit(), sql.err());
            assertEquals("run_id\nr1\nr3\n", sql.out());
        }
    }

    /** A run that starts while the first run is writing the record (created, not yet written) waits for it. */
    @Test
    void aRecordBeingWrittenIsWaitedFor() throws Exception {
        Path lake = Files.createDirectories(tmp.resolve("being-written"));
        Path record = Files.createFile(lake.resolve(LakeRecord.FILE));
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.writeString(record, "table_format=parquet\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        LakeRecord read = LakeRecord.read(spark.sparkContext().hadoopConfiguration(), lake.toString());
        writer.join();
        assertEquals(Lake.Format.PARQUET, read.format());
    }

    @Test
    void anEmptyRecordLeftForGoodIsDamaged() throws Exception {
        Path lake = Files.createDirectories(tmp.resolve("empty-record"));
        Files.createFile(lake.resolve(LakeRecord.FILE));
        JobException e = org.junit.jupiter.api.Assertions.assertThrows(JobException.class,
                () -> LakeRecord.read(spark.sparkContext().hadoopConfiguration(), lake.toString()));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }

    /** What an overwrite that races another run creating the same Iceberg table is refused with, and nothing else. */
    @Test
    void onlyAMissingTableIsRetried() {
        Exception missing = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> spark.sql("SELECT * FROM no_such_table_here").collectAsList());
        assertTrue(IcebergLake.isMissingTable(new IllegalStateException("wrapped", missing)), missing.toString());
        Exception other = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> spark.sql("SELECT no_such_column FROM VALUES (1) AS t(x)").collectAsList());
        assertFalse(IcebergLake.isMissingTable(other), other.toString());
        assertFalse(IcebergLake.isMissingTable(new java.io.IOException("disk full")));
    }

    @Test
    void aLakeKeepsItsCatalog() {
        String lake = tmp.resolve("lake-catalog").toString();
        ManifestAndSqlTest.Out first = score(lake, "r1");
        assertEquals(0, first.exit(), first.err());
        ManifestAndSqlTest.Out refused = score(lake, "r2", "--catalog", "jdbc", "--catalog-uri",
                "jdbc:sqlite:" + tmp.resolve("other.sqlite"));
        assertEquals(3, refused.exit(), refused.err());
        assertTrue(refused.err().contains("in its hadoop catalog; score into it with --catalog hadoop"), refused.err());
    }

    /** A lake written before lakes recorded their format, with runs in both: refused for scoring, sql shows both. */
    @Test
    void sqlShowsBothFormatsOfAnOlderLakeAndScoringIsRefused() throws Exception {
        String lake = tmp.resolve("lake-both").toString();
        String parquetLake = tmp.resolve("lake-both-parquet").toString();
        assertEquals(0, score(lake, "ice", "--table-format", "iceberg").exit());
        assertEquals(0, score(parquetLake, "par", "--table-format", "parquet").exit());
        Files.delete(Path.of(lake, LakeRecord.FILE));
        for (String table : Lake.TABLES) {
            Files.move(Path.of(parquetLake, table), Path.of(lake, table));
        }

        ManifestAndSqlTest.Out sql = ManifestAndSqlTest.run(SqlCommand::run, "--lake", lake, "--format", "csv",
                "SELECT run_id, table_format FROM runs ORDER BY run_id; SELECT count(*) FROM predictions");
        assertEquals(0, sql.exit(), sql.err());
        assertEquals("run_id,table_format\nice,iceberg\npar,parquet\ncount(1)\n2\n", sql.out());

        ManifestAndSqlTest.Out refused = score(lake, "again");
        assertEquals(3, refused.exit(), refused.err());
        assertTrue(refused.err().contains("holds both iceberg and parquet tables"), refused.err());
    }

    /** A file replaced in place by another clip (same name) is scored again; an unchanged one is skipped. */
    @Test
    void incrementalScoresAFileReplacedInPlaceAgain() throws Exception {
        Path archive = tmp.resolve("archive");
        Path kept = JobFixtures.clip(archive, "kept.wav", 2);
        Path replaced = JobFixtures.clip(archive, "replaced.wav", 3);
        String lake = tmp.resolve("lake-incremental").toString();
        String m1 = tmp.resolve("manifests/night1").toString();
        assertEquals(0, ManifestAndSqlTest.run(ManifestCommand::run, "--root", archive.toString(), "--output", m1)
                .exit());
        ManifestAndSqlTest.Out first = scoreArgs("--manifest", m1, "--model-dir", model.toString(), "--lake", lake,
                "--run-id", "n1", "--incremental", "--no-progress");
        assertEquals(0, first.exit(), first.err());

        Path other = JobFixtures.clip(tmp.resolve("elsewhere"), "other.wav", 7);
        Files.copy(other, replaced, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(replaced, FileTime.from(Instant.now().plusSeconds(60)));
        String m2 = tmp.resolve("manifests/night2").toString();
        assertEquals(0, ManifestAndSqlTest.run(ManifestCommand::run, "--root", archive.toString(), "--output", m2)
                .exit());
        ManifestAndSqlTest.Out second = scoreArgs("--manifest", m2, "--model-dir", model.toString(), "--lake", lake,
                "--run-id", "n2", "--incremental", "--no-progress");
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("1 skipped"), second.out());

        Lake l = Lake.open(spark, lake, Lake.Format.ICEBERG);
        List<Row> rescored = l.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("n2"))).collectAsList();
        assertEquals(1, rescored.size());
        Row now = rescored.get(0);
        assertTrue(now.<String>getAs("path").endsWith("replaced.wav"));
        assertEquals(Files.size(replaced), (long) now.<Long>getAs("size_bytes"));
        Row before = l.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("n1"))
                .and(col("path").endsWith("replaced.wav"))).first();
        assertNotEquals(before.<Object>getAs("modified_at"), now.getAs("modified_at"));
        assertNotEquals(before.<Object>getAs("probabilities"), now.getAs("probabilities"), "the new clip's scores");

        // nothing changed since: nothing to score
        ManifestAndSqlTest.Out third = scoreArgs("--manifest", m2, "--model-dir", model.toString(), "--lake", lake,
                "--run-id", "n3", "--incremental", "--no-progress");
        assertEquals(0, third.exit(), third.err());
        Set<String> runs = l.read(Lake.PREDICTIONS).select("run_id").distinct().collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toSet());
        assertEquals(Set.of("n1", "n2"), runs);
        assertTrue(kept.toFile().exists());
    }
}
