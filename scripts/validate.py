#!/usr/bin/python3
"""The model's validation suite (issue 11, "Patterns: the validation suite").

Runs the baseline scenario for several seeds with ``ricsim run`` (a warm-up of
W steps and Y years after it), plus the knock-out runs of P5 on the same
seeds, reads the HDF5 files back with h5py and evaluates the patterns P1-P10
after the warm-up: per seed one statistic, then the mean over seeds with a 95%
t-interval. A check passes when the mean over seeds meets its target (the
interval is reported, not tested), except P3's seed-to-seed sd, which is the
spread itself.

    /usr/bin/python3 scripts/validate.py                  # full suite, 5 seeds
    /usr/bin/python3 scripts/validate.py --short          # CI preset, small world
    /usr/bin/python3 scripts/validate.py --markdown docs/validation.md

Exit code: 0 every evaluated check passes, 1 some check fails (or its data
are missing), 2 usage error or a run that failed.

Needs only numpy and h5py (Debian: python3-numpy, python3-h5py).
"""

import argparse
import concurrent.futures
import datetime
import math
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

# ---------------------------------------------------------------------------
# Defaults of the suite
# ---------------------------------------------------------------------------
WARMUP_STEPS = 240      # documented warm-up (months); patterns use steps > W
YEARS = 40              # simulated years evaluated after the warm-up
SEEDS = 5               # seeds 1..N
STEPS_PER_YEAR = 12     # one step is one month
STATIONARY_FROM_YEAR = 10  # P7: annual means of years 10..Y after the warm-up
DECADE_YEARS = 10       # P9: first and last decade of brokerage matches

# --short: a CI-sized preset. Its subset leaves out the patterns whose
# statistic depends on the size of the world or needs the long horizon:
# P8 (density, clustering against a random graph of that density and the
# largest hub's share of all ties all change with the number of agents) and
# P9 (its brokerage matches per year are a handful of events with ~20
# intermediaries, and a first and a last decade do not fit into 15 years).
# P3 stays: the five leading manufacturers are simulated at any scale with
# their sales x world.scale, so their share of R&D does not depend on it.
SHORT = dict(scale=0.03, seeds=3, warmup=240, years=20,
             patterns=["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P10"])

KNOCKOUTS = {  # variant name -> scenario override (P5: learning layers; P6: the
    # capital's share of R&D activity set to its share of firms, 0.47)
    "ko_informal": "network.informal.eta=0",
    "ko_formal": "network.formal.eta=0",
    "ko_capital_rd": "world.capital_rd=0.47",
}

SEED_ARTICLE = "seed article"
SRC_S3 = "seed article s.3 (KISTI; Korean Innovation Survey)"
SRC_KIS2002 = "STEPI Korean Innovation Survey 2002: 77.5% vs 41.2%"

# ---------------------------------------------------------------------------
# Targets (one place; the pattern functions below read them)
# ---------------------------------------------------------------------------
P1_TARGETS = {"manufacturing": 0.38, "sme": 0.31, "service": 0.21}
P1_TOL = 0.04
P1_MAX_DRIFT = 3.0          # points per decade
P2_RANGE = (1.6, 2.4)
P3_TARGET, P3_TOL, P3_MAX_SD = 0.43, 0.06, 0.05
P4_TARGET, P4_TOL = 0.0264, 0.004
P5_MIN_INFORMAL = 0.5
P7_MAX_DEV = 0.10
P7_EXIT_BAND = (0.02, 0.08)
P7_ENTRY_TOL = 0.20
P8_MIN_GIANT = 0.9
P8_MIN_CLUSTERING_RATIO = 10.0
P8_MAX_HUB_SHARE = 0.02
P8_SME_PRODUCER_BAND = (0.02, 0.20)
P9_LIFETIME_BAND = (12.0, 36.0)
P9_MATCHES_TOL = 0.30
P10_MIN_FRACTION = 0.5

# ---------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------
# Two-sided 95% quantiles of Student's t, df = 1..30 (then 40, 60, 120, inf).
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
         2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
         2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
         2.048, 2.045, 2.042]
_T975_TAIL = [(40, 2.021), (60, 2.000), (120, 1.980), (math.inf, 1.960)]


def t975(df):
    """95% two-sided t quantile (table; linear in 1/df beyond 30)."""
    if df <= 30:
        return _T975[df - 1]
    lo_df, lo_t = 30, _T975[-1]
    for hi_df, hi_t in _T975_TAIL:
        if df <= hi_df:
            x = (1 / lo_df - 1 / df) / (1 / lo_df - (0 if hi_df == math.inf else 1 / hi_df))
            return lo_t + x * (hi_t - lo_t)
        lo_df, lo_t = hi_df, hi_t
    return 1.960


