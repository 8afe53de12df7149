#!/usr/bin/env bash
# Writes what librosa's audioread fallback reads for each clip below: the raw output of `ffmpeg -i CLIP -f s16le -`
# (signed 16-bit little-endian, the stream's own rate and channels). Needs Debian's ffmpeg at generation time only.
set -euo pipefail
cd "$(dirname "$0")"
for clip in ../golden-formats/audio/speech_enus_16000_mono_aac.m4a \
            ../bad-input/compressed/good_mono_16000.m4a \
            ../bad-input/compressed/good_stereo_44100_faststart.m4a \
            ../bad-input/compressed/good_mono_16000.aac; do
  base="$(basename "$clip")"
  ffmpeg -nostdin -loglevel error -i "$clip" -f s16le - > "${base%.*}_${base##*.}.cli.s16le"
done
