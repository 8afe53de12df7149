"""Writes src/test/resources/numerics/numpy_log10f.json: np.log10 of float32 values (raw bits in and out) as numpy
computes it on this CPU, the fixture NumpyLog10fTest holds org.emolake.features.NumpyLog10f equal to. Needs numpy
2.x on an x86-64 CPU with AVX-512 (numpy's SVML path; without it numpy uses the C library's log10f).

    python3 scripts/numpy_log10f.py
"""
import json
import pathlib

import numpy as np


def main():
    rng = np.random.default_rng(20261204)
    special = np.array([0.0, -0.0, 1.0, 10.0, 0.1, 0.75, 1.5, 2.0, 0.5, 1e-10, 1e6, np.inf, -np.inf, np.nan, -1.0,
                        np.finfo(np.float32).tiny, np.finfo(np.float32).max, 1.4e-45, 3e-39], dtype=np.float32)
    # every decade from the smallest subnormal to the largest float, uniformly in log; then the interval edges of
    # the mantissa tables (fractions just below and above 0.75, 1.5 and each sixteenth)
    wide = np.exp(rng.uniform(np.log(1.4e-45), np.log(3.4e38), 6000)).astype(np.float32)
    mantissas = np.concatenate([np.float32(m) * np.float32(2.0) ** rng.integers(-60, 60, 40).astype(np.float32)
                                for m in np.linspace(0.75, 1.5, 17, dtype=np.float32)])
    edges = np.concatenate([np.nextafter(mantissas, np.float32(0)), mantissas, np.nextafter(mantissas, np.float32(2))])
    values = np.concatenate([special, wide, edges.astype(np.float32)])
    with np.errstate(all="ignore"):
        logs = np.log10(values)
    out = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/numerics/numpy_log10f.json"
    out.write_text(json.dumps({"numpy": np.__version__, "x": [int(b) for b in values.view(np.uint32)],
                               "log10": [int(b) for b in logs.view(np.uint32)]}))


if __name__ == "__main__":
    main()