def mean_ci(values):
    """(mean, half-width of the 95% t-interval, n) of the finite values.

    Any non-finite per-seed value makes the whole statistic NaN: a seed
    where the statistic does not exist is not silently dropped.
    """
    v = np.asarray(values, dtype=float)
    if v.size == 0 or not np.all(np.isfinite(v)):
        return math.nan, math.nan, v.size
    if v.size == 1:
        return float(v[0]), math.nan, 1
    half = t975(v.size - 1) * float(np.std(v, ddof=1)) / math.sqrt(v.size)
    return float(v.mean()), half, v.size


def ratio(a, b):
    """a / b, NaN when b is 0 (the check then fails as undefined)."""
    return a / b if b != 0 else math.nan


def ols_slope(y):
    """OLS slope of y against 0, 1, 2, ... (NaN with fewer than 2 points)."""
    y = np.asarray(y, dtype=float)
    if y.size < 2 or not np.all(np.isfinite(y)):
        return math.nan
    x = np.arange(y.size, dtype=float)
    x -= x.mean()
    return float(np.dot(x, y - y.mean()) / np.dot(x, x))


# ---------------------------------------------------------------------------
# Reading a run file
# ---------------------------------------------------------------------------
def yaml_scalar(text, section, key):
    """The value of section.key in the effective scenario ricsim writes
    (/parameters/effective: two-level YAML, two-space indents), as a float."""
    inside = False
    for line in text.splitlines():
        if line and not line.startswith(" "):
            inside = line.rstrip() == f"{section}:"
        elif inside and line.strip().startswith(f"{key}:"):
            try:
                return float(line.split(":", 1)[1].split("#")[0])
            except ValueError:
                return None
    return None


class MissingData(Exception):
    """A series or column a pattern needs is not in the run file."""


class RunData:
    """The observables of one run file, with the window after the warm-up."""

    def __init__(self, path, warmup, years):
        self.path = path
        self.warmup = warmup
        self.years = years
        self.series = {}
        with h5py.File(path, "r") as f:
            status = f["run_status"][()] if "run_status" in f else b"?"
            if isinstance(status, bytes):
                status = status.decode()
            if status != "complete":
                raise RuntimeError(f"{path}: run_status is '{status}', not 'complete'")
            self.seed = int(f["parameters/seed"][()]) if "parameters/seed" in f else None
            eff = f["parameters/effective"][()] if "parameters/effective" in f else b""
            self.scale = yaml_scalar(eff.decode() if isinstance(eff, bytes) else str(eff),
                                     "world", "scale")
            for name, g in f["observables"].items():
                if not isinstance(g, h5py.Group) or "value" not in g or "step" not in g:
                    continue
                value = g["value"]
                data = np.asarray(value[()], dtype=float)
                if data.ndim == 1:
                    cols = {name: data}
                else:
                    names = value.attrs.get("columns")
                    if names is None:
                        names = [str(i) for i in range(data.shape[1])]
                    names = [n.decode() if isinstance(n, bytes) else str(n) for n in names]
                    cols = {n: data[:, i] for i, n in enumerate(names)}
                self.series[name] = (np.asarray(g["step"][()], dtype=np.int64), cols)

    def column(self, series, column=None):
        """(steps, values) of one column (column None: a 1-D series)."""
        if series not in self.series:
            raise MissingData(f"series /observables/{series} missing")
        steps, cols = self.series[series]
        key = series if column is None else column
        if key not in cols:
            raise MissingData(f"column {series}.{key} missing")
        return steps, cols[key]

    def window(self, series, column=None):
        """Values of the steps after the warm-up (W < step <= W + 12 Y)."""
        steps, v = self.column(series, column)
        sel = (steps > self.warmup) & (steps <= self.warmup + STEPS_PER_YEAR * self.years)
        if not np.any(sel):
            raise MissingData(f"{series}.{column}: no rows after step {self.warmup}")
        return v[sel]

    def window_mean(self, series, column=None):
        return float(np.mean(self.window(series, column)))

    def annual(self, series, column=None, how="mean"):
        """One value per year after the warm-up (mean or sum of its rows)."""
        steps, v = self.column(series, column)
        out = []
        for y in range(self.years):
            lo = self.warmup + STEPS_PER_YEAR * y
            sel = (steps > lo) & (steps <= lo + STEPS_PER_YEAR)
            if not np.any(sel):
                raise MissingData(f"{series}.{column}: no rows in year {y + 1}")
            out.append(float(np.sum(v[sel]) if how == "sum" else np.mean(v[sel])))
        return np.array(out)

    def at_or_before(self, series, column, step):
        """Value at the last recorded step <= step (cumulative counters)."""
        steps, v = self.column(series, column)
        idx = np.nonzero(steps <= step)[0]
        if idx.size == 0:
            raise MissingData(f"{series}.{column}: no row at or before step {step}")
        return float(v[idx[-1]])

    def initial(self, series, column=None):
        steps, v = self.column(series, column)
        if steps.size == 0 or steps[0] != 0:
            raise MissingData(f"{series}.{column}: no row at step 0")
        return float(v[0])

    @property
    def last_step(self):
        return self.warmup + STEPS_PER_YEAR * self.years


