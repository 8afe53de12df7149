"""Writes HDF5 files that are not Keras models, for BundleErrorTest. Debian's python3 with python3-h5py:

    /usr/bin/python3 src/test/resources/model/hostile/make_not_keras.py

- not_keras.h5: a valid HDF5 data file (a dataset and an attribute), no model_config.
- model_config_not_json.h5: a model_config attribute holding Python code instead of JSON.
"""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

with h5py.File(os.path.join(HERE, "not_keras.h5"), "w", libver="earliest") as f:
    f.create_dataset("audio", data=np.arange(16, dtype="<f4"))
    f.attrs["title"] = "a data file named like a model"

with h5py.File(os.path.join(HERE, "model_config_not_json.h5"), "w", libver="earliest") as f:
    f.attrs["model_config"] = "__import__('os').system('touch /tmp/emolake-pwned')"
    f.attrs["keras_version"] = "2.15.0"
    f.attrs["backend"] = "tensorflow"
