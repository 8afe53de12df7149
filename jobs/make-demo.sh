#!/usr/bin/env bash
# Builds the demo model and the demo archive from synthetic speech (espeak-ng + sox), deterministically.
#
#   jobs/make-demo.sh                 # synthesise the corpus, train, write models/ and demo/
#   CORPUS=/tmp/corpus jobs/make-demo.sh
#   STEP=corpus jobs/make-demo.sh     # only synthesise (corpus + demo archive)
#   STEP=demo jobs/make-demo.sh       # only the demo archive (demo/audio, demo/labels.csv)
#
# Classes are acted out by the synthesiser, not by people: this is a toy corpus that exercises the whole
# pipeline and gives a model whose predictions mean something on clips made the same way. It says nothing
# about real emotional speech (docs/TRAINING.md).
#
#   angry    fast (220-260 wpm), loud (amplitude 180-200), middle pitch (40-60) with per-word jumps (+0-80 %),
#            heavy overdrive (12-22), compander, gain
#   happy    fast (195-230 wpm), very high pitch (80-99), x-high pitch range, bright (treble +7..+10 dB), amplitude 140-170
#   sad      slow (85-115 wpm), very low pitch (0-20), x-low pitch range, quiet (40-65), low-passed (1200-2000 Hz),
#            reverb, slowed tempo (0.82-0.90)
#   neutral  medium (150-170 wpm), middle pitch (38-50), low (flat) pitch range, amplitude 100, no effects
#   fearful  fast-ish (175-210 wpm), high pitch (65-85), strong tremolo (6-10 Hz), half of them whispered, quiet (60-90)
#
# Every clip: one of 10 sentences, one of 6 espeak-ng English voices with one of 8 voice variants, background
# white noise at a random low level (sox -R: repeatable noise) and a random room (reverb 0-25) for all classes.
# Training: --patience 10 and a 20 % validation part (a 10 % part of 600 rows is too noisy for early stopping).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
CORPUS="${CORPUS:-$home/target/demo-corpus}"
PER_CLASS="${PER_CLASS:-150}"
DEMO_PER_CLASS="${DEMO_PER_CLASS:-6}"
STEP="${STEP:-all}"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need espeak-ng || ! need sox; then
  echo "installing espeak-ng and sox" >&2
  apt-get update -qq && apt-get install -y -qq espeak-ng sox >/dev/null
fi

CLASSES=(angry happy sad neutral fearful)
VOICES=(en-us en-gb en-gb-scotland en-gb-x-rp en-029 en-gb-x-gbclan)
VARIANTS=(m1 m3 m5 m7 f1 f2 f4 f5)
TRAIN_SENTENCES=(
  "I told you the meeting was moved to Thursday."
  "Please put the boxes next to the door."
  "We are leaving for the station in ten minutes."
  "Nobody answered the phone this morning."
  "The report is on your desk."
  "She bought a new car last week."
  "They painted the kitchen yellow."
  "Can you hear the rain on the roof?"
  "The train was late again today."
  "He forgot his keys at the office."
)
# The demo archive uses sentences the model never heard.
DEMO_SENTENCES=(
  "The letter arrived after lunch."
  "We have to finish this by tonight."
  "My brother lives near the river."
)

r() { # r MIN MAX: sets R to a deterministic integer in [MIN, MAX] from bash's seeded RANDOM.
  # (Never call it in $(...): bash re-seeds RANDOM in subshells, which breaks reproducibility.)
  R=$(( $1 + RANDOM % ($2 - $1 + 1) ))
}