# ---------------------------------------------------------------------------
# Checks: one row of the table
# ---------------------------------------------------------------------------
class Check:
    """One row: a per-seed statistic, its target and whether the mean meets it.

    test: a function of the mean over seeds -> bool, or None for a row that
    is only reported (informational). stat "sd": the row's value is the sd
    over seeds of the per-seed values, tested by test(sd).
    """

    def __init__(self, pattern, what, target, source, values, test, unit="", stat="mean"):
        self.pattern, self.what, self.target, self.source = pattern, what, target, source
        self.values, self.test, self.unit, self.stat = values, test, unit, stat
        self.error = None

    @classmethod
    def failed(cls, pattern, what, target, source, error):
        c = cls(pattern, what, target, source, [], None)
        c.error = error
        return c

    def summary(self):
        """(value, half-width) of the row's statistic."""
        if self.stat == "sd":
            v = np.asarray(self.values, dtype=float)
            ok = v.size >= 2 and np.all(np.isfinite(v))
            return (float(np.std(v, ddof=1)) if ok else math.nan), math.nan
        m, h, _ = mean_ci(self.values)
        return m, h

    @property
    def result(self):
        if self.error:
            return "ERROR"
        if self.test is None:
            return "info"
        value, _ = self.summary()
        if not math.isfinite(value):
            return "FAIL"
        return "pass" if self.test(value) else "FAIL"

    def model_text(self):
        if self.error:
            return self.error
        value, half = self.summary()
        scale, suffix, digits = UNITS[self.unit]
        if not math.isfinite(value):
            return "n/a (undefined in some seed)"
        text = f"{value * scale:.{digits}f}{suffix}"
        if self.stat == "sd":
            return f"{text} (sd over {len(self.values)} seeds)"
        if math.isfinite(half):
            lo, hi = (value - half) * scale, (value + half) * scale
            text += f" [{lo:.{digits}f}, {hi:.{digits}f}]"
        return text


# unit -> (multiplier, suffix, decimals) used to print values and intervals
UNITS = {
    "": (1.0, "", 3),
    "pct": (100.0, "%", 1),
    "pct2": (100.0, "%", 2),
    "pp": (100.0, " pts", 1),          # differences of shares, in percentage points
    "pts": (1.0, " pts/decade", 2),
    "ratio": (1.0, "", 3),
    "x": (1.0, "x", 1),
    "months": (1.0, " months", 1),
}


def pct(x, digits=0):
    return f"{100 * x:.{digits}f}%"


# ---------------------------------------------------------------------------
# The patterns: one function each, taking the runs and returning its rows
# ---------------------------------------------------------------------------
def p1_innovating_shares(runs, cfg):
    """Window mean of innovating_share (innovated within the last 36 steps) for
    manufacturing, sme (start-ups included) and service; drift: OLS slope of the annual
    means in points per decade, the group with the largest mean |slope| reported."""
    base = runs["baseline"]
    rows = []
    slopes = {}
    for group, target in P1_TARGETS.items():
        vals = [r.window_mean("innovating_share", group) for r in base]
        rows.append(Check("P1", f"innovating share, {group} (36 months)",
                          f"{pct(target)} +- {100 * P1_TOL:g} pts", SRC_S3, vals,
                          lambda m, t=target: abs(m - t) <= P1_TOL, "pct"))
        # points per decade: annual means are fractions per year
        slopes[group] = [ols_slope(r.annual("innovating_share", group)) * 100 * 10 for r in base]
    worst = max(slopes, key=lambda g: abs(mean_ci(slopes[g])[0])
                if math.isfinite(mean_ci(slopes[g])[0]) else math.inf)
    rows.append(Check("P1", f"drift of annual means, worst group ({worst})",
                      f"|slope| < {P1_MAX_DRIFT:g} pts/decade", SRC_S3, slopes[worst],
                      lambda m: abs(m) < P1_MAX_DRIFT, "pts"))
    return rows


def p2_large_vs_sme(runs, cfg):
    """Window mean of innovating_share.large divided by the window mean of
    innovating_share.sme."""
    vals = [ratio(r.window_mean("innovating_share", "large"),
                  r.window_mean("innovating_share", "sme")) for r in runs["baseline"]]
    lo, hi = P2_RANGE
    return [Check("P2", "innovating share large / SME", f"in [{lo:g}, {hi:g}]", SRC_KIS2002,
                  vals, lambda m: lo <= m <= hi, "ratio")]


