"""Writes Keras HDF5 variants of the keras-cnn-lstm-7 fixture with h5py and numpy, no TensorFlow.

Run from the repository root with Debian's python (apt-get install python3-h5py python3-sklearn python3-joblib):

    /usr/bin/python3 src/test/resources/model/make_keras_variants.py

- functional-8/: the same CNN-LSTM as a functional-API ("Functional") model with 8 classes and new
  seeded weights, a real sklearn scaler.pkl, raw input rows, and the probabilities of the independent
  float64 numpy forward pass below (checked first against the fixture's TensorFlow.js expectations).
- input-100/: the fixture model declaring input (100, 1) instead of (110, 1), for the shape check.
"""
import copy
import json
import os

import h5py
import joblib
import numpy as np
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "keras-cnn-lstm-7")
LABELS_8 = ["angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised"]


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # = 1 / (1 + exp(-x)) without overflow


def forward(weights, x):
    """Keras inference in float64: Conv1D(same, relu), MaxPool1D(2), LSTM(i,f,c,o), Dense(relu), Dense(softmax)."""
    kernel, bias = weights["conv1d"]
    padded = np.pad(x, ((0, 0), (1, 1), (0, 0)))
    steps = x.shape[1]
    conv = sum(padded[:, k:k + steps, :] @ kernel[k] for k in range(kernel.shape[0])) + bias
    conv = np.maximum(conv, 0.0)
    pooled = np.maximum(conv[:, 0:steps - 1:2, :], conv[:, 1:steps:2, :])
    w, u, b = weights["lstm"]
    units = u.shape[0]
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    for t in range(pooled.shape[1]):
        z = pooled[:, t, :] @ w + h @ u + b
        i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    kernel, bias = weights["dense"]
    hidden = np.maximum(h @ kernel + bias, 0.0)
    kernel, bias = weights["dense_1"]
    logits = hidden @ kernel + bias
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def read_weights(h5):
    group = h5["model_weights"]
    return {
        "conv1d": (group["conv1d/conv1d/kernel:0"][()].astype(np.float64), group["conv1d/conv1d/bias:0"][()].astype(np.float64)),
        "lstm": tuple(group["lstm/lstm/lstm_cell/" + n][()].astype(np.float64) for n in ("kernel:0", "recurrent_kernel:0", "bias:0")),
        "dense": (group["dense/dense/kernel:0"][()].astype(np.float64), group["dense/dense/bias:0"][()].astype(np.float64)),
        "dense_1": (group["dense_1/dense_1/kernel:0"][()].astype(np.float64), group["dense_1/dense_1/bias:0"][()].astype(np.float64)),
    }


def check_forward_against_fixture():
    with h5py.File(os.path.join(FIXTURE, "model.h5"), "r") as h5:
        weights = read_weights(h5)
    with open(os.path.join(FIXTURE, "inputs.json")) as f:
        inputs = np.asarray(json.load(f), dtype=np.float64)[:, :, None]
    with open(os.path.join(FIXTURE, "expected.json")) as f:
        expected = np.asarray(json.load(f))
    got = forward(weights, inputs)
    assert np.abs(got - expected).max() < 2e-6, np.abs(got - expected).max()
    assert (got.argmax(1) == expected.argmax(1)).all()


def copy_attrs(src, dst):
    for key, value in src.attrs.items():
        dst.attrs[key] = value


def functional_config(sequential_config, classes):
    layers = copy.deepcopy(sequential_config["config"]["layers"])
    input_layer = layers[0]
    input_layer["config"]["name"] = "features"
    out = [{"module": "keras.layers", "class_name": "InputLayer", "config": input_layer["config"],
            "registered_name": None, "name": "features", "inbound_nodes": []}]
    previous = "features"
    for layer in layers[1:]:
        config = layer["config"]
        config.pop("batch_input_shape", None)
        if config["name"] == "dense_1":
            config["units"] = classes
        out.append({"module": "keras.layers", "class_name": layer["class_name"], "config": config,
                    "registered_name": None, "name": config["name"],
                    "inbound_nodes": [[[previous, 0, 0, {}]]]})
        previous = config["name"]
    return {"class_name": "Functional",
            "config": {"name": "model", "trainable": True, "layers": out,
                       "input_layers": [["features", 0, 0]], "output_layers": [[previous, 0, 0]]}}


