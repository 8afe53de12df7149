#!/usr/bin/env bash
# Benchmark (not a test) of long-recording scoring, for docs/PERFORMANCE.md ("Segments: one long recording among
# short clips"): one recording of HOURS hours (16 kHz mono WAV, a wandering tone made by sox) and CLIPS 3-s clips,
# scored on the embedded local[*] Spark of bin/emolake three times: the clips alone, the recording alone, both in
# one run. Prints each run's wall and scoring seconds and the recording's throughput in seconds of recording per
# second per core (with the default 3.0-s windows every 1.5 s each second of recording is two seconds of analysed
# audio). Run after `mvn -q -DskipTests package`.
#   scripts/bench-segments.sh [HOURS=2] [CLIPS=200] [WORK=a new temporary folder]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hours="${1:-2}"; clips="${2:-200}"; work="${3:-$(mktemp -d)}"
emo="$home/bin/emolake"
mkdir -p "$work/long" "$work/clips" "$work/both"
seconds=$(awk "BEGIN { print int($hours * 3600) }")
[ -f "$work/long/long.wav" ] || sox -n -r 16000 -c 1 -b 16 "$work/long/long.wav" synth "$seconds" sine 180-320 vol 0.2
for i in $(seq 1 "$clips"); do
  f="$work/clips/clip$i.wav"
  [ -f "$f" ] || sox -n -r 22050 -c 1 -b 16 "$f" synth 3 sine $((150 + i)) vol 0.3
done
ln -f "$work/long/long.wav" "$work/both/long.wav"
for i in $(seq 1 "$clips"); do ln -f "$work/clips/clip$i.wav" "$work/both/clip$i.wav"; done
cores=$(nproc)
for set in clips long both; do
  "$emo" manifest --root "$work/$set" --output "$work/$set.parquet" >/dev/null
  rm -rf "$work/lake-$set"
  EMOLAKE_JAVA_OPTS="${EMOLAKE_JAVA_OPTS:--Xmx2g}" "$emo" score --manifest "$work/$set.parquet" \
    --model-dir "$home/models" --lake "$work/lake-$set" --table-format parquet --run-id "$set" --no-progress \
    > "$work/$set.log"
  "$emo" sql --lake "$work/lake-$set" --format csv "SELECT run_id, clips, clips_ok, segments,
      round(audio_seconds, 1) AS audio_s, round(wall_seconds, 1) AS wall_s, partitions FROM runs" | tail -1
  grep '^throughput' "$work/$set.log"
done
echo "cores: $cores; recording: $seconds s; work folder: $work"
