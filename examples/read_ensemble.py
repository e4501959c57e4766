#!/usr/bin/python3
"""Read a ricsim ensemble index (DIR/ensemble.h5) with h5py; see docs/python.md.

    python3 examples/read_ensemble.py DIR

Statistics across replications live in /statistics/<series>/<stat>, shaped
[points][steps][columns] (or [points][steps] for a 1-D series), with the
series' step numbers in /statistics/<series>/step.
"""
import argparse
import collections
import os
import sys

import h5py


def text(x):
    """A fixed-length HDF5 string (numpy bytes) as a Python str."""
    return x.decode() if isinstance(x, bytes) else str(x)


def last(f, name, column=None):
    """(step, mean, ci_low, ci_high, n) per design point at the last recorded step."""
    g = f["statistics"][name]
    j = None if column is None else [text(c) for c in g["mean"].attrs["columns"]].index(column)
    pick = (lambda d: d[:, -1]) if j is None else (lambda d: d[:, -1, j])
    return (int(g["step"][-1]), pick(g["mean"][:]), pick(g["ci_low"][:]),
            pick(g["ci_high"][:]), pick(g["n"][:]))


def report(directory):
    """Prints the run counts and per-point statistics of an ensemble."""
    with h5py.File(os.path.join(directory, "ensemble.h5"), "r") as f:
        status = text(f["run_status"][()])  # "incomplete" while runs are missing or failed
        if status != "complete":
            print(f"warning: index run_status is {status!r}, not 'complete'", file=sys.stderr)
        e = f["ensemble"].attrs
        print(f"scenario: {text(e['scenario'])}, method: {text(e['method'])}, "
              f"{e['points']} point(s) x {e['replications']} replication(s)")

        # Run list: one entry per run; file names are relative to DIR.
        runs = collections.Counter(text(s) for s in f["runs/status"][:])
        print("runs:", " ".join(f"{k}={v}" for k, v in sorted(runs.items())))

        # Design: factor names and one row of levels per point (no factors: 0 columns).
        factors = [text(x) for x in f["design/factors"][:]]
        points = f["design/points"][:]

        cap = last(f, "capability_mean", "firm")
        dens = last(f, "density_informal")
        for p in range(points.shape[0]):
            label = ", ".join(f"{k}={v:g}" for k, v in zip(factors, points[p])) or "(no factors)"
            print(f"point {p} [{label}]")
            for what, (step, m, lo, hi, n) in (("capability_mean firm", cap),
                                               ("density_informal", dens)):
                print(f"  {what} at step {step}: mean {m[p]:.6g}, "
                      f"95% CI [{lo[p]:.6g}, {hi[p]:.6g}], n={n[p]}")


def main():
    ap = argparse.ArgumentParser(description="Print the run status counts and, per design "
                                 "point, the mean and 95% CI at the last step of two "
                                 "observables of a ricsim ensemble.")
    ap.add_argument("dir", help="an ensemble directory (written by ricsim ensemble)")
    args = ap.parse_args()
    try:
        report(args.dir)
    except (OSError, KeyError) as e:  # missing, locked, damaged or foreign index
        sys.exit(f"{ap.prog}: {args.dir}: {e}")


if __name__ == "__main__":
    main()
