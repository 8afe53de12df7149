"""Scaler fixtures for StandardScalerTest, from Debian's scikit-learn (python3-sklearn 1.2.1).

Run from the repository root with Debian's python, not a pyenv one:

    apt-get install -y python3-sklearn python3-numpy
    /usr/bin/python3 src/test/resources/training/make_scaler_fixtures.py

Writes scaler_fixtures.json: cases of {"name", "rows": [[...]], "mean", "var", "scale", "n"} where the
expected values are StandardScaler().fit(rows) (C-ordered float64 input). Doubles are written with repr,
so they read back exactly.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def case(name, rows):
    rows = np.ascontiguousarray(rows, dtype=np.float64)
    s = StandardScaler().fit(rows)
    return {"name": name, "rows": rows.tolist(), "mean": s.mean_.tolist(), "var": s.var_.tolist(),
            "scale": s.scale_.tolist(), "n": int(s.n_samples_seen_)}


def main():
    rng = np.random.RandomState(2024)
    cases = []
    # feature-like: 110 columns with offsets and spreads like MFCC/chroma/centroid values
    offsets = rng.uniform(-300, 3000, 110)
    spreads = rng.uniform(1e-3, 500, 110)
    cases.append(case("features_300x110", offsets + spreads * rng.randn(300, 110)))
    # large offset, tiny spread: where a naive one-pass variance loses digits
    cases.append(case("offset_1e8", 1e8 + rng.randn(57, 5)))
    # constant columns (zero variance -> scale 1), a near-constant one, a single row
    const = np.column_stack([np.full(40, 3.25), np.full(40, -1e6), 1.0 + 1e-17 * rng.randn(40), rng.randn(40)])
    cases.append(case("constant_columns", const))
    cases.append(case("single_row", rng.randn(1, 6)))
    cases.append(case("two_rows_integers", np.array([[1.0, 2.0, 3.0], [4.0, 2.0, -3.0]])))
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}
    with open(os.path.join(HERE, "scaler_fixtures.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
