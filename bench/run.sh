#!/bin/sh
# Benchmarks of issue 15 (run on purpose, not part of the test suite). Each
# figure is the median of REPS runs with its min-max, printed next to its
# target; --markdown prints the same as the README's performance table.
#
#   threads    baseline (~10 000 agents, 480 steps) at 1 and 2 threads, the
#              speedup, and the same beside a busy loop on one core;
#              phases at ~100 000 agents (24 steps) and ~1M agents (3 steps)
#   per-step   the whole baseline run per step at 1 thread (with observation)
#   1M         phases per step at 2 threads, setup (a 0-step run), peak memory
#   studies    an ensemble of ~1-second runs: share of both cores kept busy;
#              a Sobol study of 8 parameters x N = 256 (2 560 baseline runs)
#              estimated from the 1-thread run time
#   teaching   ricsim demo --scenario lead_users (two ensembles, the report)
#
# Usage: sh bench/run.sh [-n REPS] [--quick] [--markdown] [--exchange] [build-dir]
#   --quick     1 run each, and 1M agents left out
#   --exchange  also the exchange-kernel benchmark (bench_exchange, 1e6 agents)
# The machine should be idle: every figure is wall time. `uptime` is printed
# first so a reader can see the load it was measured under.
set -eu
REPS=3 QUICK=0 MD=0 EXCH=0 B=build
while [ $# -gt 0 ]; do
    case $1 in
    -n) REPS=$2; shift ;;
    --quick) QUICK=1; REPS=1 ;;
    --markdown) MD=1 ;;
    --exchange) EXCH=1 ;;
    *) B=$1 ;;
    esac
    shift
done
[ -x "$B/ricsim" ] || {
    echo "build first: sh scripts/build.sh" >&2
    exit 1
}
R=$(cd "$B" && pwd)/ricsim
S=$(cd "$(dirname "$0")/.." && pwd)/scenarios/baseline.yaml
T=$(mktemp -d)
BUSY=""
trap '[ -n "$BUSY" ] && kill "$BUSY" 2>/dev/null; rm -rf "$T"' EXIT
NC=$(nproc)
TIME=/usr/bin/time
[ -x "$TIME" ] || {
    echo "bench/run.sh needs /usr/bin/time (Debian package time)" >&2
    exit 1
}

# stats: reads numbers, prints "median min max".
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.4g %.4g %.4g\n", m, v[1], v[NR] }'
}
# timed FILE CMD...: appends "wall user+sys peakKB" of one run of CMD to FILE.
timed() {
    f=$1
    shift
    "$TIME" -f "%e %U %S %M" -o "$T/time.txt" "$@" 2>"$T/err.txt" >/dev/null || {
        echo "failed: $*" >&2
        cat "$T/err.txt" >&2
        exit 1
    }
    awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$T/time.txt" >>"$f"
}
# phases: the sum of the --profile phase times of the last run (err.txt).
phases() { awk '/^phase / { s += $3 } END { printf "%.4f\n", s }' "$T/err.txt"; }

ROWS=""
# row NAME "median min max" TARGET_OP TARGET UNIT: prints and records one figure.
row() {
    # shellcheck disable=SC2086 # $2 is "median min max": split on purpose
    set -- "$1" $2 "$3" "$4" "$5"
    name=$1 med=$2 lo=$3 hi=$4 op=$5 tgt=$6 unit=$7
    ok=$(awk -v m="$med" -v t="$tgt" -v op="$op" 'BEGIN {
        print op == "-" ? "" : (op == "<=" ? m <= t : m >= t) ? "met" : "NOT met" }')
    range="($lo-$hi)" target="$op $tgt $unit"
    [ "$lo" = - ] && range=""
    [ "$op" = - ] && target="(for reference)"
    printf "%-54s %8s %-6s %-17s %-18s %s\n" "$name" "$med" "$unit" "$range" "$target" "$ok"
    ROWS="$ROWS| $name | $med $unit $range | $target | $ok |
"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3g\n", a / b }'; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $NC cores, load: $(uptime | sed 's/.*load average: //')"
echo "== ricsim $("$R" --version | sed 's/^ricsim //'), $REPS run(s) per figure"

# --- the baseline at 1 and 2 threads, idle and beside a busy core ---------
base() { # base THREADS OUTFILE [extra args]
    th=$1 f=$2
    shift 2
    for _ in $(seq "$REPS"); do
        timed "$f" "$R" run "$S" -o "$T/b.h5" --force -q --threads "$th" "$@"
    done
}
base 1 "$T/b1"
base 2 "$T/b2"
b1=$(cut -d' ' -f1 "$T/b1" | stats)
b2=$(cut -d' ' -f1 "$T/b2" | stats)
steps=$(awk '/^  steps:/ { print $2; exit }' "$S")
row "baseline, whole run, 1 thread" "$b1" "<=" "$(awk -v s="$steps" 'BEGIN { print 3.5e-3 * s }')" s
row "baseline, whole run, 2 threads (target: 1-thread time)" "$b2" "<=" "${b1%% *}" s
row "baseline speedup, 2 threads" "$(ratio "${b1%% *}" "${b2%% *}") - -" ">=" 1.6 x
row "whole model per step, 10k agents, 1 thread" \
    "$(echo "$b1" | awk -v s="$steps" '{ printf "%.3g %.3g %.3g\n", 1e3 * $1 / s, 1e3 * $2 / s, 1e3 * $3 / s }')" \
    "<=" 3.5 ms