def write_functional_8():
    out_dir = os.path.join(HERE, "functional-8")
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.RandomState(8008)
    with h5py.File(os.path.join(FIXTURE, "model.h5"), "r") as src, \
            h5py.File(os.path.join(out_dir, "cnn_lstm_model.h5"), "w") as dst:
        copy_attrs(src, dst)
        config = functional_config(json.loads(src.attrs["model_config"]), len(LABELS_8))
        dst.attrs["model_config"] = json.dumps(config)
        weights_in = src["model_weights"]
        weights_out = dst.create_group("model_weights")
        copy_attrs(weights_in, weights_out)
        names = [n.decode() if isinstance(n, bytes) else n for n in weights_in.attrs["layer_names"]]
        weights_out.attrs["layer_names"] = np.array([b"features"] + [n.encode() for n in names], dtype="S")
        weights_out.create_group("features").attrs["weight_names"] = np.array([], dtype="S")

        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                group = weights_out.require_group(name)
                copy_attrs(obj, group)
            else:
                shape = list(obj.shape)
                if name.startswith("dense_1/"):
                    shape[-1] = len(LABELS_8)
                # larger dense weights give decisive probabilities, so argmax is no float32 coin toss
                gain = 4.0 if name.startswith("dense") else 2.0
                scale = 0.3 if name.endswith("bias:0") else gain / np.sqrt(shape[0])
                weights_out.create_dataset(name, data=(scale * rng.randn(*shape)).astype(np.float32))

        weights_in.visititems(visit)
        dst.flush()
        weights = read_weights(dst)

    data_rng = np.random.RandomState(88)
    training = data_rng.uniform(-50, 50, 110) + data_rng.uniform(0.5, 20, 110) * data_rng.randn(300, 110)
    scaler = StandardScaler().fit(training)
    joblib.dump(scaler, os.path.join(out_dir, "scaler.pkl"))
    raw = data_rng.uniform(-50, 50, 110) + data_rng.uniform(0.5, 20, 110) * data_rng.randn(24, 110)
    scaled = scaler.transform(raw).astype(np.float32).astype(np.float64)
    expected = forward(weights, scaled[:, :, None])
    assert len(set(expected.argmax(1))) > 2, "weights give too few distinct classes"
    top2 = np.sort(expected, axis=1)[:, -2:]
    assert (top2[:, 1] - top2[:, 0]).min() > 1e-4, "a row's top two classes are too close to call"
    with open(os.path.join(out_dir, "labels.json"), "w") as f:
        json.dump(LABELS_8, f)
    with open(os.path.join(out_dir, "raw_inputs.json"), "w") as f:
        json.dump(raw.tolist(), f)
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected.tolist(), f)


def write_input_100():
    out_dir = os.path.join(HERE, "input-100")
    os.makedirs(out_dir, exist_ok=True)
    with h5py.File(os.path.join(FIXTURE, "model.h5"), "r") as src, \
            h5py.File(os.path.join(out_dir, "cnn_lstm_model.h5"), "w") as dst:
        copy_attrs(src, dst)
        src.copy("model_weights", dst)
        config = json.loads(src.attrs["model_config"])
        for layer in config["config"]["layers"]:
            if "batch_input_shape" in layer["config"]:
                layer["config"]["batch_input_shape"] = [None, 100, 1]
        dst.attrs["model_config"] = json.dumps(config)


if __name__ == "__main__":
    check_forward_against_fixture()
    write_functional_8()
    write_input_100()
