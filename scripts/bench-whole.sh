#!/usr/bin/env bash
# Whole-process benchmark on a generated mixed archive of short speech clips (docs/PERFORMANCE.md, "Whole runs").
#
#   scripts/bench-whole.sh [--work DIR] [--features-sizes A,B] [--score-sizes A,B] [--repeat R]
#                          [--model-dir DIR] [--skip-features] [--skip-score] [--librosa SPEC.py]
#                          [--format wav|flac|ogg|mp3|m4a]
#
# The archive: 1-3 s pieces of the eight real speech clips in src/test/resources/golden/audio, re-encoded with sox
# at 8/16/22.05/44.1/48 kHz, mono and stereo, u8/s16/s24/s32/f32 (deterministic; reused when --work is given again).
# --format other than wav: the same clips transcoded by ffmpeg (FLAC, Ogg Vorbis q4, MP3 128 kb/s, AAC 128 kb/s in
# MP4), at their own rates and channels; audio seconds are those of the WAV originals.
# Measured as whole processes, best of R runs each (the machine is shared: compare ratios from one run):
#  - features on one core (taskset -c 0, --threads 1) at two sizes: marginal rate (s of audio per s) and fixed cost;
#    1 clip and the first 100 clips against that marginal rate (warm-up);
#  - score, embedded Spark, Parquet lake, local[1] and local[2] at two sizes: marginal rate, speed-up, fixed cost;
#  - with --librosa SPEC.py (a file defining extract_features(path), e.g. the reference extractor) and a Python that
#    has librosa: the same clips through it on the same core, whole process, for the ratio.
# Needs: a built tree (mvn -B -q -DskipTests package), sox, taskset (and ffmpeg for --format). EMOLAKE_CDS=1 measures with class-data sharing.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="" features_sizes="200,800" score_sizes="160,640" repeat=2 model_dir="$home/models"
skip_features=0 skip_score=0 librosa_spec="" format=wav
while [[ $# -gt 0 ]]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    --features-sizes) features_sizes="$2"; shift 2 ;;
    --score-sizes) score_sizes="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --model-dir) model_dir="$2"; shift 2 ;;
    --skip-features) skip_features=1; shift ;;
    --skip-score) skip_score=1; shift ;;
    --librosa) librosa_spec="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-whole: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$format" in
  wav) codec=() ;;
  flac) codec=(-c:a flac) ;;
  ogg) codec=(-c:a libvorbis -q:a 4) ;;
  mp3) codec=(-c:a libmp3lame -b:a 128k) ;;
  m4a) codec=(-c:a aac -b:a 128k) ;;
  *) echo "bench-whole: --format must be wav, flac, ogg, mp3 or m4a" >&2; exit 2 ;;
esac
tools=(sox soxi taskset)
[[ $format == wav ]] || tools+=(ffmpeg)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "bench-whole: $tool not found" >&2; exit 2; }
done
emolake="$home/bin/emolake"
[[ -n "$work" ]] || work="$(mktemp -d "${TMPDIR:-/tmp}/emolake-bench-whole.XXXXXX")"
mkdir -p "$work"
IFS=, read -r f_small f_large <<<"$features_sizes"
IFS=, read -r s_small s_large <<<"$score_sizes"
largest=$(printf '%s\n' "$f_small" "$f_large" "$s_small" "$s_large" 100 | sort -n | tail -1)

# ---- the archive -------------------------------------------------------------------------------------------------
sources=("$home"/src/test/resources/golden/audio/speech_*.wav)
archive="$work/archive"
mkdir -p "$archive"
have=$(find "$archive" -name 'clip_*.wav' | wc -l)
if (( have < largest )); then
  echo "bench-whole: writing $((largest - have)) clips to $archive" >&2
  declare -A source_seconds
  for s in "${sources[@]}"; do source_seconds[$s]=$(soxi -D "$s"); done
  encodings=("-b 8 -e unsigned-integer" "-b 16 -e signed-integer" "-b 24 -e signed-integer"
             "-b 32 -e signed-integer" "-b 32 -e floating-point")
  rates=(8000 16000 22050 44100 48000)
  # Clip i's choices come from a fixed-seed generator, so every run and machine gets the same archive.
  awk -v n="$largest" 'BEGIN { srand(17); for (i = 0; i < n; i++) printf "%d %.4f %.4f %d %d %d\n", i, rand(), 1 + 2 * rand(), int(5 * rand()), 1 + int(2 * rand()), int(5 * rand()) }' |
  while read -r i pick seconds rate_index channels encoding_index; do
    out="$archive/$(printf 'clip_%05d.wav' "$i")"
    [[ -f "$out" ]] && continue
    src="${sources[$(( i % ${#sources[@]} ))]}"
    length=${source_seconds[$src]}
    seconds=$(awk -v s="$seconds" -v l="$length" 'BEGIN { printf "%.4f", (s < l - 0.01 ? s : l - 0.01) }')
    start=$(awk -v p="$pick" -v s="$seconds" -v l="$length" 'BEGIN { printf "%.4f", p * (l - s) }')
    # shellcheck disable=SC2086
    sox -V1 "$src" -r "${rates[$rate_index]}" -c "$channels" ${encodings[$encoding_index]} "$out" trim "$start" "$seconds"
  done
