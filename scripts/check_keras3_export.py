"""Checks that TensorFlow's own Keras loads an emolake bundle's cnn_lstm_model.keras and predicts what emolake does.

Outside the build (a throwaway venv, see scripts/make_keras3_fixtures.py):

    /tmp/tfenv/bin/python scripts/check_keras3_export.py vectors models /tmp/vectors.jsonl
    bin/emolake predict --model-dir models --output /tmp/emolake.jsonl /tmp/vectors.jsonl
    /tmp/tfenv/bin/python scripts/check_keras3_export.py compare models /tmp/vectors.jsonl /tmp/emolake.jsonl

`vectors` writes 64 raw feature vectors around the bundle scaler's mean; `compare` scales them as the bundle does,
runs keras.models.load_model(<bundle>/cnn_lstm_model.keras).predict and prints the largest absolute difference from
emolake's probabilities and the argmax agreement. It fails (exit 1) above 1e-5 or on any argmax difference.
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
    model = keras.models.load_model(os.path.join(bundle, "cnn_lstm_model.keras"))
    expected = model.predict(x, verbose=0)
    ours = {}
    for line in open(emolake_file):
        row = json.loads(line)
        ours[row["id"]] = [row["probabilities"][label] for label in labels]
    actual = np.array([ours[r["id"]] for r in rows])
    diff = float(np.abs(actual - expected).max())
    same = int((actual.argmax(1) == expected.argmax(1)).sum())
    print("keras %s: %d rows, max |emolake - keras| = %.3g, argmax equal on %d/%d"
          % (keras.__version__, len(rows), diff, same, len(rows)))
    return 0 if diff <= 1e-5 and same == len(rows) else 1


if __name__ == "__main__":
    if sys.argv[1] == "vectors":
        vectors(sys.argv[2], sys.argv[3])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
