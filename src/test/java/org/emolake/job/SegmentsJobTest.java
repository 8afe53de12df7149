package org.emolake.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.emolake.cli.ScoreCommand;
import org.emolake.scoring.AudioSource;
import org.emolake.scoring.ClipOutcome;
import org.emolake.scoring.ClipPipeline;
import org.emolake.scoring.ScoringLimits;
import org.emolake.scoring.SegmentGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long recordings on local[2]: a 100-s call with a pause is scored by segments (two ranges, so two work items) next
 * to short clips, which are scored exactly as with {@code --segments never}; the segments table holds the grid of
 * spec/segments.py, and the call's verdict in predictions is the mean of its ok, non-silent segments.
 */
class SegmentsJobTest {
    static final int RATE = 8000;
    static final double SECONDS = 100;
    static final double QUIET_FROM = 40;
    static final double QUIET_TO = 55;
    static final double WINDOW = 3.0;
    static final double HOP = 1.5;
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path model;

    @BeforeAll
    static void start() {
        spark = JobFixtures.session("local[2]");
        model = JobFixtures.modelDir(tmp);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aLongRecordingIsScoredBySegmentsAndShortClipsAsBefore() throws Exception {
        Path call = JobFixtures.recording(tmp.resolve("a/call.wav"), RATE, SECONDS, 180, 1, QUIET_FROM, QUIET_TO);
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(call.toString(), "spk0", 0));
        for (int i = 1; i <= 3; i++) {
            rows.add(RowFactory.create(JobFixtures.clip(tmp.resolve("a"), "short" + i + ".wav", i).toString(),
                    "spk" + i, i));
        }
        // a second long recording: each verdict must come from its own segments only
        Path other = JobFixtures.recording(tmp.resolve("a/other.wav"), 16000, 30, 260, 3);
        rows.add(RowFactory.create(other.toString(), "spk4", 4));
        String manifest = manifest("m1", rows);
        String auto = tmp.resolve("lake-auto").toString();
        String never = tmp.resolve("lake-never").toString();
        score(manifest, auto, "seg", "iceberg", "--group-by", "speaker");
        score(manifest, never, "whole", "parquet", "--segments", "never");

        Lake lake = Lake.open(spark, auto, Lake.Format.ICEBERG);
        List<Row> segments = lake.read(Lake.SEGMENTS).filter(col("run_id").equalTo(lit("seg"))
                .and(col("path").equalTo(call.toString()))).orderBy("segment_index").collectAsList();
        int count = JobFixtures.segmentCount(Math.round(SECONDS * RATE), RATE, WINDOW, HOP);
        assertEquals(66, count, "100 s: the first k with 1.5 k + 3 >= 100 is 65");
        assertEquals(count, segments.size());
        Map<String, Double> sum = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        int usable = 0;
        double silentSeconds = 0;
        for (int k = 0; k < count; k++) {
            Row s = segments.get(k);
            double offset = k * HOP;
            assertEquals(k, (int) s.<Integer>getAs("segment_index"));
            assertEquals(offset, s.<Double>getAs("offset_s"), 0.0);
            long start = (long) (offset * RATE);
            long read = Math.min((long) (WINDOW * RATE), Math.round(SECONDS * RATE) - start);
            assertEquals((double) read / RATE, s.<Double>getAs("duration_s"), 1e-9, "segment " + k);
            assertEquals("ok", s.getAs("status"), () -> s.getAs("error_message"));
            assertEquals("spk0", s.getAs("speaker"));
            assertEquals(ClipIds.of(call.toString()), s.getAs("clip_id"));
            boolean inPause = offset >= QUIET_FROM && offset + WINDOW <= QUIET_TO;
            boolean inSpeech = offset + WINDOW <= QUIET_FROM || offset >= QUIET_TO;
            boolean silent = s.getAs("silent");
            if (inPause) {
                assertTrue(silent, "segment " + k + " lies in the pause: " + s.getAs("rms_dbfs") + " dBFS");
            }
            if (inSpeech) {
                assertFalse(silent, "segment " + k + " lies in speech: " + s.getAs("rms_dbfs") + " dBFS");
            }
            double owned = owned(k, count);
            if (silent) {
                silentSeconds += owned;
                continue;
            }
            usable++;
            Map<String, Double> p = s.getJavaMap(s.fieldIndex("probabilities"));
            p.forEach((label, v) -> sum.merge(label, v, Double::sum));
            seconds.merge(s.getAs("label"), owned, Double::sum);
        }
        assertTrue(usable > 40 && usable < count, usable + " usable segments");

        Row verdict = lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("seg"))
                .and(col("path").equalTo(call.toString()))).first();
        assertEquals("ok", verdict.getAs("status"));
        assertEquals("segments", verdict.getAs("scored_as"));
        assertEquals(count, (int) verdict.<Integer>getAs("n_segments"));
        assertEquals(SECONDS, verdict.<Double>getAs("duration_s"), 1e-9);
        assertEquals(RATE, (int) verdict.<Integer>getAs("source_sample_rate"));
        Map<String, Double> mean = verdict.getJavaMap(verdict.fieldIndex("probabilities"));
        assertEquals(sum.keySet(), mean.keySet());
        String top = null;
        for (Map.Entry<String, Double> e : sum.entrySet()) {
            assertEquals(e.getValue() / usable, mean.get(e.getKey()), 1e-12, e.getKey());
            if (top == null || e.getValue() > sum.get(top)) {
                top = e.getKey();
            }
        }
        assertEquals(top, verdict.getAs("label"));
        assertEquals(sum.get(top) / usable, verdict.<Double>getAs("confidence"), 1e-12);
        Map<String, Double> perClass = verdict.getJavaMap(verdict.fieldIndex("seconds_per_class"));
        assertEquals(seconds.keySet(), perClass.keySet());
        seconds.forEach((label, s) -> assertEquals(s, perClass.get(label), 1e-9, label));
        double counted = perClass.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(SECONDS, counted + silentSeconds, 1e-9, "every second of the call is counted once");

        int otherCount = JobFixtures.segmentCount(30L * 16000, 16000, WINDOW, HOP);
        List<Row> otherSegments = lake.read(Lake.SEGMENTS).filter(col("run_id").equalTo(lit("seg"))
                .and(col("path").equalTo(other.toString()))).collectAsList();
        assertEquals(otherCount, otherSegments.size());
        Map<String, Double> otherSum = new HashMap<>();
        otherSegments.forEach(r -> r.<String, Double>getJavaMap(r.fieldIndex("probabilities"))
                .forEach((label, v) -> otherSum.merge(label, v, Double::sum)));
        Row otherVerdict = lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("seg"))
                .and(col("path").equalTo(other.toString()))).first();
        assertEquals(otherCount, (int) otherVerdict.<Integer>getAs("n_segments"));
        Map<String, Double> otherMean = otherVerdict.getJavaMap(otherVerdict.fieldIndex("probabilities"));
        otherSum.forEach((label, v) -> assertEquals(v / otherCount, otherMean.get(label), 1e-12, label));
        assertEquals(rows.size(), lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("seg"))).count());

        // the short clips: as --segments never scores them
        Lake whole = Lake.open(spark, never, Lake.Format.PARQUET);
        String[] compared = {"path", "status", "label", "confidence", "duration_s", "source_sample_rate"};
        for (int i = 1; i <= 3; i++) {
            String path = rows.get(i).getString(0);
            Row a = lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("seg"))
                    .and(col("path").equalTo(path))).first();
            Row b = whole.read(Lake.PREDICTIONS).filter(col("path").equalTo(path)).first();
            for (String c : compared) {
                assertEquals(b.<Object>getAs(c), a.<Object>getAs(c), c + " of " + path);
            }
            assertEquals(b.getJavaMap(b.fieldIndex("probabilities")), a.getJavaMap(a.fieldIndex("probabilities")));
            assertEquals("clip", a.getAs("scored_as"));
            assertNull(a.getAs("n_segments"));
            assertNull(a.getAs("seconds_per_class"));
        }
        assertFalse(whole.exists(Lake.SEGMENTS), "--segments never writes no segments");
        Row call0 = whole.read(Lake.PREDICTIONS).filter(col("path").equalTo(call.toString())).first();
        assertEquals("clip", call0.getAs("scored_as"));

        // class_summary counts recordings, and seconds of audio per class
        List<Row> summary = lake.read(Lake.CLASS_SUMMARY).filter(col("run_id").equalTo(lit("seg"))).collectAsList();
        double shortSeconds = 0;
        for (int i = 1; i <= 3; i++) {
            shortSeconds += lake.read(Lake.PREDICTIONS).filter(col("path").equalTo(rows.get(i).getString(0)))
                    .first().<Double>getAs("duration_s");
        }
        double otherSeconds = otherVerdict.<String, Double>getJavaMap(otherVerdict.fieldIndex("seconds_per_class"))
                .values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(30.0, otherSeconds, 1e-9, "no pause in the other recording");
        assertEquals(5L, summary.stream().mapToLong(r -> r.<Long>getAs("clips")).sum());
        assertEquals(shortSeconds + counted + otherSeconds,
                summary.stream().mapToDouble(r -> r.<Double>getAs("seconds")).sum(), 1e-9);
        Row run = lake.read(Lake.RUNS).filter(col("run_id").equalTo(lit("seg"))).first();
        assertEquals(5L, (long) run.<Long>getAs("clips"));
        assertEquals((long) count + otherCount, (long) run.<Long>getAs("segments"));

        assertFalse(List.of(lake.read(Lake.SEGMENTS).columns()).contains("features"), "features only when kept");

        // a rerun of the run id replaces its segments: each once; with --keep-features each segment row carries the
        // 110 features of its own window, those `features --segments` computes
        score(manifest, auto, "seg", "iceberg", "--group-by", "speaker", "--keep-features");
        assertEquals(count + otherCount, lake.read(Lake.SEGMENTS).filter(col("run_id").equalTo(lit("seg")))
                .select("path", "segment_index").distinct().count());
        assertEquals(count + otherCount, lake.read(Lake.SEGMENTS).filter(col("run_id").equalTo(lit("seg"))).count());
        List<ClipOutcome> expected = ClipPipeline.featuresOnly(ScoringLimits.defaults())
                .segments(AudioSource.file(other), SegmentGrid.DEFAULT, 0, Integer.MAX_VALUE, true);
        List<Row> kept = lake.read(Lake.SEGMENTS).filter(col("run_id").equalTo(lit("seg"))
                .and(col("path").equalTo(other.toString()))).orderBy("segment_index").collectAsList();
        assertEquals(expected.size(), kept.size());
        for (int k = 0; k < kept.size(); k++) {
            List<Double> features = kept.get(k).getList(kept.get(k).fieldIndex("features"));
            double[] want = expected.get(k).features();
            assertEquals(want.length, features.size(), "segment " + k);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], features.get(i), 0.0, "segment " + k + ", feature " + i);
            }
        }
        Row keptVerdict = lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("seg"))
                .and(col("path").equalTo(other.toString()))).first();
        assertNull(keptVerdict.getAs("features"), "a recording's features are its segments'");
        Row keptClip = lake.read(Lake.PREDICTIONS).filter(col("run_id").equalTo(lit("seg"))
                .and(col("path").equalTo(rows.get(1).getString(0)))).first();
        assertEquals(110, keptClip.getList(keptClip.fieldIndex("features")).size());
    }

    @Test
    void aSilentRecordingHasAnErrorRowNotALabelAndAnUnreadableOneItsOwnError() throws Exception {
        Path silent = JobFixtures.recording(tmp.resolve("b/silent.wav"), RATE, 12, 200, 2, 0, 12);
        Path corrupt = Files.writeString(tmp.resolve("b/corrupt.wav"), "not audio at all", StandardCharsets.UTF_8);
        Path clip = JobFixtures.clip(tmp.resolve("b"), "short.wav", 5);
        String manifest = manifest("m2", List.of(RowFactory.create(silent.toString(), "spk0", 0),
                RowFactory.create(corrupt.toString(), "spk1", 1), RowFactory.create(clip.toString(), "spk2", 2)));
        String lakeDir = tmp.resolve("lake-silent").toString();
        score(manifest, lakeDir, "quiet", "parquet");
        Lake lake = Lake.open(spark, lakeDir, Lake.Format.PARQUET);

        int count = JobFixtures.segmentCount(12L * RATE, RATE, WINDOW, HOP);
        List<Row> segments = lake.read(Lake.SEGMENTS).collectAsList();
        assertEquals(count, segments.size());
        for (Row s : segments) {
            assertEquals(silent.toString(), s.getAs("path"));
            assertEquals("ok", s.getAs("status"), () -> s.getAs("error_message"));
            assertTrue(s.<Boolean>getAs("silent"), s.getAs("rms_dbfs") + " dBFS");
            assertTrue(s.<Double>getAs("rms_dbfs") < -60, s.getAs("rms_dbfs") + " dBFS");
        }
        Row verdict = lake.read(Lake.PREDICTIONS).filter(col("path").equalTo(silent.toString())).first();
        assertEquals("error", verdict.getAs("status"));
        assertEquals("NO_SCORABLE_SEGMENTS", verdict.getAs("error_code"));
        assertNull(verdict.getAs("label"));
        assertNull(verdict.getAs("probabilities"));
        assertEquals(count, (int) verdict.<Integer>getAs("n_segments"));
        String message = verdict.getAs("error_message");
        assertTrue(message.contains(silent.toString()) && message.contains(count + " silent, 0 failed"), message);

        Row bad = lake.read(Lake.PREDICTIONS).filter(col("path").equalTo(corrupt.toString())).first();
        assertEquals("error", bad.getAs("status"));
        assertNotNull(bad.getAs("error_code"));
        assertEquals("clip", bad.getAs("scored_as"), "a file whose header cannot be read is scored (and refused) whole");
        assertEquals("ok", lake.read(Lake.PREDICTIONS).filter(col("path").equalTo(clip.toString())).first()
                .getAs("status"));
        assertEquals(3, lake.read(Lake.PREDICTIONS).count());
        Row errors = lake.read(Lake.ERROR_SUMMARY).filter(col("error_code").equalTo("NO_SCORABLE_SEGMENTS")).first();
        assertEquals(1L, (long) errors.<Long>getAs("clips"));
    }

    /** The stretch of the recording segment k speaks for: between the midpoints of neighbouring centres. */
    static double owned(int k, int count) {
        double centre = k * HOP + WINDOW / 2;
        double start = k == 0 ? 0 : centre - HOP / 2;
        double end = k == count - 1 ? SECONDS : Math.min(SECONDS, centre + HOP / 2);
        return end - start;
    }

    static String manifest(String name, List<Row> rows) {
        String path = tmp.resolve(name).toString();
        spark.createDataFrame(rows, ScoreJobTest.MANIFEST).write().mode(SaveMode.Overwrite).parquet(path);
        return path;
    }

    static void score(String manifest, String lake, String runId, String format, String... more) {
        List<String> args = new ArrayList<>(List.of("--manifest", manifest, "--model-dir", model.toString(), "--lake",
                lake, "--run-id", runId, "--table-format", format, "--no-progress"));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScoreCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
    }
}
