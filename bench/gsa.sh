#!/bin/sh
# Sensitivity studies: what the estimators cost against what the runs cost,
# and how well the ensemble farm keeps the cores busy. Run on purpose, not a
# test. Prints figures "name value".
#  1. estimator cost (bench_gsa: Sobol design and indices with B bootstrap
#     resamples, Morris design and effects) for K inputs;
#  2. the run cost: one run of the study's world (best of 3);
#  3. farm efficiency: a Morris study of RUNS runs with -j 1 and -j JOBS:
#     efficiency = t(1) / (JOBS * t(JOBS)).
# Usage: sh bench/gsa.sh [build-dir]; environment: K (default 8), RUNS
# (default 180; 2000-5000 for "a few thousand runs"), JOBS (default: cores),
# FIRMS (default 300), STEPS (default 60).
set -eu
B=${1:-build}
[ -x "$B/ricsim" ] && [ -x "$B/bench/bench_gsa" ] || {
    echo "build first: sh scripts/build.sh" >&2
    exit 1
}
K=${K:-8}
RUNS=${RUNS:-180}
JOBS=${JOBS:-$(nproc)}
FIRMS=${FIRMS:-300}
STEPS=${STEPS:-60}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }

echo "== estimators, k = $K inputs, one output"
"$B/bench/bench_gsa" "$K" 4096 1000 50

echo "== one run: $FIRMS firms, $STEPS steps"
S=$(dirname "$0")/../scenarios/baseline.yaml
best=""
for i in 1 2 3; do
    s=$(date +%s.%N)
    "$B/ricsim" run "$S" -o "$T/r.h5" --force -q --threads 1 --steps "$STEPS" \
        --set firms.count="$FIRMS"
    e=$(date +%s.%N)
    best=$(printf '%s\n%s\n' "$(secs "$s" "$e")" "$best" | grep . | sort -n | head -1)
done
echo "run_s_best_of_3 $best"

# A Morris study over K of the scenario's numeric keys: trajectories so that
# trajectories * (K + 1) * 2 replications is about RUNS.
KEYS="innovation.rate:0.02:0.04 innovation.product_share:0.3:0.9 \
exchange.optimal_distance:0.2:0.6 capability.decay:0.015:0.03 \
economy.gross_margin:0.3:0.4 entry.rate:0.0015:0.003 firms.sme_rd:0.007:0.015 \
economy.shock_sd:0.04:0.1"
P=""
n=0
for kv in $KEYS; do
    [ "$n" -lt "$K" ] || break
    P="$P --param $kv"
    n=$((n + 1))
done
TRAJ=$((RUNS / ((n + 1) * 2)))
[ "$TRAJ" -ge 2 ] || TRAJ=2
total=$((TRAJ * (n + 1) * 2))
echo "== farm: Morris, $n inputs, $TRAJ trajectories x $((n + 1)) points x 2 = $total runs"
for j in 1 "$JOBS"; do
    s=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$B/ricsim" sensitivity "$S" -o "$T/f$j" $P --trajectories "$TRAJ" -r 2 -j "$j" -q \
        --steps "$STEPS" --set firms.count="$FIRMS" --bootstrap 1000 \
        --output sme=innovating_share.sme:mean >/dev/null
    e=$(date +%s.%N)
    eval "t$j=$(secs "$s" "$e")"
    eval "echo study_s_jobs_$j \$t$j"
done
eval "tj=\$t$JOBS"
awk -v a="$t1" -v b="$tj" -v j="$JOBS" -v n="$total" -v r="$best" 'BEGIN {
    printf "runs_per_s_jobs_1 %.2f\nruns_per_s_jobs_%d %.2f\n", n / a, j, n / b
    printf "farm_efficiency %.2f\n", a / (j * b)
    printf "overhead_vs_runs_jobs_1 %.2f\n", a / (n * r)
}'
