"""Checks that TensorFlow's own Keras loads an emolake bundle's cnn_lstm_model.keras and predicts what emolake does.

Outside the build (a throwaway venv, see scripts/make_keras3_fixtures.py):

    /tmp/tfenv/bin/python scripts/check_keras3_export.py vectors models /tmp/vectors.jsonl
    bin/emolake predict --model-dir models --output /tmp/emolake.jsonl /tmp/vectors.jsonl
    /tmp/tfenv/bin/python scripts/check_keras3_export.py compare models /tmp/vectors.jsonl /tmp/emolake.jsonl

`vectors` writes 64 raw feature vectors around the bundle scaler's mean; `compare` scales them as the bundle does,
runs keras.models.load_model(...).predict on each of <bundle>/cnn_lstm_model.keras and <bundle>/cnn_lstm_model.h5 and
prints the largest absolute difference from emolake's probabilities and the argmax agreement. It fails (exit 1) if a
file does not load, differs by more than 1e-5 or disagrees on an argmax.
"""
import json
import os
import sys

import numpy as np


def vectors(bundle, out):
    scaler = json.load(open(os.path.join(bundle, "scaler.json")))
    mean, scale = np.array(scaler["mean"]), np.array(scaler["scale"])
    rng = np.random.default_rng(16)
    with open(out, "w") as f:
        for i in range(64):
            raw = mean + scale * rng.normal(size=mean.shape) * 1.5
            f.write(json.dumps({"id": "v%d" % i, "features": raw.tolist()}) + "\n")


def compare(bundle, vectors_file, emolake_file):
    import keras
    scaler = json.load(open(os.path.join(bundle, "scaler.json")))
    mean, scale = np.array(scaler["mean"]), np.array(scaler["scale"])
    scale = np.where(scale == 0, 1.0, scale)
    labels = json.load(open(os.path.join(bundle, "labels.json")))
    rows = [json.loads(line) for line in open(vectors_file)]
    x = np.array([(np.array(r["features"]) - mean) / scale for r in rows], dtype="float32")[..., None]
    ours = {}
    for line in open(emolake_file):
        row = json.loads(line)
        ours[row["id"]] = [row["probabilities"][label] for label in labels]
    actual = np.array([ours[r["id"]] for r in rows])
    status = 0
    for name in ("cnn_lstm_model.keras", "cnn_lstm_model.h5"):
        path = os.path.join(bundle, name)
        if not os.path.exists(path):
            continue
        try:
            expected = keras.models.load_model(path).predict(x, verbose=0)
        except Exception as e:  # report and go on to the other file
            print("keras %s: %s does not load: %s" % (keras.__version__, name, e))
            status = 1
            continue
        diff = float(np.abs(actual - expected).max())
        same = int((actual.argmax(1) == expected.argmax(1)).sum())
        print("keras %s: %s, %d rows, max |emolake - keras| = %.3g, argmax equal on %d/%d"
              % (keras.__version__, name, len(rows), diff, same, len(rows)))
        if diff > 1e-5 or same != len(rows):
            status = 1
    return status

if __name__ == "__main__":
    if sys.argv[1] == "vectors":
        vectors(sys.argv[2], sys.argv[3])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
