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
#   angry    fast (210-260 wpm), loud (amplitude 170-200), high and varying pitch (55-80, per-word jumps), overdrive, gain
#   happy    fast (190-230 wpm), high pitch (70-92), rising pitch range, bright (treble boost)
#   sad      slow (95-135 wpm), low pitch (10-30), quiet (50-80), low-passed, reverb, slowed tempo
#   neutral  medium (160-180 wpm), middle pitch (42-55), amplitude 100, no effects
#   fearful  fast-ish (180-220 wpm), high pitch (62-85), tremolo, whispery variants, quiet (60-95)
#
# Every clip: one of 10 sentences, one of 6 espeak-ng English voices with one of 8 voice variants, background
# white noise at a random low level (sox -R: repeatable noise) and a random room (reverb 0-30) for all classes.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
CORPUS="${CORPUS:-$home/target/demo-corpus}"
PER_CLASS="${PER_CLASS:-100}"
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
    angry)   r 210 260; speed=$R; r 55 80; pitch=$R; r 170 200; amp=$R
             # per-word pitch jumps: high pitch variance
             ssml="<speak>"
             for w in $text; do r 0 60; ssml+="<prosody pitch=\"+$R%\">$w</prosody> "; done
             ssml+="</speak>"
             r 5 15; local drive=$R; r 2 5; effects=(overdrive "$drive" gain "$R") ;;
    happy)   r 190 230; speed=$R; r 70 92; pitch=$R; r 120 150; amp=$R
             ssml="<speak><prosody range=\"x-high\">$text</prosody></speak>"
             r 3 6; effects=(treble "+$R") ;;
    sad)     r 95 135; speed=$R; r 10 30; pitch=$R; r 50 80; amp=$R
             ssml="<speak><prosody range=\"x-low\">$text</prosody></speak>"
             r 1800 3000; local lp=$R; r 40 70; local rev=$R; r 85 95; local tempo=$R; r 3 8
             effects=(lowpass "$lp" reverb "$rev" tempo "0.$tempo" gain "-$R") ;;
    neutral) r 160 180; speed=$R; r 42 55; pitch=$R; amp=100 ;;
    fearful) r 180 220; speed=$R; r 62 85; pitch=$R; r 60 95; amp=$R
             if (( RANDOM % 2 )); then variant=whisper; fi
             r 5 9; local trem=$R; r 40 70; effects=(tremolo "$trem" "$R") ;;
  esac
  r 5 40; noise="$(printf '0.%03d' "$R")"; r 0 30; room=$R
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
  rm -rf demo/audio; mkdir -p demo/audio
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
