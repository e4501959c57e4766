#!/bin/sh
# Benchmarks (run on purpose, not part of the test suite). Prints figures:
#  1. the baseline scenario end to end (wall time of `ricsim run`, best of 3);
#  2. the exchange phase at 1e6 agents, ~2e7 directed ties, 16 domains, at 1
#     and 2 threads, for a local network (ring lattice inside regions: agents
#     ordered by region, neighbours close in memory) and for the baseline's
#     rewiring (30% / 10% of ties to uniform partners in a 200 000-agent region).
# Usage: sh bench/run.sh [build-dir]
set -eu
B=${1:-build}
[ -x "$B/ricsim" ] && [ -x "$B/bench/bench_exchange" ] || {
    echo "build first: sh scripts/build.sh" >&2
    exit 1
}
S=$(dirname "$0")/../scenarios/baseline.yaml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "== baseline scenario ($(nproc) cores, OMP_NUM_THREADS=${OMP_NUM_THREADS:-all})"
best=""
for i in 1 2 3; do
    s=$(date +%s.%N)
    "$B/ricsim" run "$S" -o "$T/b.h5" --force -q
    e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
    best=$(echo "$t $best" | tr ' ' '\n' | grep . | sort -n | head -1)
done
echo "baseline_run_s_best_of_3 $best"
for net in "local 0" "baseline_mix -1"; do
    set -- $net
    for th in 1 2; do
        echo "== exchange, $1 network, $th thread(s)"
        OMP_NUM_THREADS=$th "$B/bench/bench_exchange" 1000000 20 16 5 "$2"
    done
done
