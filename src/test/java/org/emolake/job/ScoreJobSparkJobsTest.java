package org.emolake.job;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.emolake.cli.ScoreCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark jobs of one small {@code score} run (each job's planning and scheduling is part of a run's fixed cost;
 * docs/PERFORMANCE.md, "Spark fixed cost of {@code score}"). What remains, with adaptive
 * query execution's shuffle-map stages as jobs of their own: the manifest's row count and duplicate clip ids (3),
 * the segment plan (3), the predictions (2: the even spread, then scoring and the write), the one aggregation of the
 * summaries (2), the class_summary, error_summary and runs writes (3). An Iceberg rerun also reads the runs table for
 * the run's date (a Parquet lake finds it in a folder name). Adding a job back fails this test.
 */
class ScoreJobSparkJobsTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path model;
    static String manifest;
    static final List<String> jobs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        spark = JobFixtures.session("local[1]");
        model = JobFixtures.modelDir(tmp);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path p = JobFixtures.clip(tmp.resolve("clips"), "clip" + i + ".wav", i);
            rows.add(RowFactory.create(p.toString(), "spk" + (i % 2)));
        }
        Path bad = Files.writeString(tmp.resolve("clips/bad.wav"), "not audio", StandardCharsets.UTF_8);
        rows.add(RowFactory.create(bad.toString(), "spk0"));
        manifest = JobFixtures.speakerManifest(spark, tmp.resolve("manifest"), rows);
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.add(String.join(" | ", scala.jdk.javaapi.CollectionConverters.asJava(start.stageInfos()).stream()
                        .map(org.apache.spark.scheduler.StageInfo::name).toList()));
            }
        });
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    @ParameterizedTest
    @CsvSource({"parquet, 13, 13", "iceberg, 13, 14"})
    void aSmallRunRunsNoMoreSparkJobsThanItNeeds(String format, int firstRunCeiling, int rerunCeiling)
            throws Exception {
        String lake = tmp.resolve("lake-" + format).toString();
        List<String> first = jobsOf(lake, format);
        assertTrue(first.size() <= firstRunCeiling, "first run: " + first.size() + " Spark jobs:\n"
                + String.join("\n", first));
        // the same run id again: the run's date is looked up, its rows replaced
        List<String> rerun = jobsOf(lake, format);
        assertTrue(rerun.size() <= rerunCeiling, "rerun: " + rerun.size() + " Spark jobs:\n"
                + String.join("\n", rerun));
    }

    private static List<String> jobsOf(String lake, String format) throws Exception {
        spark.sparkContext().listenerBus().waitUntilEmpty();
        jobs.clear();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScoreCommand.run(new String[] {"--manifest", manifest, "--model-dir", model.toString(), "--lake",
                lake, "--run-id", "r1", "--table-format", format, "--group-by", "speaker", "--no-progress"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("5 clips scored, 4 ok, 1 errors"), summary);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return List.copyOf(jobs);
    }
}