# synth CLASS SENTENCE OUT.wav RATE
synth() {
  local cls="$1" text="$2" out="$3" rate="$4"
  local voice="${VOICES[$((RANDOM % ${#VOICES[@]}))]}" variant="${VARIANTS[$((RANDOM % ${#VARIANTS[@]}))]}"
  local speed pitch amp ssml="$text" effects=() noise room
  case "$cls" in
    angry)   r 220 260; speed=$R; r 40 60; pitch=$R; r 180 200; amp=$R
             # per-word pitch jumps: high pitch variance
             ssml="<speak>"
             for w in $text; do r 0 80; ssml+="<prosody pitch=\"+$R%\">$w</prosody> "; done
             ssml+="</speak>"
             r 12 22; local drive=$R; r 2 5
             effects=(overdrive "$drive" compand 0.01,0.2 -60,-40,-20,-8,0,-4 0 gain "$R") ;;
    happy)   r 195 230; speed=$R; r 80 99; pitch=$R; r 140 170; amp=$R
             ssml="<speak><prosody range=\"x-high\">$text</prosody></speak>"
             r 7 10; effects=(treble "+$R") ;;
    sad)     r 85 115; speed=$R; r 0 20; pitch=$R; r 40 65; amp=$R
             ssml="<speak><prosody range=\"x-low\">$text</prosody></speak>"
             r 1200 2000; local lp=$R; r 50 80; local rev=$R; r 82 90; local tempo=$R; r 3 8
             effects=(lowpass "$lp" reverb "$rev" tempo "0.$tempo" gain "-$R") ;;
    neutral) r 150 170; speed=$R; r 38 50; pitch=$R; amp=100
             ssml="<speak><prosody range=\"low\">$text</prosody></speak>" ;;
    fearful) r 175 210; speed=$R; r 65 85; pitch=$R; r 60 90; amp=$R
             if (( RANDOM % 2 )); then variant=whisper; fi
             r 6 10; local trem=$R; r 50 80; effects=(tremolo "$trem" "$R") ;;
  esac
  r 3 25; noise="$(printf '0.%03d' "$R")"; r 0 25; room=$R
  local tmp; tmp="$(mktemp -d)"
  espeak-ng -m -v "$voice+$variant" -s "$speed" -p "$pitch" -a "$amp" -w "$tmp/voice.wav" "$ssml"
  sox -V1 -R "$tmp/voice.wav" "$tmp/fx.wav" "${effects[@]}" reverb "$room" pad 0.1 0.1
  local dur; dur="$(soxi -D "$tmp/fx.wav")"
  sox -V1 -R -n -r 22050 -c 1 "$tmp/noise.wav" synth "$dur" whitenoise vol "$noise"
  sox -V1 -R -m "$tmp/fx.wav" "$tmp/noise.wav" -r "$rate" -c 1 -b 16 "$out"
  rm -rf "$tmp"
}

make_corpus() {
  rm -rf "$CORPUS"; mkdir -p "$CORPUS"
  RANDOM=6006
  echo "path,label,sentence" > "$CORPUS/manifest.csv"
  for cls in "${CLASSES[@]}"; do
    mkdir -p "$CORPUS/$cls"
    for ((i = 0; i < PER_CLASS; i++)); do
      local s=$((RANDOM % ${#TRAIN_SENTENCES[@]}))
      local f; f="$(printf '%s/%s_%03d.wav' "$cls" "$cls" "$i")"
      synth "$cls" "${TRAIN_SENTENCES[$s]}" "$CORPUS/$f" 22050
      echo "$f,$cls,$s" >> "$CORPUS/manifest.csv"
    done
    echo "corpus: $cls done" >&2
  done
}

make_demo_archive() {
  # The long call (demo/audio/call_en_8000_mono.flac: two synthetic voices taking turns with pauses and light pink
  # noise, 42 s, 8 kHz mono FLAC, the golden long recording of the segment tests) is not made here: it is kept as
  # committed, so the report has a recording long enough for an emotion timeline.
  local call=demo/audio/call_en_8000_mono.flac kept=""
  if [[ -f "$call" ]]; then kept="$(mktemp)"; cp "$call" "$kept"; fi
  rm -rf demo/audio; mkdir -p demo/audio
  if [[ -n "$kept" ]]; then mv "$kept" "$call"; fi
  RANDOM=7007
  echo "path,label" > demo/labels.csv
  for cls in "${CLASSES[@]}"; do
    for ((i = 0; i < DEMO_PER_CLASS; i++)); do
      local f; f="$(printf '%s_%02d.wav' "$cls" "$i")"
      synth "$cls" "${DEMO_SENTENCES[$((i % ${#DEMO_SENTENCES[@]}))]}" "demo/audio/$f" 22050
      echo "audio/$f,$cls" >> demo/labels.csv
    done
  done
}

train() {
  if [[ ! -f target/emolake.jar || ! -d target/lib ]]; then
    mvn -q -o -DskipTests package
  fi
  rm -rf models
  bin/emolake train --manifest "$CORPUS/manifest.csv" --label-column label --out models \
    --patience 10 --validation-fraction 0.2 \
    --name emolake-demo-synthetic --version "$(date -u +%Y%m%d)-espeak"
  if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null; then
    /usr/bin/python3 scripts/compare_h5_layout.py models/cnn_lstm_model.h5 || true
  fi
}

case "$STEP" in
  corpus) make_corpus; make_demo_archive ;;
  demo) make_demo_archive ;;
  train) train ;;
  all) make_corpus; make_demo_archive; train ;;
  *) echo "STEP must be corpus, demo, train or all" >&2; exit 2 ;;
esac
