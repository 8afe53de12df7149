"""The lake, for the notebooks: every query of a notebook in one `bin/emolake sql --format json --file` call, so one
Spark start per notebook.

The lake is `EMOLAKE_LAKE` (default: the demo's `lake/` beside `notebooks/`); `bin/emolake` is found relative to
this file (or under `EMOLAKE_HOME`). On a production lake, the same SQL runs in spark-sql, Trino or PyIceberg (see
the top of each notebook and docs/JOB.md); only `query` below would change.
"""
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd

HOME = Path(os.environ.get("EMOLAKE_HOME", Path(__file__).resolve().parent.parent))
LAKE = os.environ.get("EMOLAKE_LAKE", str(HOME / "lake"))
EMOLAKE = HOME / "bin" / "emolake"
# The newest run of the lake, unless EMOLAKE_RUN names one.
RUN = os.environ.get("EMOLAKE_RUN")
THIS_RUN = (f"'{RUN}'" if RUN else "(SELECT max_by(run_id, started_at) FROM runs)")


def has_table(name):
    """Whether the lake has the table (checked on the file system for a local lake; assumed for any other)."""
    if "://" in LAKE and not LAKE.startswith("file:"):
        return True
    root = Path(LAKE.removeprefix("file:"))
    return (root / "emolake" / name / "metadata").is_dir() or (root / name).is_dir()


def query(**statements):
    """Runs the named SELECT statements on one Spark session; returns one DataFrame per name (empty for no rows)."""
    tagged = [f"SELECT '{name}' AS _query, q.* FROM ({sql}) q" for name, sql in statements.items()]
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(";\n".join(tagged) + ";\n")
        script = f.name
    started = time.monotonic()
    try:
        done = subprocess.run([str(EMOLAKE), "sql", "--lake", LAKE, "--format", "json", "--file", script],
                              capture_output=True, text=True)
    finally:
        os.unlink(script)
    if done.returncode != 0:
        raise RuntimeError(f"emolake sql failed ({done.returncode}): {done.stderr.strip()}")
    rows = {name: [] for name in statements}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[row.pop("_query")].append(row)
    print(f"{len(statements)} queries on one Spark start: {time.monotonic() - started:.1f} s ({LAKE})")
    return {name: pd.DataFrame(r) for name, r in rows.items()}


def explode_probabilities(frame, column="probabilities"):
    """The map column as one column per class (NaN where a row has none)."""
    probabilities = pd.DataFrame([p if isinstance(p, dict) else {} for p in frame[column]], index=frame.index)
    return pd.concat([frame.drop(columns=[column]), probabilities], axis=1), sorted(probabilities.columns)


# The report's colours: Okabe-Ito, with the usual emotion names in the colours people expect.
COLOURS = {"angry": "#D55E00", "happy": "#E69F00", "sad": "#0072B2", "neutral": "#999999", "fearful": "#CC79A7",
           "calm": "#009E73", "disgust": "#56B4E9", "surprised": "#F0E442"}


def colours(labels):
    others = iter(["#009E73", "#56B4E9", "#CC79A7", "#E69F00", "#0072B2", "#D55E00", "#000000", "#882255"])
    return [COLOURS.get(str(label).lower()) or next(others, "#444444") for label in labels]
