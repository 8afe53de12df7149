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