fi
durations="$work/durations.tsv"
if [[ ! -f "$durations" ]] || (( $(wc -l <"$durations") < largest )); then
  for f in $(find "$archive" -name 'clip_*.wav' | sort | head -n "$largest"); do
    printf '%s\t%s\n' "$(basename "$f")" "$(soxi -D "$f")"
  done >"$durations"
fi

clips="$archive" sets="$work/sets"
if [[ $format != wav ]]; then
  clips="$work/archive-$format" sets="$work/sets-$format"
  mkdir -p "$clips"
  for f in $(find "$archive" -name 'clip_*.wav' | sort | head -n "$largest"); do
    out="$clips/$(basename "$f" .wav).$format"
    [[ -f "$out" ]] || ffmpeg -nostdin -loglevel error -i "$f" "${codec[@]}" "$out"
  done
fi

# A folder holding (hard links to) the first n clips of the chosen format; prints it.
clip_set() {
  local n=$1 dir="$sets/$1"
  if [[ ! -d "$dir" ]]; then
    mkdir -p "$dir"
    find "$clips" -name "clip_*.$format" | sort | head -n "$n" | while read -r f; do ln "$f" "$dir/"; done
  fi
  echo "$dir"
}
audio_seconds() { head -n "$1" "$durations" | awk -F'\t' '{ s += $2 } END { printf "%.3f", s }'; }

# "wall cpu" seconds of the fastest (by wall clock) of $repeat runs of a command (its output discarded); cpu is
# user + system time of the process tree, less disturbed than wall time by other work on a shared machine.
best_run() {
  local best="" best_cpu="" timing wall cpu TIMEFORMAT='%R %U %S'
  for ((r = 0; r < repeat; r++)); do
    timing=$( { time "$@" >/dev/null 2>>"$work/stderr.log" ; } 2>&1 ) \
      || { echo "bench-whole: failed: $* (see $work/stderr.log)" >&2; exit 1; }
    read -r wall cpu <<<"$(awk '{ printf "%.3f %.3f", $1, $2 + $3 }' <<<"$timing")"
    echo "    wall $wall s, cpu $cpu s: ${*: -1}" >&2
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall best_cpu=$cpu; fi
  done
  echo "$best $best_cpu"
}
# Marginal rate (audio s per s) and fixed cost (s) from two (audio seconds, wall seconds) points.
fit() {
  awk -v a1="$1" -v t1="$2" -v a2="$3" -v t2="$4" 'BEGIN {
    rate = (a2 - a1) / (t2 - t1); printf "%.1f %.2f", rate, t1 - a1 / rate }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "bench-whole: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), work $work"
echo "archive: $(wc -l <"$durations") clips, $(audio_seconds "$largest") s of audio, format $format"

