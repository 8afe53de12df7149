"""Writes src/test/resources/numerics/numpy_pairwise_sums.json: np.add.reduce of random float32 and float64 arrays
of many lengths (values as raw bits), the fixture NumpySumsTest holds org.emolake.numerics.NumpySums equal to.

    python3 scripts/numpy_pairwise_sums.py   (numpy 2.x; records its version in the file)
"""
import json
import pathlib

import numpy as np

LENGTHS = list(range(0, 20)) + [23, 31, 32, 63, 64, 65, 127, 128, 129, 130, 135, 200, 255, 256, 257, 263, 511, 512,
                                 513, 1000, 1025, 4097]


def main():
    rng = np.random.default_rng(20261204)
    cases = []
    for n in LENGTHS:
        # magnitudes over many decades and both signs, so that the order of the additions shows in the result
        values = rng.standard_normal(n) * np.exp(rng.standard_normal(n) * 6)
        f32 = values.astype(np.float32)
        f64 = values.astype(np.float64)
        cases.append({
            "n": n,
            "float32_bits": [int(b) for b in f32.view(np.uint32)],
            "float32_sum_bits": int(np.add.reduce(f32).view(np.uint32)),
            "float64_bits": [str(int(b)) for b in f64.view(np.uint64)],
            "float64_sum_bits": str(int(np.add.reduce(f64).view(np.uint64))),
        })
    out = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/numerics/numpy_pairwise_sums.json"
    out.write_text(json.dumps({"numpy": np.__version__, "cases": cases}))


if __name__ == "__main__":
    main()
