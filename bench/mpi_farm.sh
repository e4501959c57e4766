#!/bin/sh
# Farming efficiency of MPI ensembles: N small runs on 1, 2, ... ranks
# (oversubscribed beyond the cores), runs/s and efficiency against 1 rank.
# Needs an MPI build: cmake -B build-mpi -DRICSIM_MPI=ON && cmake --build build-mpi
# usage: sh bench/mpi_farm.sh [BUILD_DIR] [RUNS] [RANKS...]
set -eu
B=${1:-build-mpi}
N=${2:-200}
shift 2 2>/dev/null || shift $#
RANKS=${*:-1 2 3 4}
R="$B/ricsim"
S="$(dirname "$0")/../scenarios/baseline.yaml"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "cores: $(nproc); $N runs of a 1:200 world (world.scale 0.005, about 350 firms) x 24 steps, 1 thread each"
base=""
for np in $RANKS; do
    t0=$(date +%s.%N)
    mpirun -np "$np" --oversubscribe "$R" ensemble "$S" -o "$T/np$np" -r "$N" --steps 24 \
        --set world.scale=0.005 --threads 1 -q
    t1=$(date +%s.%N)
    awk -v n="$N" -v np="$np" -v a="$t0" -v b="$t1" -v base="$base" 'BEGIN {
        s = b - a; r = n / s
        if (base == "") { base = r }
        printf "ranks %d: %.2f s, %.1f runs/s, speed-up %.2f, efficiency %.0f%%\n",
            np, s, r, r / base, 100 * r / base / np }'
    [ -n "$base" ] || base=$(awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN { print n / (b - a) }')
done