def p3_rd_concentration(runs, cfg):
    """Window mean of rd_concentration.top5_share_manufacturing; its sd over the seeds'
    means."""
    vals = [r.window_mean("rd_concentration", "top5_share_manufacturing") for r in runs["baseline"]]
    return [
        Check("P3", "top-5 share of manufacturing R&D", f"{pct(P3_TARGET)} +- {100 * P3_TOL:g} pts",
              SEED_ARTICLE + " (5 firms hold 43% of manufacturing R&D)", vals,
              lambda m: abs(m - P3_TARGET) <= P3_TOL, "pct"),
        Check("P3", "top-5 share, seed-to-seed sd", f"sd <= {P3_MAX_SD * 100:g} pts",
              "issue 11 (robustness across seeds)", vals,
              lambda sd: sd <= P3_MAX_SD, "pp", stat="sd"),
    ]


def p4_rd_intensity(runs, cfg):
    """Window mean of economy.rd_sales_manufacturing."""
    vals = [r.window_mean("economy", "rd_sales_manufacturing") for r in runs["baseline"]]
    return [Check("P4", "manufacturing R&D / sales", f"{pct(P4_TARGET, 2)} +- {100 * P4_TOL:g} pts",
                  SEED_ARTICLE + " (12 trillion won = 2.64% of sales, 2003)", vals,
                  lambda m: abs(m - P4_TARGET) <= P4_TOL, "pct2")]


def sme_informal_share(run):
    """Informal share of the knowledge inflow of SMEs and start-ups over the window.

    The columns are the mean knowledge learned per agent of the group in a
    step; the share is informal / (formal + informal + service) of the window
    means, summed over the groups sme and startup.
    """
    total = {ch: sum(run.window_mean("knowledge_inflow", f"{ch}.{g}") for g in ("sme", "startup"))
             for ch in ("formal", "informal", "service")}
    denom = sum(total.values())
    return total["informal"] / denom if denom > 0 else math.nan


def p5_informal_learning(runs, cfg):
    """Informal share of the SME+start-up knowledge inflow (ratio of window means of
    knowledge_inflow over the groups sme and startup and the channels formal, informal,
    service); knock-outs network.informal.eta=0 and network.formal.eta=0 on the same seeds:
    drop of the window-mean SME innovating share, paired by seed."""
    base = runs["baseline"]
    src = "seed article s.5 (SMEs learn mostly through informal networks)"
    rows = [Check("P5", "informal share of SME+start-up knowledge inflow",
                  f"> {pct(P5_MIN_INFORMAL)}", src, [sme_informal_share(r) for r in base],
                  lambda m: m > P5_MIN_INFORMAL, "pct")]
    sme = [r.window_mean("innovating_share", "sme") for r in base]
    drops = {}
    for variant in PATTERNS["P5"][2]:
        override = KNOCKOUTS[variant]
        ko = [r.window_mean("innovating_share", "sme") for r in runs[variant]]
        drops[variant] = [b - k for b, k in zip(sme, ko)]
        rows.append(Check("P5", f"SME innovating share drop, {override}", "reported",
                          "knock-out, paired by seed", drops[variant], None, "pp"))
    diff = [i - f for i, f in zip(drops["ko_informal"], drops["ko_formal"])]
    rows.append(Check("P5", "drop(informal knock-out) - drop(formal knock-out)", "> 0",
                      src + "; knock-outs paired by seed", diff, lambda m: m > 0, "pp"))
    return rows


def p6_capital_region(runs, cfg):
    """Window mean of regions.innovating.r0 minus the largest window mean of r1..r4, per
    seed; the same with the capital's share of firms' R&D activity set to its share of
    firms (no regional difference in R&D intensity), which must remove most of it."""
    margins = []
    for r in runs["baseline"]:
        means = [r.window_mean("regions", f"innovating.r{k}") for k in range(5)]
        margins.append(means[0] - max(means[1:]))
    ko = []
    for r in runs["ko_capital_rd"]:
        means = [r.window_mean("regions", f"innovating.r{k}") for k in range(5)]
        ko.append(means[0] - max(means[1:]))
    return [Check("P6", "capital (r0) innovating share minus best other region", "> 0",
                  SRC_S3 + "; generated (capability multipliers at 1)", margins,
                  lambda m: m > 0, "pp"),
            Check("P6", "the same margin with world.capital_rd = capital_firms (knock-out)",
                  "< half the margin above",
                  "knock-out: the capital's R&D concentration (input data) carries the lead",
                  ko, lambda m, ref=float(np.mean(margins)): m < ref / 2, "pp")]


