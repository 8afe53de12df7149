package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.emolake.scoring.ScoringLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two runs committing to the same lake's tables at the same time, each on its own Spark session (so its own catalog
 * instance, as two jobs have): no lost commit, no damaged table, each run's rows exactly once, in each catalog.
 */
class ConcurrentCommitsTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path model;
    static String manifestA;
    static String manifestB;

    @BeforeAll
    static void setUp() {
        spark = JobFixtures.session("local[2]");
        model = JobFixtures.modelDir(tmp);
        List<Row> a = new ArrayList<>();
        List<Row> b = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path clip = JobFixtures.clip(tmp.resolve("clips"), "c" + i + ".wav", i);
            (i < 3 ? a : b).add(RowFactory.create(clip.toString(), "spk" + (i % 2)));
        }
        manifestA = manifest("a", a);
        manifestB = manifest("b", b);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static String manifest(String name, List<Row> rows) {
        return JobFixtures.speakerManifest(spark, tmp.resolve("manifests/" + name), rows);
    }

    @Test
    void hadoopCatalogOnALocalFolder() throws Exception {
        twoRunsAtOnce("hadoop", new LakeCatalog.Choice(LakeCatalog.Kind.HADOOP, null), Map.of());
    }

    @Test
    void jdbcCatalogOnSqlite() throws Exception {
        twoRunsAtOnce("sqlite", new LakeCatalog.Choice(LakeCatalog.Kind.JDBC,
                "jdbc:sqlite:" + tmp.resolve("catalog.sqlite")), Map.of());
    }

    @Test
    void jdbcCatalogOnPostgresql() throws Exception {
        try (TestPostgres pg = TestPostgres.start(tmp.resolve("postgres"))) {
            // the user comes from the configuration, as credentials must
            twoRunsAtOnce("postgres", new LakeCatalog.Choice(LakeCatalog.Kind.JDBC, pg.jdbcUrl()),
                    Map.of(LakeCatalog.USER_CONF, "postgres"));
        }
    }

    /**
     * Runs a and b start together on a new lake (both create the tables), then a again (replacing its rows) and c
     * together; every run must be there once, and every commit in the tables' history.
     */
    private void twoRunsAtOnce(String name, LakeCatalog.Choice catalog, Map<String, String> conf) throws Exception {
        String lakeDir = tmp.resolve("lake-" + name).toString();
        together(lakeDir, catalog, conf, "a", manifestA, "b", manifestB);
        together(lakeDir, catalog, conf, "a", manifestA, "c", manifestB);

        SparkSession reader = session(conf);
        Lake lake = Lake.open(reader, lakeDir, Lake.Format.ICEBERG, catalog);
        assertEquals(catalog.kind(), ((IcebergLake) lake).catalogKind());
        Map<String, Long> perRun = counts(lake, Lake.PREDICTIONS);
        assertEquals(Map.of("a", 3L, "b", 3L, "c", 3L), perRun, "predictions per run");
        assertEquals(Map.of("a", 1L, "b", 1L, "c", 1L), counts(lake, Lake.RUNS), "runs");
        for (Row run : lake.read(Lake.RUNS).collectAsList()) {
            String id = run.getAs("run_id");
            long summarised = lake.read(Lake.CLASS_SUMMARY).filter(col("run_id").equalTo(lit(id)))
                    .agg(org.apache.spark.sql.functions.sum("clips")).first().getLong(0);
            assertEquals((long) run.<Long>getAs("clips_ok"), summarised, "class_summary of run " + id);
            assertEquals(3L, (long) run.<Long>getAs("clips"));
        }
        // four commits each (a, b, a again, c): none lost, none doubled
        for (String table : Lake.TABLES) {
            long snapshots = reader.sql("SELECT * FROM " + lake.sqlName(table) + ".snapshots").count();
            assertEquals(4, snapshots, table + " snapshots");
        }
    }

    private static void together(String lakeDir, LakeCatalog.Choice catalog, Map<String, String> conf,
            String run1, String manifest1, String run2, String manifest2) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ScoreJob.Result> first = pool.submit(() -> run(lakeDir, catalog, conf, run1, manifest1));
            Future<ScoreJob.Result> second = pool.submit(() -> run(lakeDir, catalog, conf, run2, manifest2));
            assertEquals(run1, first.get(5, TimeUnit.MINUTES).runId());
            assertEquals(run2, second.get(5, TimeUnit.MINUTES).runId());
        } finally {
            pool.shutdownNow();
        }
    }

    private static ScoreJob.Result run(String lakeDir, LakeCatalog.Choice catalog, Map<String, String> conf, String runId,
            String manifest) throws JobException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ScoreJob.Options o = new ScoreJob.Options(manifest, model.toString(), lakeDir, runId, Lake.Format.ICEBERG,
                List.of(), 4, 2, false, false, false, null, ScoringLimits.defaults(), catalog, SegmentOptions.DEFAULTS);
        SparkSession session = session(conf);
        SparkSession.setActiveSession(session); // as on a job's driver thread
        ScoreJob.Result r = ScoreJob.run(session, o, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(3, r.clips(), err.toString(StandardCharsets.UTF_8));
        return r;
    }

    private static SparkSession session(Map<String, String> conf) {
        SparkSession s = spark.newSession();
        conf.forEach((k, v) -> s.conf().set(k, v));
        return s;
    }

    private static Map<String, Long> counts(Lake lake, String table) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : lake.read(table).groupBy("run_id").count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }
}
