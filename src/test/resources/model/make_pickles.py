"""Writes the joblib pickle fixtures of the model tests with the real scikit-learn and joblib.

Run from the repository root with Debian's python (apt-get install python3-sklearn python3-joblib):

    /usr/bin/python3 src/test/resources/model/make_pickles.py

Everything is seeded, so re-running reproduces the same values (the files may differ in
bytes across joblib versions, which is the point of keeping the committed ones).
"""
import json
import os
import subprocess

import joblib
import numpy as np
import sklearn
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
PICKLES = os.path.join(HERE, "pickles")
HOSTILE = os.path.join(HERE, "hostile")
KERAS7 = os.path.join(HERE, "keras-cnn-lstm-7")
N_FEATURES = 110

# Files the hostile pickles would create if anything executed them; the tests assert they never appear.
MARKER_SYSTEM = "/tmp/emolake-pickle-marker-os-system"
MARKER_EVAL = "/tmp/emolake-pickle-marker-eval"
MARKER_POPEN = "/tmp/emolake-pickle-marker-popen"
MARKER_NESTED = "/tmp/emolake-pickle-marker-nested"


def training_like_data(seed):
    """Raw feature rows on very different scales, like MFCC/chroma/mel features, one constant column."""
    rng = np.random.RandomState(seed)
    centres = rng.uniform(-300.0, 300.0, N_FEATURES)
    spreads = rng.uniform(0.01, 80.0, N_FEATURES)
    rows = centres + spreads * rng.randn(400, N_FEATURES)
    rows[:, 17] = 4.25  # zero variance: sklearn stores scale_ = 1 for it
    return rows


def dump_scalers():
    data = training_like_data(110)
    scaler = StandardScaler().fit(data)
    for protocol in (2, 3, 4, 5):
        for compress in (0, 3):
            joblib.dump(scaler, os.path.join(PICKLES, f"scaler_p{protocol}_c{compress}.pkl"),
                        protocol=protocol, compress=compress)
    joblib.dump(scaler, os.path.join(PICKLES, "scaler_gzip.pkl"), compress=("gzip", 3))
    no_mean = StandardScaler(with_mean=False).fit(data)
    no_std = StandardScaler(with_std=False).fit(data)
    joblib.dump(no_mean, os.path.join(PICKLES, "scaler_without_mean.pkl"))
    joblib.dump(no_std, os.path.join(PICKLES, "scaler_without_std.pkl"))

    probe = training_like_data(111)[:5]
    expected = {
        "sklearn_version": sklearn.__version__,
        "joblib_version": joblib.__version__,
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "probe_raw": probe.tolist(),
        "probe_scaled": scaler.transform(probe).tolist(),
        "probe_scaled_without_mean": no_mean.transform(probe).tolist(),
        "probe_scaled_without_std": no_std.transform(probe).tolist(),
    }
    with open(os.path.join(PICKLES, "scaler_expected.json"), "w") as out:
        json.dump(expected, out)
    return scaler


def dump_keras7_raw_inputs(scaler):
    """Raw rows whose scaler.transform gives exactly the fixture's (already scaled) inputs."""
    with open(os.path.join(KERAS7, "inputs.json")) as src:
        scaled = np.asarray(json.load(src), dtype=np.float64)
    raw = scaled * scaler.scale_ + scaler.mean_
    assert np.allclose(scaler.transform(raw), scaled, atol=1e-9)
    with open(os.path.join(KERAS7, "raw_inputs.json"), "w") as out:
        json.dump(raw.tolist(), out)
    joblib.dump(scaler, os.path.join(KERAS7, "scaler.pkl"), compress=3)


def dump_label_encoders():
    with open(os.path.join(KERAS7, "labels.json")) as src:
        labels = json.load(src)
    shuffled = [labels[i] for i in np.random.RandomState(5).permutation(len(labels))] * 3
    encoder = LabelEncoder().fit(shuffled)  # classes_ sorted, numpy unicode dtype '<U9'
    assert encoder.classes_.tolist() == labels
    joblib.dump(encoder, os.path.join(PICKLES, "label_encoder.pkl"))
    joblib.dump(encoder, os.path.join(KERAS7, "label_encoder.pkl"))
    as_objects = LabelEncoder().fit(np.asarray(shuffled, dtype=object))  # object dtype: nested pickle
    joblib.dump(as_objects, os.path.join(PICKLES, "label_encoder_object_dtype.pkl"), protocol=2)
    integers = LabelEncoder().fit([3, 1, 2, 1])
    joblib.dump(integers, os.path.join(PICKLES, "label_encoder_integers.pkl"))


class OsSystem:
    def __reduce__(self):
        return os.system, ("touch " + MARKER_SYSTEM,)


class Eval:
    def __reduce__(self):
        return eval, ("__import__('os').system('touch " + MARKER_EVAL + "')",)


class Popen:
    def __reduce__(self):
        return subprocess.Popen, (["touch", MARKER_POPEN],)


class NestedSystem:
    def __reduce__(self):
        return os.system, ("touch " + MARKER_NESTED,)


def dump_hostile():
    joblib.dump(OsSystem(), os.path.join(HOSTILE, "os_system.pkl"))
    # protocol 2 spells builtins.eval as __builtin__.eval (fix_imports)
    joblib.dump(Eval(), os.path.join(HOSTILE, "builtins_eval.pkl"), protocol=2)
    joblib.dump(Popen(), os.path.join(HOSTILE, "subprocess_popen.pkl"), compress=3)
    # A genuine StandardScaler with the payload hidden inside its state.
    scaler = StandardScaler().fit(training_like_data(7)[:, :4])
    scaler.mean_ = NestedSystem()
    joblib.dump(scaler, os.path.join(HOSTILE, "scaler_with_payload.pkl"))
    # A harmless but unexpected scikit-learn class.
    joblib.dump(MinMaxScaler().fit(training_like_data(8)), os.path.join(HOSTILE, "min_max_scaler.pkl"))


if __name__ == "__main__":
    os.makedirs(PICKLES, exist_ok=True)
    os.makedirs(HOSTILE, exist_ok=True)
    fitted = dump_scalers()
    dump_keras7_raw_inputs(fitted)
    dump_label_encoders()
    dump_hostile()
    for marker in (MARKER_SYSTEM, MARKER_EVAL, MARKER_POPEN, MARKER_NESTED):
        assert not os.path.exists(marker), marker
