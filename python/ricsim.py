"""ricsim results as pandas DataFrames (docs/python.md).

    import ricsim
    df = ricsim.load_ensemble("ens/baseline", "ens/rd_subsidy", at_year=[20, 40])

load_ensemble() runs ``ricsim export`` (the tidy CSV: one row per run, step
and observable) and reads its output, so Python sees exactly the numbers
the C tools see. Columns: ensemble, scenario, point, one per design factor,
replication, seed, step, observable, value. wide() turns it into one column
per observable.

The ricsim program is found from the argument ricsim=, else $RICSIM, else
PATH, else beside this file (an installed tree: PREFIX/share/ricsim/python
-> PREFIX/bin/ricsim; the source tree: build/ricsim).
"""
import os
import shutil
import subprocess
import tempfile

import pandas as pd

__all__ = ["load_ensemble", "wide", "find_ricsim"]

# Columns that are not design factors, in the order export writes them.
_LEAD = ["ensemble", "scenario", "point"]
_TAIL = ["replication", "seed", "step", "observable", "value"]


def find_ricsim(ricsim=None):
    """The path of the ricsim program (FileNotFoundError if there is none)."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [ricsim, os.environ.get("RICSIM"), shutil.which("ricsim"),
                  os.path.join(here, "..", "..", "..", "bin", "ricsim"),
                  os.path.join(here, "..", "build", "ricsim")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise FileNotFoundError("ricsim not found: pass ricsim=PATH, set $RICSIM or put it on PATH")


def _steps(values):
    if values is None:
        return None
    if isinstance(values, (int,)):
        values = [values]
    return ",".join(str(int(v)) for v in values)


def load_ensemble(*paths, observables=None, at_step=None, at_year=None, every=None,
                  last=False, ricsim=None):
    """Ensembles (directories or ensemble.h5) and run files as one long DataFrame.

    paths: one or more inputs; a single .csv path (an earlier ``ricsim
    export``) is read as is. observables: names of series (every column) or
    SERIES.COLUMN, e.g. ["innovating_share.sme", "demography"]. at_step /
    at_year: a number or a list (a year is 12 steps); every: only steps that
    are multiples of it; last: only the last recorded row of each series.
    Raises RuntimeError with ricsim's message when the export fails.
    """
    if not paths:
        raise ValueError("load_ensemble needs at least one ensemble directory or run file")
    if len(paths) == 1 and str(paths[0]).endswith(".csv"):
        return _read(str(paths[0]))
    cmd = [find_ricsim(ricsim), "export", *map(str, paths), "-q"]
    if observables:
        cmd += ["--observables", ",".join([observables] if isinstance(observables, str)
                                          else observables)]
    if at_step is not None:
        cmd += ["--at-step", _steps(at_step)]
    if at_year is not None:
        cmd += ["--at-year", _steps(at_year)]
    if every:
        cmd += ["--every", str(int(every))]
    if last:
        cmd += ["--last"]
    with tempfile.TemporaryDirectory(prefix="ricsim-export-") as tmp:
        out = os.path.join(tmp, "export.csv")
        r = subprocess.run(cmd + ["-o", out], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip() or f"ricsim export exited {r.returncode}")
        return _read(out)


def _read(path):
    head = pd.read_csv(path, nrows=0).columns.tolist()
    dtypes = {"ensemble": "category", "scenario": "category", "point": "int64",
              "replication": "int64", "seed": "uint64", "step": "int64",
              "observable": "category", "value": "float64"}
    dtypes.update({c: "float64" for c in head if c not in _LEAD + _TAIL})
    return pd.read_csv(path, dtype=dtypes)


def wide(df):
    """One row per run and step, one column per observable."""
    keys = [c for c in df.columns if c not in ("observable", "value")]
    # set_index/unstack keeps rows whose factor columns are NaN (an input
    # without that factor), which a groupby-based pivot would drop.
    d = df.assign(observable=df["observable"].astype(str))
    w = d.set_index(keys + ["observable"])["value"].unstack("observable")
    w.columns.name = None
    return w.reset_index()
