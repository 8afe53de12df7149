"""Independent float64 forward pass of an exported cnn_lstm_model.h5, by Keras conventions, with numpy + h5py only.

    /usr/bin/python3 scripts/keras_forward.py MODEL.h5 INPUTS.json OUTPUT.json

INPUTS.json: a list of rows of 110 (already scaled) numbers. OUTPUT.json: per row the softmax probabilities.
Reads model_config to check the architecture it implements (Conv1D same/relu, MaxPooling1D 2, LSTM tanh/sigmoid,
Dense relu, Dense softmax) and the weights from model_weights/<layer>/<layer>/<name>:0 in Keras layouts:
Conv1D kernel (k, in, filters), LSTM kernel/recurrent_kernel/bias with gates i, f, c, o, Dense kernel (in, out).
Nothing here comes from DL4J. (Debian: apt-get install -y python3-h5py python3-numpy.)
"""
import json
import sys

import h5py
import numpy as np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def check_config(config):
    layers = {l["config"]["name"]: l for l in config["config"]["layers"]}
    conv = layers["conv1d"]["config"]
    assert conv["padding"] == "same" and conv["activation"] == "relu" and conv["kernel_size"] == [3], conv
    pool = layers["max_pooling1d"]["config"]
    assert pool["pool_size"] == [2] and pool["strides"] == [2] and pool["padding"] == "valid", pool
    lstm = layers["lstm"]["config"]
    assert lstm["activation"] == "tanh" and lstm["recurrent_activation"] == "sigmoid", lstm
    assert not lstm["return_sequences"] and not lstm["go_backwards"], lstm
    assert layers["dense"]["config"]["activation"] == "relu"
    assert layers["dense_1"]["config"]["activation"] == "softmax"


def forward(f, x):
    g = f["model_weights"]
    read = lambda name: g[name][()].astype(np.float64)
    kernel, bias = read("conv1d/conv1d/kernel:0"), read("conv1d/conv1d/bias:0")
    steps = x.shape[1]
    half = (kernel.shape[0] - 1) // 2
    padded = np.pad(x, ((0, 0), (half, kernel.shape[0] - 1 - half), (0, 0)))
    conv = sum(padded[:, k:k + steps, :] @ kernel[k] for k in range(kernel.shape[0])) + bias
    conv = np.maximum(conv, 0.0)
    pooled = np.maximum(conv[:, 0:steps - 1:2, :], conv[:, 1:steps:2, :])
    w = read("lstm/lstm/lstm_cell/kernel:0")
    u = read("lstm/lstm/lstm_cell/recurrent_kernel:0")
    b = read("lstm/lstm/lstm_cell/bias:0")
    units = u.shape[0]
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    for t in range(pooled.shape[1]):
        z = pooled[:, t, :] @ w + h @ u + b
        i, fg, g_, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(fg) * c + sigmoid(i) * np.tanh(g_)
        h = sigmoid(o) * np.tanh(c)
    hidden = np.maximum(h @ read("dense/dense/kernel:0") + read("dense/dense/bias:0"), 0.0)
    logits = hidden @ read("dense_1/dense_1/kernel:0") + read("dense_1/dense_1/bias:0")
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def main():
    model, inputs, output = sys.argv[1:4]
    with open(inputs) as fh:
        x = np.asarray(json.load(fh), dtype=np.float32).astype(np.float64)[:, :, None]
    with h5py.File(model, "r") as f:
        check_config(json.loads(f.attrs["model_config"]))
        p = forward(f, x)
    with open(output, "w") as fh:
        json.dump(p.tolist(), fh)


if __name__ == "__main__":
    main()
