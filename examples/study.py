#!/usr/bin/python3
"""A study in pandas: scenarios against a baseline, from ricsim's tidy export.

    python3 examples/study.py --baseline ens/baseline ens/rd_subsidy ens/user_groups \
        [--observable innovating_share.sme] [--year 20]

For each scenario: the observable's mean over replications at the chosen
step (default: the last), and the paired difference from the baseline --
runs matched by their seed, as `ricsim ensemble` gives equal seeds to equal
replications -- with its 95% CI (Student t). docs/python.md walks through it.
"""
import argparse
import math
import os
import sys

# ricsim.py: python/ in the source tree; beside this script when installed
# (PREFIX/share/ricsim/python).
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "python")]
import ricsim  # noqa: E402

# Student t 0.975 quantiles for 1..30 degrees of freedom (then the normal's).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t975(df):
    return T975[df - 1] if df <= len(T975) else 1.96


def main():
    ap = argparse.ArgumentParser(description="Compare ricsim ensembles with a baseline in pandas "
                                 "(paired by seed).")
    ap.add_argument("--baseline", required=True, metavar="DIR", help="the baseline ensemble")
    ap.add_argument("scenarios", nargs="+", metavar="DIR", help="ensembles to compare with it")
    ap.add_argument("--observable", default="innovating_share.sme",
                    help="SERIES or SERIES.COLUMN (default: innovating_share.sme)")
    ap.add_argument("--year", type=int, help="the year to look at (default: the last step)")
    ap.add_argument("--ricsim", help="the ricsim program (default: $RICSIM, PATH, build/)")
    args = ap.parse_args()
    try:
        df = ricsim.load_ensemble(args.baseline, *args.scenarios, observables=[args.observable],
                                  at_year=args.year, last=args.year is None,
                                  ricsim=args.ricsim)
    except (RuntimeError, FileNotFoundError) as e:
        sys.exit(f"{ap.prog}: {e}")
    df = df[df["observable"] == args.observable]
    base_name = os.path.basename(os.path.normpath(args.baseline))
    base = df[df["ensemble"] == base_name].set_index("seed")["value"]
    step = int(df["step"].max())
    print(f"{args.observable} at step {step} (year {step / 12:g}); 95% CI")
    print(f"{base_name}: mean {base.mean():.6g} over {len(base)} runs")
    for d in args.scenarios:
        name = os.path.basename(os.path.normpath(d))
        runs = df[df["ensemble"] == name].set_index("seed")["value"]
        diff = (runs - base).dropna()  # the runs both sides share (same seeds)
        n = len(diff)
        line = f"{name}: mean {runs.mean():.6g} over {len(runs)} runs"
        if n >= 2:
            half = t975(n - 1) * diff.std(ddof=1) / math.sqrt(n)
            line += (f"; difference {diff.mean():+.6g} [{diff.mean() - half:.6g}, "
                     f"{diff.mean() + half:.6g}] over {n} paired runs")
        else:
            line += "; no paired runs (different seeds: run both with the same --seed)"
        print(line)


if __name__ == "__main__":
    main()
