"""Writes genuine Keras 3 fixtures for emolake's model tests with TensorFlow's own Keras.

Needs a throwaway environment, never a build dependency (the wheels come from the machine's local index):

    python3 -m venv /tmp/tfenv && /tmp/tfenv/bin/pip install tensorflow-cpu keras h5py numpy
    /tmp/tfenv/bin/python scripts/make_keras3_fixtures.py src/test/resources/model

Writes, under the given folder:
- keras3-functional-4/: the seed CNN-LSTM built with the functional API, 4 classes, fitted 2 epochs on random data;
  model.h5 and model.keras, inputs.json (unscaled 110-value inputs), expected.json (model.predict), labels.json,
  versions.json.
- keras3-sequential-9/: the seed Sequential model with 9 classes, fitted 3 epochs; same files.
- keras3-variants/<name>-<classes>/: other architectures of layers DL4J imports (BatchNormalization, Flatten,
  stacked LSTMs, global pooling, Dense without bias, Activation, a functional model with a Concatenate branch, GRU,
  SimpleRNN, Bidirectional), fitted 1 epoch; the same files.
- keras3-unsupported/: small Keras 3 files emolake must refuse with a specific error: mixed_float16.keras
  (mixed-precision policy), masking.keras (a Masking layer), custom_layer.keras (a registered custom object),
  layer_norm.h5 (a layer DL4J cannot import).
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf
import keras

FEATURES = 110


def seed_layers(classes):
    return [
        keras.layers.Conv1D(64, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling1D(2),
        keras.layers.Dropout(0.3),
        keras.layers.LSTM(64),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(classes, activation="softmax"),
    ]


def functional(classes):
    inputs = keras.Input(shape=(FEATURES, 1), name="features")
    x = inputs
    for layer in seed_layers(classes):
        x = layer(x)
    return keras.Model(inputs, x, name="emotion_cnn_lstm")


def sequential(classes):
    return keras.Sequential([keras.Input(shape=(FEATURES, 1))] + seed_layers(classes))


def fit_and_save(model, classes, epochs, out, rng):
    os.makedirs(out, exist_ok=True)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = rng.normal(size=(256, FEATURES, 1)).astype("float32")
    y = rng.integers(0, classes, size=256)
    model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    inputs = (rng.normal(size=(32, FEATURES)) * 2).astype("float32")
    expected = model.predict(inputs.reshape(32, FEATURES, 1), verbose=0)
    model.save(os.path.join(out, "model.h5"))
    model.save(os.path.join(out, "model.keras"))
    dump(out, "inputs.json", inputs.tolist())
    dump(out, "expected.json", expected.astype(float).tolist())
    dump(out, "labels.json", ["emotion_%d" % i for i in range(classes)])
    dump(out, "versions.json", {"tensorflow": tf.__version__, "keras": keras.__version__,
                                "backend": keras.backend.backend(), "functional": not isinstance(model, keras.Sequential)})


def dump(out, name, value):
    with open(os.path.join(out, name), "w") as f:
        json.dump(value, f)


@keras.saving.register_keras_serializable(package="emolake_tests")
class Scale(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


def unsupported(out):
    os.makedirs(out, exist_ok=True)
    keras.mixed_precision.set_global_policy("mixed_float16")
    sequential(3).save(os.path.join(out, "mixed_float16.keras"))
    keras.mixed_precision.set_global_policy("float32")
    masked = keras.Sequential([keras.Input(shape=(FEATURES, 1)), keras.layers.Masking(0.0),
                               keras.layers.LSTM(8), keras.layers.Dense(3, activation="softmax")])
    masked.save(os.path.join(out, "masking.keras"))
    custom = keras.Sequential([keras.Input(shape=(FEATURES, 1)), Scale(), keras.layers.LSTM(8),
                               keras.layers.Dense(3, activation="softmax")])
    custom.save(os.path.join(out, "custom_layer.keras"))
    norm = keras.Sequential([keras.Input(shape=(FEATURES, 1)), keras.layers.LayerNormalization(),
                             keras.layers.LSTM(8), keras.layers.Dense(3, activation="softmax")])
    norm.save(os.path.join(out, "layer_norm.h5"))


def variants():
    """Other architectures of layers DL4J imports, as Keras 3 writes them."""
    L = keras.layers
    inp = lambda: keras.Input(shape=(FEATURES, 1))
    out = {}
    out["batchnorm-flatten-5"] = keras.Sequential([inp(), L.Conv1D(16, 5, activation="relu"), L.BatchNormalization(),
                                                   L.MaxPooling1D(2), L.Flatten(), L.Dense(5, activation="softmax")])
    out["stacked-lstm-3"] = keras.Sequential([inp(), L.Conv1D(32, 3, padding="same", activation="relu"),
                                              L.MaxPooling1D(2), L.LSTM(24, return_sequences=True), L.LSTM(16),
                                              L.Dense(3, activation="softmax")])
    out["global-pool-no-bias-7"] = keras.Sequential([inp(), L.Conv1D(32, 3, activation="tanh"),
                                                     L.GlobalAveragePooling1D(), L.Dense(32, use_bias=False),
                                                     L.Activation("relu"), L.Dense(7), L.Activation("softmax")])
    x = inputs = keras.Input(shape=(FEATURES, 1), name="clip_features")
    a = L.Conv1D(16, 3, padding="same", activation="relu", name="conv_a")(x)
    b = L.Conv1D(16, 5, padding="same", activation="relu", name="conv_b")(x)
    y = L.Concatenate(name="merge")([a, b])
    y = L.MaxPooling1D(2)(y)
    y = L.LSTM(32)(y)
    y = L.Dropout(0.2)(y)
    out["functional-branches-6"] = keras.Model(inputs, L.Dense(6, activation="softmax", name="probabilities")(y))
    out["gru-4"] = keras.Sequential([inp(), L.Conv1D(16, 3, activation="relu"), L.MaxPooling1D(2), L.GRU(16),
                                     L.Dense(4, activation="softmax")])
    out["simple-rnn-2"] = keras.Sequential([inp(), L.MaxPooling1D(4), L.SimpleRNN(8), L.Dense(2, activation="softmax")])
    out["bidirectional-3"] = keras.Sequential([inp(), L.MaxPooling1D(4), L.Bidirectional(L.LSTM(8)),
                                               L.Dense(3, activation="softmax")])
    return out


def main(root):
    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(7)
    fit_and_save(functional(4), 4, 2, os.path.join(root, "keras3-functional-4"), rng)
    fit_and_save(sequential(9), 9, 3, os.path.join(root, "keras3-sequential-9"), rng)
    unsupported(os.path.join(root, "keras3-unsupported"))
    for name, model in variants().items():
        classes = model.output_shape[-1]
        fit_and_save(model, classes, 1, os.path.join(root, "keras3-variants", name), rng)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/model")
