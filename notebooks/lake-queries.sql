-- Example analyst queries over an emolake lake.
-- Run any of them with:   bin/emolake sql --lake lake "<query>"
-- or from spark-sql with the catalog settings of docs/JOB.md, prefixing the tables with lake.emolake.

-- Runs, newest first: how many clips, how many failed, how fast.
SELECT run_id, run_date, clips, clips_ok, clips_error, round(clips_per_second, 1) AS clips_per_s, model_sha256
FROM runs ORDER BY started_at DESC;

-- The emotion mix of one run.
SELECT label, clips, round(share, 3) AS share, round(mean_confidence, 3) AS mean_conf, round(p90_confidence, 3) AS p90
FROM class_summary WHERE run_id = 'demo' ORDER BY clips DESC;

-- Why clips failed, with an example of each.
SELECT error_code, clips, example_path, example_message FROM error_summary WHERE run_id = 'demo';

-- Low-confidence predictions worth a human listen.
SELECT clip_id, path, label, round(confidence, 3) AS confidence
FROM predictions WHERE run_id = 'demo' AND status = 'ok' AND confidence < 0.5 ORDER BY confidence;

-- One class's probability for every clip (probabilities is a map label -> p).
SELECT clip_id, round(probabilities['angry'], 3) AS p_angry FROM predictions WHERE status = 'ok' ORDER BY p_angry DESC;

-- Every clip ever scored by this model that is still unscored or failed (what --incremental would pick up).
SELECT path, error_code FROM predictions p
WHERE status = 'error' AND NOT EXISTS (
  SELECT 1 FROM predictions q WHERE q.path = p.path AND q.status = 'ok' AND q.model_sha256 = p.model_sha256);

-- Long recordings (scored by segments: see docs/JOB.md, "Long recordings"). One row per segment is in `segments`;
-- the recording's verdict (mean of its ok, non-silent segments, seconds per class) is its row in `predictions`.

-- A call's emotion timeline: every segment in time order, pauses marked.
SELECT segment_index, offset_s, round(offset_s + duration_s, 2) AS end_s,
       CASE WHEN silent THEN '(pause)' ELSE label END AS emotion, round(confidence, 3) AS confidence,
       round(rms_dbfs, 1) AS rms_dbfs, status
FROM segments WHERE run_id = 'demo' AND clip_id = 'PUT-A-CLIP-ID-HERE' ORDER BY segment_index;

-- The same timeline collapsed into stretches of one emotion (start, end, label), for a chart.
SELECT label, min(offset_s) AS from_s, max(offset_s + duration_s) AS to_s, count(*) AS segments
FROM (SELECT *, segment_index - row_number() OVER (PARTITION BY label ORDER BY segment_index) AS stretch
      FROM segments WHERE run_id = 'demo' AND clip_id = 'PUT-A-CLIP-ID-HERE' AND status = 'ok' AND NOT silent)
GROUP BY label, stretch ORDER BY from_s;

-- Share of calls with more than 30 % angry speech, by seconds (seconds_per_class counts each second once; pauses
-- and failed segments count for no class, so the share is of the speech scored).
SELECT count_if(angry_share > 0.3) AS calls_over_30pct_angry, count(*) AS calls,
       round(count_if(angry_share > 0.3) / count(*), 3) AS share_of_calls
FROM (SELECT coalesce(seconds_per_class['angry'], 0)
             / aggregate(map_values(seconds_per_class), 0D, (acc, s) -> acc + s) AS angry_share
      FROM predictions WHERE run_id = 'demo' AND scored_as = 'segments' AND status = 'ok');

-- The loudest moments of the run's recordings (not silent, highest RMS level).
SELECT clip_id, path, offset_s, round(rms_dbfs, 1) AS rms_dbfs, label, round(confidence, 3) AS confidence
FROM segments WHERE run_id = 'demo' AND status = 'ok' AND NOT silent ORDER BY rms_dbfs DESC LIMIT 20;

-- The most confident moments of each class (top 3 segments per label).
SELECT label, clip_id, offset_s, round(confidence, 3) AS confidence
FROM (SELECT *, row_number() OVER (PARTITION BY label ORDER BY confidence DESC) AS rank
      FROM segments WHERE run_id = 'demo' AND status = 'ok' AND NOT silent)
WHERE rank <= 3 ORDER BY label, rank;

-- Recordings without a verdict: only pauses or failed segments (NO_SCORABLE_SEGMENTS), with the reason.
SELECT clip_id, path, n_segments, error_message FROM predictions
WHERE run_id = 'demo' AND error_code = 'NO_SCORABLE_SEGMENTS';

-- Seconds of audio per class in a run (whole clips count their duration, recordings their seconds_per_class).
SELECT label, clips, round(seconds, 1) AS seconds FROM class_summary WHERE run_id = 'demo' ORDER BY seconds DESC;
