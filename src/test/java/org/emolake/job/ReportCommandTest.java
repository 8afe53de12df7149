package org.emolake.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.emolake.cli.ReportCommand;
import org.emolake.cli.ScoreCommand;
import org.emolake.report.HtmlReport;
import org.emolake.report.ReportPages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * emolake report and score --report on a lake the test makes: two scoring runs (one bad file among the clips), then a
 * segments table added as the segmenting job writes it.
 */
class ReportCommandTest {
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

    @Test
    void reportsARunWithGroupsErrorsTrendAndTimelinesOnceSegmentsExist() throws Exception {
        Path audio = tmp.resolve("audio");
        List<Row> manifestRows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path clip = JobFixtures.clip(audio, "c" + i + ".wav", i);
            manifestRows.add(RowFactory.create(clip.toUri().toString(), "c" + i, i % 2 == 0 ? "en" : "de"));
        }
        Path bad = Files.writeString(audio.resolve("broken.wav"), "not audio");
        manifestRows.add(RowFactory.create(bad.toUri().toString(), "broken", "en"));
        StructType manifestSchema = new StructType().add("path", DataTypes.StringType).add("clip_id",
                DataTypes.StringType).add("language", DataTypes.StringType);
        String manifest = tmp.resolve("manifest").toString();
        spark.createDataFrame(manifestRows, manifestSchema).write().parquet(manifest);
        String lake = tmp.resolve("lake").toString();
        String model = JobFixtures.modelDir(tmp).toString();

        ManifestAndSqlTest.Out first = ManifestAndSqlTest.run(ScoreCommand::run, "--manifest", manifest,
                "--model-dir", model, "--lake", lake, "--run-id", "r1", "--table-format", "parquet", "--no-progress");
        assertEquals(0, first.exit(), first.err());
        Path scoreReport = tmp.resolve("out/r2.html");
        ManifestAndSqlTest.Out second = ManifestAndSqlTest.run(ScoreCommand::run, "--manifest", manifest,
                "--model-dir", model, "--lake", lake, "--run-id", "r2", "--table-format", "parquet", "--group-by", "language",
                "--no-progress",
                "--report", scoreReport.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("report: " + scoreReport), second.out());

        String html = Files.readString(scoreReport);
        Map<String, String> sections = ReportPages.sections(html);
        assertEquals(HtmlReport.SECTIONS, List.copyOf(sections.keySet()));
        ReportPages.assertSelfContained(html);
        assertTrue(sections.get("lineage").contains("r2"), sections.get("lineage"));
        assertTrue(sections.get("errors").contains("broken.wav") && !ReportPages.charts(sections.get("errors")).isEmpty(),
                sections.get("errors"));
        assertTrue(sections.get("groups").contains(">de<") && sections.get("groups").contains(">en<"),
                "the run's --group-by column by default: " + sections.get("groups"));
        assertTrue(ReportPages.charts(sections.get("trend")).get(0).description().contains("last 2 runs"),
                "both runs compared");
        assertTrue(sections.get("timelines").contains("no segments table"), sections.get("timelines"));

        addSegments(lake, "r2", "c2", audio.resolve("c2.wav").toUri().toString());
        Path report = tmp.resolve("report.html");
        ManifestAndSqlTest.Out byClass = ManifestAndSqlTest.run(ReportCommand::run, "--lake", lake, "--run-id", "r2",
                "--timeline-class", "sad", "--output", report.toString());
        assertEquals(0, byClass.exit(), byClass.err());
        Map<String, String> withSegments = ReportPages.sections(Files.readString(report));
        assertEquals(1, ReportPages.charts(withSegments.get("timelines")).size(), withSegments.get("timelines"));
        assertTrue(withSegments.get("timelines").contains("highest share of sad")
                && withSegments.get("timelines").contains("27 segments"), withSegments.get("timelines"));
        ReportPages.assertSelfContained(Files.readString(report));

        ManifestAndSqlTest.Out missing = ManifestAndSqlTest.run(ReportCommand::run, "--lake", lake, "--run-id", "r9",
                "--output", report.toString());
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains("no run 'r9'") && missing.err().contains("r1, r2"), missing.err());
        ManifestAndSqlTest.Out both = ManifestAndSqlTest.run(ReportCommand::run, "--lake", lake, "--run-id", "r2",
                "--last", "3", "--output", report.toString());
        assertEquals(2, both.exit(), "--run-id and --last exclude each other");
    }

    /**
     * 27 segments of 3 s every 1.5 s (a 42-s call), one silent and one failed, as the segmenting job writes its table.
     */
    private static void addSegments(String lake, String runId, String clipId, String path) throws JobException {
        StructType schema = new StructType().add("clip_id", DataTypes.StringType).add("path", DataTypes.StringType)
                .add("segment_index", DataTypes.IntegerType).add("offset_s", DataTypes.DoubleType)
                .add("duration_s", DataTypes.DoubleType).add("status", DataTypes.StringType)
                .add("error_code", DataTypes.StringType).add("error_message", DataTypes.StringType)
                .add("label", DataTypes.StringType).add("confidence", DataTypes.DoubleType)
                .add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
                .add("rms_dbfs", DataTypes.DoubleType).add("silent", DataTypes.BooleanType)
                .add("scored_at", DataTypes.TimestampType).add("model_name", DataTypes.StringType)
                .add("model_sha256", DataTypes.StringType).add("feature_set", DataTypes.StringType)
                .add("run_id", DataTypes.StringType).add("run_date", DataTypes.DateType);
        List<Row> rows = new ArrayList<>();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        for (int k = 0; k < 27; k++) {
            double sad = k < 13 ? 0.8 : 0.2;
            boolean silent = k == 5;
            if (k == 20) {
                // failed before its audio was read: no duration, no level, no probabilities
                rows.add(RowFactory.create(clipId, path, k, 1.5 * k, null, "error", "TIMEOUT", "too slow", null, null,
                        null, null, null, now, "m", "sha", "fs", runId, Date.valueOf(LocalDate.now())));
                continue;
            }
            rows.add(RowFactory.create(clipId, path, k, 1.5 * k, 3.0, "ok", null, null, sad > 0.5 ? "sad" : "angry",
                    Math.max(sad, 1 - sad), silent ? null : scala.jdk.javaapi.CollectionConverters.asScala(
                            Map.of("sad", sad, "angry", 1 - sad)), silent ? -80.0 : -20.0, silent, now, "m", "sha",
                    "fs", runId, Date.valueOf(LocalDate.now())));
        }
        Lake.open(spark, lake, Lake.Format.PARQUET).replaceRun(ReportData.SEGMENTS, spark.createDataFrame(rows, schema),
                runId, true);
    }
}
