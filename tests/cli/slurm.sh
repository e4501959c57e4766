# The Slurm example (scripts/slurm/ensemble.sbatch) run by hand as a job array
# would run it: tasks in chunks, in any order, then the index job; the index
# equals that of the same ensemble run in one go.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
mkdir -p "$T/bin"
ln -s "$RICSIM_BIN" "$T/bin/ricsim"
SB="$RICSIM_SOURCE_DIR/scripts/slurm/ensemble.sbatch"
bash -n "$SB" || fail "sbatch script does not parse"
export PATH="$T/bin:$PATH" SCENARIO="$BASE" DIR="$T/array" RUNS_PER_TASK=3
export DESIGN="-r 7 --seed 11 --steps 6 --set world.scale=0.006"
export SLURM_CPUS_PER_TASK=1
for task in 2 0 1; do # 3 tasks of 3 runs cover runs 0..6 (the last chunk is cut)
    SLURM_ARRAY_TASK_ID=$task bash "$SB" || fail "array task $task"
done
INDEX=1 bash "$SB" 2>/dev/null || fail "index job"
[ "$(status_of "$T/array/ensemble.h5")" = complete ] || fail "index not complete"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -q -o "$T/direct" $DESIGN --threads 1 || fail "direct ensemble"
h5same "$T/array/ensemble.h5" "$T/direct/ensemble.h5" /statistics ||
    fail "job-array statistics differ from the direct ensemble"
# A missing run: the index says so and the job exits non-zero.
rm "$T/array/runs/p0000_r0004.h5"
INDEX=1 bash "$SB" 2>"$T/idx.txt" && fail "index job succeeded with a missing run"
grep -q "1 missing" "$T/idx.txt" || fail "missing run not reported: $(cat "$T/idx.txt")"
exit 0
