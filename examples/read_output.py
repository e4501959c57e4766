#!/usr/bin/python3
"""Read one ricsim run file (HDF5) with h5py and numpy; see docs/python.md.

    python3 examples/read_output.py out.h5

The layout is documented in docs/output.md. Strings come back as bytes
(fixed-length, NUL-terminated): decode them.
"""
import argparse
import sys

import h5py
import numpy as np


def text(x):
    """A fixed-length HDF5 string (numpy bytes) as a Python str."""
    return x.decode() if isinstance(x, bytes) else str(x)


def series(f, name):
    """Series /observables/NAME as (steps, {column: values}).

    A 2-D series has a "columns" attribute naming its columns; a 1-D series
    (e.g. density_informal) has none and comes back under its own name.
    """
    g = f["observables"][name]
    steps, values = g["step"][:], g["value"][:]
    if values.ndim == 1:
        return steps, {name: values}
    cols = [text(c) for c in g["value"].attrs["columns"]]
    return steps, {c: values[:, i] for i, c in enumerate(cols)}


def report(path):
    """Prints what the run file at path holds."""
    with h5py.File(path, "r") as f:
        status = text(f["run_status"][()])
        if status != "complete":  # "running" (killed, or still going) or "failed"
            print(f"warning: run_status is {status!r}, not 'complete'", file=sys.stderr)
        print("scenario:", text(f["parameters/scenario_path"][()]))
        print("seed:", int(f["parameters/seed"][()]))

        # Last row of each series: use its own step dataset, not an assumed stride.
        steps, cap = series(f, "capability_mean")
        print(f"capability_mean at step {steps[-1]}:",
              " ".join(f"{k}={v[-1]:.6g}" for k, v in cap.items()))
        steps, dens = series(f, "density_informal")
        print(f"density_informal at step {steps[-1]}: {dens['density_informal'][-1]:.6g}")
        steps, share = series(f, "innovating_share")
        print(f"innovating_share at step {steps[-1]}:",
              " ".join(f"{k}={v[-1]:.6g}" for k, v in share.items()))

        # Event table: int64 [rows][cols], column names in its "columns" attribute.
        ev = f["events/innovation"]
        cols = [text(c) for c in ev.attrs["columns"]]
        rows = ev[:]
        counts = np.bincount(rows[:, cols.index("type")], minlength=2)
        print(f"innovation events: {len(rows)} (product={counts[0]} process={counts[1]})")

        # Snapshots (only with run.snapshot_every > 0): one group per step.
        snaps = sorted(f["snapshots"]) if "snapshots" in f else []
        if snaps:
            snap = f["snapshots"][snaps[-1]]
            agents, state = snap["agents"], snap["state"]
            region = agents[:, [text(c) for c in agents.attrs["columns"]].index("region")]
            capm = state[:, [text(c) for c in state.attrs["columns"]].index("capability_mean")]
            print(f"snapshot step {snap.attrs['step']}: {len(region)} agents; mean capability by region:",
                  " ".join(f"region{r}={capm[region == r].mean():.6g}" for r in np.unique(region)))

        # Optional plot: SME mean capability over time, only if matplotlib is there.
        try:
            import matplotlib
            matplotlib.use("Agg")  # no display needed
            import matplotlib.pyplot as plt
        except ImportError:
            plt = None
        if plt is not None:
            steps, size = series(f, "capability_by_size")
            plt.plot(steps, size["sme.mean"])
            plt.xlabel("step")
            plt.ylabel("SME mean capability")
            png = path.rsplit(".h5", 1)[0] + "_sme.png"
            plt.savefig(png)
            print("plot:", png)


def main():
    ap = argparse.ArgumentParser(description="Print the key series, events and last snapshot "
                                 "of one ricsim run file (HDF5).")
    ap.add_argument("file", help="a run's output file, e.g. out/baseline.h5")
    args = ap.parse_args()
    try:
        report(args.file)
    except (OSError, KeyError) as e:  # missing, locked, damaged or foreign file
        sys.exit(f"{ap.prog}: {args.file}: {e}")


if __name__ == "__main__":
    main()