def p7_stationary(runs, cfg):
    """Largest |annual mean / mean of those years - 1| of economy.firms, sales and rd over
    years 10-40 after the warm-up (from year Y/2 on shorter horizons); exit rate = exits in
    the window per year / window-mean firms; entries / exits in the window (demography,
    cumulative counters)."""
    base = runs["baseline"]
    first = min(STATIONARY_FROM_YEAR, cfg.years // 2)
    span = f"years {first}-{cfg.years}"
    rows = []
    for col, label in (("firms", "living firms"), ("sales", "revenue (won)"), ("rd", "R&D (won)")):
        devs = []
        for r in base:
            a = r.annual("economy", col)[first:]
            ref = float(np.mean(a))
            devs.append(float(np.max(np.abs(a / ref - 1))) if ref != 0 else math.nan)
        rows.append(Check("P7", f"{label}: worst annual deviation from mean, {span}",
                          f"<= {pct(P7_MAX_DEV)}", "issue 11 (stationary economy)", devs,
                          lambda m: m <= P7_MAX_DEV, "pct"))
    exit_rate, entry_ratio = [], []
    for r in base:
        w, end = cfg.warmup, r.last_step
        exits = r.at_or_before("demography", "exits_total", end) - \
            r.at_or_before("demography", "exits_total", w)
        entries = r.at_or_before("demography", "entries_total", end) - \
            r.at_or_before("demography", "entries_total", w)
        firms = r.window_mean("economy", "firms")
        exit_rate.append(exits / cfg.years / firms if firms > 0 else math.nan)
        entry_ratio.append(entries / exits if exits > 0 else math.nan)
    lo, hi = P7_EXIT_BAND
    rows.append(Check("P7", "annual exit rate (exits per year / mean firms)",
                      f"in [{pct(lo)}, {pct(hi)}]",
                      "documented band (P7_EXIT_BAND in validate.py), not a data figure", exit_rate,
                      lambda m: lo <= m <= hi, "pct"))
    rows.append(Check("P7", "entries / exits over the window", f"1 +- {P7_ENTRY_TOL:g}",
                      "issue 11 (entries balance exits in steady state)", entry_ratio,
                      lambda m: abs(m - 1) <= P7_ENTRY_TOL, "ratio"))
    return rows


def p8_networks(runs, cfg):
    """network_informal rows after the warm-up: mean giant_share; mean clustering / density
    (an Erdos-Renyi graph of that density has clustering = density); mean degree_skewness;
    max over rows of max_degree / ties (N = mean_degree/density + 1, ties = mean_degree N /
    2); window mean of formal_ties.sme_with_producer."""
    base = runs["baseline"]
    giant, ratio, skew, hub, sme_prod = [], [], [], [], []
    for r in base:
        dens = r.window("network_informal", "density")
        deg = r.window("network_informal", "mean_degree")
        giant.append(float(np.mean(r.window("network_informal", "giant_share"))))
        # Erdos-Renyi graph of the same density: expected clustering = density
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio.append(float(np.mean(r.window("network_informal", "clustering") / dens)))
            agents = deg / dens + 1
            ties = deg * agents / 2
            hub.append(float(np.max(r.window("network_informal", "max_degree") / ties)))
        skew.append(float(np.mean(r.window("network_informal", "degree_skewness"))))
        sme_prod.append(r.window_mean("formal_ties", "sme_with_producer"))
    lo, hi = P8_SME_PRODUCER_BAND
    src = "issue 11 (network structure)"
    return [
        Check("P8", "informal giant component share", f"> {pct(P8_MIN_GIANT)}", src, giant,
              lambda m: m > P8_MIN_GIANT, "pct"),
        Check("P8", "informal clustering / density (= Erdos-Renyi clustering)",
              f">= {P8_MIN_CLUSTERING_RATIO:g}x", src, ratio,
              lambda m: m >= P8_MIN_CLUSTERING_RATIO, "x"),
        Check("P8", "informal degree skewness", "> 0 (right-skewed)", src, skew,
              lambda m: m > 0, "ratio"),
        Check("P8", "largest informal degree / all ties (worst row)",
              f"<= {pct(P8_MAX_HUB_SHARE)}", src + ": no super-hubs", hub,
              lambda m: m <= P8_MAX_HUB_SHARE, "pct2"),
        Check("P8", "SMEs+start-ups with a formal tie to a university/institute",
              f"in [{pct(lo)}, {pct(hi)}]",
              "documented band (P8_SME_PRODUCER_BAND); seed: few SMEs keep ties to S&T sources", sme_prod,
              lambda m: lo <= m <= hi, "pct"),
    ]


def p9_formal_projects(runs, cfg):
    """Mean of formal_ties.mean_lifetime_ended weighted by formal_ties.ended over the
    window; annual sums of formal_ties.matches: mean of the last decade / mean of the first
    decade after the warm-up (half the horizon when shorter than 20 years)."""
    base = runs["baseline"]
    life, stab = [], []
    decade = min(DECADE_YEARS, cfg.years // 2)
    for r in base:
        ended = r.window("formal_ties", "ended")
        lt = r.window("formal_ties", "mean_lifetime_ended")
        ok = (ended > 0) & np.isfinite(lt)
        life.append(float(np.sum(ended[ok] * lt[ok]) / np.sum(ended[ok])) if np.any(ok)
                    else math.nan)
        m = r.annual("formal_ties", "matches", how="sum")
        first, last = float(np.mean(m[:decade])), float(np.mean(m[-decade:]))
        stab.append(last / first if first > 0 else math.nan)
    lo, hi = P9_LIFETIME_BAND
    return [
        Check("P9", "mean duration of ended formal ties (weighted by ties ended)",
              f"in [{lo:g}, {hi:g}] months", "issue 11 (formal projects end)", life,
              lambda m: lo <= m <= hi, "months"),
        Check("P9", f"brokerage matches per year, last / first {decade} years",
              f"1 +- {P9_MATCHES_TOL:g}", "issue 11 (brokerage keeps matching)", stab,
              lambda m: abs(m - 1) <= P9_MATCHES_TOL, "ratio"),
    ]


def p10_no_homogenisation(runs, cfg):
    """Minimum over the window of capability_profile.cv_firms and large_sme_ratio divided by
    their step-0 values."""
    rows = []
    for col, label in (("cv_firms", "capability-profile CV of firms"),
                       ("large_sme_ratio", "large / SME capability ratio")):
        vals = []
        for r in runs["baseline"]:
            v0 = r.initial("capability_profile", col)
            low = float(np.min(r.window("capability_profile", col)))
            vals.append(low / v0 if v0 != 0 else math.nan)
        rows.append(Check("P10", f"{label}: window minimum / step-0 value",
                          f">= {P10_MIN_FRACTION:g}", "issue 11; seed: imbalance deepens", vals,
                          lambda m: m >= P10_MIN_FRACTION, "ratio"))
    return rows


# id -> (title, function, needs the knock-out runs)
PATTERNS = {
    "P1": ("innovating shares by sector and size, no drift", p1_innovating_shares, []),
    "P2": ("large firms innovate about twice as often as SMEs", p2_large_vs_sme, []),
    "P3": ("top-5 share of manufacturing R&D", p3_rd_concentration, []),
    "P4": ("manufacturing R&D intensity", p4_rd_intensity, []),
    "P5": ("SMEs' outside knowledge mostly informal", p5_informal_learning,
           ["ko_informal", "ko_formal"]),
    "P6": ("capital region ahead, generated", p6_capital_region, ["ko_capital_rd"]),
    "P7": ("stationary economy", p7_stationary, []),
    "P8": ("networks", p8_networks, []),
    "P9": ("formal projects end, brokerage keeps matching", p9_formal_projects, []),
    "P10": ("no homogenisation", p10_no_homogenisation, []),
}


def evaluate(pattern, runs, cfg):
    title, fn, _ = PATTERNS[pattern]
    try:
        return fn(runs, cfg)
    except MissingData as e:
        return [Check.failed(pattern, title, "-", "-", f"missing data: {e}")]


# ---------------------------------------------------------------------------
# Running ricsim
# ---------------------------------------------------------------------------
def run_command(cfg, seed, override):
    cmd = [cfg.ricsim, "run", cfg.scenario, "-o", run_path(cfg, seed, override),
           "--seed", str(seed), "--steps", str(cfg.warmup + STEPS_PER_YEAR * cfg.years),
           "--threads", "1", "-q", "--force"]
    if cfg.scale is not None:
        cmd += ["--set", f"world.scale={cfg.scale}"]
    for kv in cfg.set:
        cmd += ["--set", kv]
    if override:
        cmd += ["--set", override]
    return cmd


def run_path(cfg, seed, override):
    variant = next((k for k, v in KNOCKOUTS.items() if v == override), "baseline")
    return os.path.join(cfg.out, f"{variant}_seed{seed}.h5")


def run_all(cfg, variants):
    """Runs every (variant, seed), cfg.jobs at a time. Returns the failures."""
    jobs = [(variant, seed) for variant in variants for seed in cfg.seed_list]

    def one(job):
        variant, seed = job
        cmd = run_command(cfg, seed, KNOCKOUTS.get(variant))
        if cfg.reuse and os.path.exists(run_path(cfg, seed, KNOCKOUTS.get(variant))):
            return job, 0, ""
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return job, p.returncode, f"{shlex.join(cmd)}\n{p.stderr.strip()}"

    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=cfg.jobs) as pool:
        for job, rc, msg in pool.map(one, jobs):
            if rc != 0:
                failures.append(f"{job[0]} seed {job[1]}: exit {rc}: {msg}")
            elif cfg.verbose:
                print(f"  done {job[0]} seed {job[1]}", file=sys.stderr)
    return failures


def ricsim_version(path):
    try:
        p = subprocess.run([path, "--version"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=30)
        return p.stdout.strip() or f"(exit {p.returncode})"
    except OSError as e:
        return f"(unavailable: {e})"


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
HEADER = ("Pattern", "Check", "Target", "Source", "Model: mean [95% CI]", "Result")


def table_rows(checks):
    return [(c.pattern, c.what, c.target, c.source, c.model_text(), c.result) for c in checks]


def print_table(checks, out=sys.stdout):
    rows = [HEADER] + table_rows(checks)
    width = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    for k, r in enumerate(rows):
        print("  ".join(cell.ljust(width[i]) for i, cell in enumerate(r)).rstrip(), file=out)
        if k == 0:
            print("  ".join("-" * w for w in width), file=out)


def markdown(checks, cfg, version, argv, elapsed):
    def cell(s):
        return s.replace("|", "\\|")

    n_fail = sum(c.result in ("FAIL", "ERROR") for c in checks)
    n_pass = sum(c.result == "pass" for c in checks)
    lines = [
        "# Validation: the patterns of issue 11",
        "",
        "<!-- Generated by scripts/validate.py: do not edit by hand; run the command below. -->",
        "Generated by `scripts/validate.py`; do not edit by hand, regenerate it with the "
        "command below.",
        "",
        f"- Command: `{shlex.join(argv)}`",
        f"- ricsim version: `{version}`",
        f"- Scenario: `{cfg.scenario_label}`"
        + (f" with `--set {' --set '.join(cfg.set)}`" if cfg.set else ""),
        f"- Scale: `world.scale={cfg.scale}`" + ("" if cfg.scale_given else " (the scenario's)"),
        f"- Seeds: {', '.join(str(s) for s in cfg.seed_list)} (`ricsim run --seed`; "
        "the knock-out runs of P5 use the same seeds)",
        f"- Warm-up: {cfg.warmup} steps (months); horizon: {cfg.years} years after it "
        f"({cfg.warmup + STEPS_PER_YEAR * cfg.years} steps per run)",
        f"- Patterns: {', '.join(cfg.pattern_list)}",
        f"- Generated: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC "
        f"in {elapsed:.0f} s",
        "",
        "Every statistic is computed per seed on the steps after the warm-up, then "
        "averaged over seeds; the interval is the 95% t-interval over seeds. A check "
        "passes when the mean over seeds meets the target (P3's sd row: the sd over "
        "seeds); rows marked *info* are reported, not tested.",
        "",
        f"**Result: {n_pass} checks pass, {n_fail} fail.**",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    for r in table_rows(checks):
        r = list(r)
        r[-1] = {"pass": "pass", "FAIL": "**FAIL**", "ERROR": "**ERROR**"}.get(r[-1], "*info*")
        lines.append("| " + " | ".join(cell(x) for x in r) + " |")
    lines += ["", "Definitions (see `scripts/validate.py`, one function per pattern):", ""]
    for pid in cfg.pattern_list:
        title, fn, _ = PATTERNS[pid]
        doc = (fn.__doc__ or "").strip()
        lines.append(f"- **{pid}** {title}." + (f" {' '.join(doc.split())}" if doc else ""))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def parse_args(argv):
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(
        description="Run the baseline for several seeds and evaluate the patterns P1-P10 "
                    "of issue 11 after the warm-up.")
    ap.add_argument("--ricsim", default=os.environ.get("RICSIM_BIN",
                                                       os.path.join(src, "build", "ricsim")),
                    help="ricsim binary (default: $RICSIM_BIN or build/ricsim)")
    ap.add_argument("--scenario", default=os.path.join(src, "scenarios", "baseline.yaml"),
                    help="scenario (default: scenarios/baseline.yaml)")
    ap.add_argument("--scale", type=float, help="--set world.scale=S in every run")
    ap.add_argument("--seeds", type=int, help=f"seeds 1..N (default {SEEDS})")
    ap.add_argument("--warmup", type=int, help=f"warm-up steps (default {WARMUP_STEPS})")
    ap.add_argument("--years", type=int, help=f"years after the warm-up (default {YEARS})")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="runs at a time (default: cores)")
    ap.add_argument("--out", help="directory of the run files (default: a temporary "
                                  "directory, removed at the end)")
    ap.add_argument("--reuse", action="store_true",
                    help="evaluate run files already in --out instead of running them again")
    ap.add_argument("--markdown", metavar="FILE", help="write the table as markdown "
                                                      "(e.g. docs/validation.md)")
    ap.add_argument("--patterns", help="comma-separated subset, e.g. P1,P3 (default: all)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VAL",
                    help="extra scenario override for every run (repeatable)")
    ap.add_argument("--short", action="store_true",
                    help="CI preset: scale %(s)g, %(n)d seeds, warm-up %(w)d, %(y)d years, "
                         "patterns %(p)s (explicit options override it)"
                         % dict(s=SHORT["scale"], n=SHORT["seeds"], w=SHORT["warmup"],
                                y=SHORT["years"], p=",".join(SHORT["patterns"])))
    ap.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    cfg = ap.parse_args(argv)

    preset = SHORT if cfg.short else {}
    if cfg.scale is None:
        cfg.scale = preset.get("scale")
    cfg.seeds = cfg.seeds if cfg.seeds is not None else preset.get("seeds", SEEDS)
    cfg.warmup = cfg.warmup if cfg.warmup is not None else preset.get("warmup", WARMUP_STEPS)
    cfg.years = cfg.years if cfg.years is not None else preset.get("years", YEARS)
    if cfg.patterns:
        cfg.pattern_list = [p.strip().upper() for p in cfg.patterns.split(",") if p.strip()]
    else:
        cfg.pattern_list = list(preset.get("patterns", PATTERNS))
    bad = [p for p in cfg.pattern_list if p not in PATTERNS]
    if bad:
        ap.error(f"unknown pattern(s) {','.join(bad)}; known: {','.join(PATTERNS)}")
    if cfg.seeds < 1 or cfg.years < 1 or cfg.warmup < 0 or cfg.jobs < 1:
        ap.error("--seeds, --years and --jobs must be >= 1, --warmup >= 0")
    if cfg.scale is not None and not 0 < cfg.scale <= 1:
        ap.error("--scale must be in (0, 1]")
    if cfg.reuse and not cfg.out:
        ap.error("--reuse needs --out")
    if not (os.path.isfile(cfg.ricsim) and os.access(cfg.ricsim, os.X_OK)):
        ap.error(f"no executable ricsim at {cfg.ricsim} (build it, or give --ricsim)")
    if not os.path.isfile(cfg.scenario):
        ap.error(f"no scenario {cfg.scenario}")
    cfg.seed_list = list(range(1, cfg.seeds + 1))
    rel = os.path.relpath(cfg.scenario, src)
    cfg.scenario_label = cfg.scenario if rel.startswith("..") else rel
    return cfg


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg = parse_args(argv)
    t0 = datetime.datetime.now()
    variants = ["baseline"]
    for p in cfg.pattern_list:
        variants += [v for v in PATTERNS[p][2] if v not in variants]

    tmp = None
    if cfg.out:
        os.makedirs(cfg.out, exist_ok=True)
    else:
        tmp = cfg.out = tempfile.mkdtemp(prefix="ricsim-validate-")
    try:
        n = len(variants) * len(cfg.seed_list)
        steps = cfg.warmup + STEPS_PER_YEAR * cfg.years
        print(f"validate: {n} runs of {steps} steps ({', '.join(variants)} x seeds "
              f"{cfg.seed_list[0]}..{cfg.seed_list[-1]}), "
              f"scale {cfg.scale if cfg.scale is not None else 'of the scenario'}, "
              f"{cfg.jobs} at a time, files in {cfg.out}", file=sys.stderr)
        failures = run_all(cfg, variants)
        if failures:
            print("validate: run(s) failed:\n" + "\n".join(failures), file=sys.stderr)
            return 2
        try:  # everything is read into memory: the files may go afterwards
            runs = {v: [RunData(run_path(cfg, s, KNOCKOUTS.get(v)), cfg.warmup, cfg.years)
                        for s in cfg.seed_list] for v in variants}
        except (OSError, RuntimeError, KeyError) as e:
            print(f"validate: cannot read a run file: {e}", file=sys.stderr)
            return 2
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    wrong = [f"{r.path}: seed {r.seed}" for v in variants for r, s in zip(runs[v], cfg.seed_list)
             if r.seed is not None and r.seed != s]
    if wrong:
        print("validate: run files of other seeds:\n" + "\n".join(wrong), file=sys.stderr)
        return 2
    cfg.scale_given = cfg.scale is not None
    scales = {r.scale for v in variants for r in runs[v]}
    if not cfg.scale_given:
        cfg.scale = scales.pop() if len(scales) == 1 else None

    checks = [c for p in cfg.pattern_list for c in evaluate(p, runs, cfg)]
    elapsed = (datetime.datetime.now() - t0).total_seconds()
    version = ricsim_version(cfg.ricsim)
    print(f"ricsim: {version}; world.scale {cfg.scale}; seeds {cfg.seed_list[0]}.."
          f"{cfg.seed_list[-1]}; warm-up {cfg.warmup} steps; {cfg.years} years; {elapsed:.0f} s")
    print_table(checks)
    failed = [c for c in checks if c.result in ("FAIL", "ERROR")]
    print(f"\n{sum(c.result == 'pass' for c in checks)} pass, {len(failed)} fail"
          + (f" ({', '.join(sorted({c.pattern for c in failed}, key=lambda p: int(p[1:])))})"
             if failed else ""))
    if cfg.markdown:
        with open(cfg.markdown, "w", encoding="utf-8") as f:
            f.write(markdown(checks, cfg, version, ["scripts/validate.py"] + argv, elapsed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
