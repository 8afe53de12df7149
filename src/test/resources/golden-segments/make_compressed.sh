#!/usr/bin/env bash
# Makes the MP3 and Ogg Vorbis recordings the segment tests read (compressed/), from the golden WAV recording:
# 12 s of it: MP3 at 48 kHz stereo, Ogg Vorbis at 16 kHz mono, AAC (MP4) at 22050 Hz mono, with the FFmpeg command
# line. Run from this folder.
set -euo pipefail
mkdir -p compressed
src=audio/call_en_44100_stereo.wav
ffmpeg -v error -y -i "$src" -t 12 -ar 48000 -ac 2 -c:a libmp3lame -b:a 96k compressed/call_en_48000_stereo.mp3
ffmpeg -v error -y -i "$src" -ss 10 -t 12 -ar 16000 -ac 1 -c:a libvorbis -q:a 3 compressed/call_en_16000_mono.ogg
ffmpeg -v error -y -i "$src" -ss 5 -t 12 -ar 22050 -ac 1 -c:a aac -b:a 64k -map_metadata -1 compressed/call_en_22050_mono.m4a