# A bounded busy loop on one core, started before and stopped after the runs.
timeout 3600 sh -c 'while :; do :; done' &
BUSY=$!
base 1 "$T/l1"
base 2 "$T/l2"
kill "$BUSY" 2>/dev/null || true
BUSY=""
l1=$(cut -d' ' -f1 "$T/l1" | stats)
l2=$(cut -d' ' -f1 "$T/l2" | stats)
row "baseline beside a busy core, 1 thread" "$l1" - - s
row "baseline beside a busy core, 2 threads / 1 thread" "$(ratio "${l2%% *}" "${l1%% *}") - -" "<=" 1.0 x

# --- phases at ~100 000 and ~1M agents --------------------------------------
big() { # big TAG THREADS STEPS FIRMS: phase sums and wall times to T/TAG.*
    for _ in $(seq "$REPS"); do
        timed "$T/$1.wall" "$R" run "$S" -o "$T/big.h5" --force -q --profile --threads "$2" \
            --steps "$3" --set world.scale=1 --set firms.count="$4"
        phases >>"$T/$1.ph"
    done
}
big k1 1 24 100000
big k2 2 24 100000
k1=$(stats <"$T/k1.ph")
k2=$(stats <"$T/k2.ph")
row "phases, ~100 000 agents x 24 steps, 2 threads (target: 1 thread)" "$k2" "<=" "${k1%% *}" s
row "phases speedup at ~100 000 agents, 2 threads" "$(ratio "${k1%% *}" "${k2%% *}") - -" ">=" 1.8 x
if [ "$QUICK" = 0 ]; then
    big m1 1 3 1000000
    big m2 2 3 1000000
    m1=$(stats <"$T/m1.ph")
    m2=$(stats <"$T/m2.ph")
    row "phases per step, ~1M agents, 2 threads" \
        "$(echo "$m2" | awk '{ printf "%.3g %.3g %.3g\n", $1 / 3, $2 / 3, $3 / 3 }')" "<=" 0.25 s
    row "phases speedup at ~1M agents, 2 threads" "$(ratio "${m1%% *}" "${m2%% *}") - -" ">=" 1.8 x
    for _ in $(seq "$REPS"); do
        timed "$T/m0" "$R" run "$S" -o "$T/big.h5" --force -q --threads 2 --steps 0 \
            --set world.scale=1 --set firms.count=1000000
    done
    row "setup, ~1M agents, 2 threads (a 0-step run)" "$(cut -d' ' -f1 "$T/m0" | stats)" "<=" 2 s
    row "peak memory, ~1M agents x 3 steps" \
        "$(cut -d' ' -f3 "$T/m2.wall" | awk '{ printf "%.3f\n", $1 / 1048576 }' | stats)" "<=" 1 GB
fi

# --- studies -------------------------------------------------------------
# Runs of about a second: as many steps as a second of the 1-thread baseline.
est=$(awk -v t="${b1%% *}" -v s="$steps" 'BEGIN { n = int(s / t); print n < 10 ? 10 : n }')
for _ in $(seq "$REPS"); do
    rm -rf "$T/ens"
    timed "$T/ens.t" "$R" ensemble "$S" -o "$T/ens" -r $((4 * NC)) --steps "$est" -q
done
row "ensemble of $((4 * NC)) ~1 s runs: share of $NC cores busy" \
    "$(awk -v c="$NC" '{ printf "%.3f\n", $2 / ($1 * c) }' "$T/ens.t" | stats)" ">=" 0.9 share
row "Sobol 8 x 256 (2 560 baseline runs), estimated" \
    "$(echo "$b1" | awk -v c="$NC" '{ printf "%.3g %.3g %.3g\n", 2560 * $1 / c / 60, 2560 * $2 / c / 60, 2560 * $3 / c / 60 }')" \
    "<=" 20 min

# --- teaching ---------------------------------------------------------------
for _ in $(seq "$REPS"); do
    rm -rf "$T/demo"
    (cd "$(dirname "$S")/.." && timed "$T/demo.t" "$R" demo --scenario lead_users -o "$T/demo" -q)
done
row "ricsim demo --scenario lead_users" "$(cut -d' ' -f1 "$T/demo.t" | stats)" "<=" 1.5 s

if [ "$EXCH" = 1 ] && [ -x "$B/bench/bench_exchange" ]; then
    for net in "local 0" "baseline_mix -1"; do
        # shellcheck disable=SC2086 # "name arg": split on purpose
        set -- $net
        for th in 1 2; do
            echo "== exchange kernel, $1 network, $th thread(s)"
            OMP_NUM_THREADS=$th "$B/bench/bench_exchange" 1000000 20 16 5 "$2"
        done
    done
fi
if [ "$MD" = 1 ]; then
    echo
    echo "| figure | median (min-max) of $REPS | target | |"
    echo "|---|---|---|---|"
    printf "%s" "$ROWS"
fi
