#!/usr/bin/env python3
"""Extracts from /work/shared/golden what the audio tests compare against, into audio_golden.json.

Keeps, per clip, `source`, `load` and (where present) `detail.y`; and primitives.json's `resample`.
The clip JSONs with spectrogram details are several MB each, so they are not copied whole.
    python3 extract_audio_golden.py [/work/shared/golden]
"""
import json
import os
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/golden"
here = os.path.dirname(os.path.abspath(__file__))
out = {"clips": {}, "resample": None}
for name in sorted(os.listdir(src)):
    if not name.endswith(".json") or name == "primitives.json":
        continue
    with open(os.path.join(src, name)) as f:
        clip = json.load(f)
    entry = {"clip": clip["clip"], "source": clip["source"], "load": clip["load"]}
    if clip.get("detail") and clip["detail"].get("y") is not None:
        entry["y"] = clip["detail"]["y"]
    out["clips"][name[:-len(".json")]] = entry
with open(os.path.join(src, "primitives.json")) as f:
    out["resample"] = json.load(f)["resample"]
with open(os.path.join(here, "audio_golden.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