# ---- features on one core ----------------------------------------------------------------------------------------
features() { taskset -c 0 "$emolake" features --threads 1 --output /dev/null "$1"; }
if (( ! skip_features )); then
  # Untimed: bin/emolake's first run of a command after a build writes its class-data sharing archive.
  features "$(clip_set 1)" >/dev/null 2>>"$work/stderr.log"
  echo "features, one core (taskset -c 0, --threads 1), best of $repeat (rates by wall / by cpu time):"
  declare -A fwall fcpu faudio
  for n in 1 100 "$f_small" "$f_large"; do
    [[ -n "${fwall[$n]:-}" ]] && continue
    faudio[$n]=$(audio_seconds "$n")
    read -r "fwall[$n]" "fcpu[$n]" <<<"$(best_run features "$(clip_set "$n")")"
    printf '  %5d clips  %8.1f s audio  wall %7.2f s  cpu %7.2f s  %6.1f / %6.1f s audio/s\n' "$n" "${faudio[$n]}" \
      "${fwall[$n]}" "${fcpu[$n]}" "$(ratio "${faudio[$n]}" "${fwall[$n]}")" "$(ratio "${faudio[$n]}" "${fcpu[$n]}")"
  done
  for clock in wall cpu; do
    declare -n t="f$clock"
    read -r rate fixed <<<"$(fit "${faudio[$f_small]}" "${t[$f_small]}" "${faudio[$f_large]}" "${t[$f_large]}")"
    # The first 100 clips' cost over the 1-clip run (JVM start, class loading), against the marginal rate.
    first100=$(awk -v a="${faudio[100]}" -v a1="${faudio[1]}" -v t="${t[100]}" -v t1="${t[1]}" \
      'BEGIN { printf "%.1f", (a - a1) / (t - t1) }')
    echo "  by $clock: marginal ($f_small -> $f_large clips) $rate s audio/s, fixed cost $fixed s;" \
      "first 100 clips after the 1-clip run's ${t[1]} s: $first100 s audio/s, steady/first-100 $(ratio "$rate" "$first100")x"
    unset -n t
  done
  if [[ -n "$librosa_spec" ]] && python3 -c 'import librosa' 2>/dev/null; then
    lib_dir=$(clip_set "$f_small")
    read -r lib_wall lib_cpu <<<"$(best_run taskset -c 0 python3 -c '
import importlib.util, sys, os
spec = importlib.util.spec_from_file_location("spec", sys.argv[1]); m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
for f in sorted(os.listdir(sys.argv[2])): m.extract_features(os.path.join(sys.argv[2], f))
' "$librosa_spec" "$lib_dir")"
    echo "  librosa, $f_small clips: wall $lib_wall s, cpu $lib_cpu s -> emolake $(ratio "$lib_wall" "${fwall[$f_small]}")x" \
      "/ $(ratio "$lib_cpu" "${fcpu[$f_small]}")x faster"
  else
    echo "  librosa: not measured (give --librosa SPEC.py and a python3 with librosa)"
  fi
fi

# ---- score, embedded Spark ---------------------------------------------------------------------------------------
score() {
  local cores=$1 dir=$2 lake="$work/lake"
  rm -rf "$lake"
  EMOLAKE_JAVA_OPTS="-Xmx4g -Dspark.master=local[$cores] ${SCORE_JAVA_OPTS:-}" "$emolake" score \
    --manifest "$dir.parquet" --model-dir "$model_dir" --lake "$lake" --table-format parquet --no-progress
}
if (( ! skip_score )); then
  echo "score, embedded Spark, Parquet lake (manifest made first), best of $repeat:"
  declare -A swall scpu saudio
  for n in "$s_small" "$s_large"; do
    dir=$(clip_set "$n")
    [[ -e "$dir.parquet" ]] || "$emolake" manifest --root "$dir" --output "$dir.parquet" >/dev/null 2>>"$work/stderr.log"
    saudio[$n]=$(audio_seconds "$n")
    # Untimed, once: the class-data sharing archive (see features above).
    [[ $n == "$s_small" ]] && score 1 "$dir" >/dev/null 2>>"$work/stderr.log"
    for cores in 1 2; do
      read -r "swall[$cores,$n]" "scpu[$cores,$n]" <<<"$(best_run score "$cores" "$dir")"
      printf '  local[%d] %5d clips  %8.1f s audio  wall %7.2f s  cpu %7.2f s\n' "$cores" "$n" "${saudio[$n]}" \
        "${swall[$cores,$n]}" "${scpu[$cores,$n]}"
    done
  done
  for cores in 1 2; do
    read -r rate fixed <<<"$(fit "${saudio[$s_small]}" "${swall[$cores,$s_small]}" "${saudio[$s_large]}" "${swall[$cores,$s_large]}")"
    printf -v "s_rate_$cores" '%s' "$rate"
    echo "  local[$cores]: marginal $rate s audio/s ($(ratio "$rate" "$cores") per core); fixed cost $fixed s"
  done
  echo "  speed-up local[1] -> local[2]: marginal $(ratio "$s_rate_2" "$s_rate_1")x;" \
    "$s_large clips $(ratio "${swall[1,$s_large]}" "${swall[2,$s_large]}")x"
fi
