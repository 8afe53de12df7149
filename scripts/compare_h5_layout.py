"""Compares the HDF5 layout of an exported model with the tf.keras 2.15 reference fixture.

    /usr/bin/python3 scripts/compare_h5_layout.py EXPORTED.h5 [REFERENCE.h5]

(Debian python3-h5py + python3-numpy.) Reports every difference in groups, datasets (shape, dtype),
attributes (name, HDF5 type class, string kind and charset, shape) and model_config keys, ignoring values
that depend on the training (weights, number of classes) and the LSTM's time_major, which the export leaves out
so that Keras 3 loads the file too. Exit code 1 on a difference.
"""
import json
import sys

import h5py

REFERENCE = "/work/shared/fixtures/keras-cnn-lstm-7/model.h5"


def attr_kind(obj, name):
    a = obj.attrs.get_id(name)
    t = a.get_type()
    if isinstance(t, h5py.h5t.TypeStringID):
        return ("string", "vlen" if t.is_variable_str() else "fixed", t.get_cset(), a.shape)
    return (type(t).__name__, t.get_size(), a.shape)


def layout(path, ignore_classes):
    items = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if name.startswith("optimizer_weights"):
                return
            if isinstance(obj, h5py.Dataset):
                shape = obj.shape
                if ignore_classes and name.startswith("model_weights/dense_1/") and len(shape) >= 1:
                    shape = shape[:-1] + ("classes",)
                items[name] = ("dataset", shape, str(obj.dtype))
            else:
                items[name] = ("group",)
            for key in obj.attrs:
                items[name + "@" + key] = attr_kind(obj, key)
        for key in f.attrs:
            items["/@" + key] = attr_kind(f, key)
        f.visititems(visit)
        config = json.loads(f.attrs["model_config"])
        # time_major is left out on purpose: Keras 3 refuses it (docs/TRAINING.md)
        layers = [(l["class_name"], sorted(k for k in l["config"].keys() if k != "time_major"))
                  for l in config["config"]["layers"]]
        names = [n.decode() if isinstance(n, bytes) else n for n in f["model_weights"].attrs["layer_names"]]
        weight_names = {n: [w.decode() if isinstance(w, bytes) else w for w in f["model_weights"][n].attrs["weight_names"]]
                        for n in names}
    return items, layers, names, weight_names


def main():
    exported = sys.argv[1]
    reference = sys.argv[2] if len(sys.argv) > 2 else REFERENCE
    a = layout(exported, True)
    b = layout(reference, True)
    problems = []
    for key in sorted(set(a[0]) | set(b[0])):
        if a[0].get(key) != b[0].get(key):
            problems.append("%s: exported %s, reference %s" % (key, a[0].get(key), b[0].get(key)))
    if a[1] != b[1]:
        problems.append("model_config layers differ:\n  %s\n  %s" % (a[1], b[1]))
    if a[2] != b[2]:
        problems.append("layer_names: %s vs %s" % (a[2], b[2]))
    if a[3] != b[3]:
        problems.append("weight_names: %s vs %s" % (a[3], b[3]))
    for p in problems:
        print("DIFF", p)
    print("layout %s (%d entries compared, optimizer_weights excluded)" % ("EQUAL" if not problems else "DIFFERENT", len(b[0])))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
