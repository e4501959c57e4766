# Threads (issue 15): results are byte-identical at 1, 2 and 3 threads, and a
# checkpoint restarted at 3 threads equals the 1-thread run; compared dataset
# by dataset (names, shapes, dtypes, bit patterns) with tests/h5same.py, on a
# world large enough (~5 000 agents) that the parallel loops run on several
# threads. ricsim waits passively unless the user chose a wait policy.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c "import h5py, numpy" 2>/dev/null; then
    echo "SKIP: no $PY with h5py (apt-get install python3-h5py)"
    exit 77
fi
# Everything a run computes (not /parameters, which records the thread count).
same() { h5same "$1" "$2" /observables /events /snapshots 2>"$T/cmp.txt" || fail "$3: $(cat "$T/cmp.txt")"; }
SET="--set world.scale=0.07 --set run.snapshot_every=12 --set run.network_every=12"
# shellcheck disable=SC2086
run() { "$RICSIM_BIN" run "$BASE" -q --steps 36 $SET "$@"; }
for th in 1 2 3; do
    run --threads "$th" -o "$T/t$th.h5" || fail "run at $th threads"
done
[ "$("$PY" -c "import h5py; f = h5py.File('$T/t1.h5'); print(f['observables/demography/value'][0, 2] > 4000)")" = True ] ||
    fail "the world is too small to run the parallel loops on several threads"
same "$T/t1.h5" "$T/t2.h5" "1 vs 2 threads"
same "$T/t1.h5" "$T/t3.h5" "1 vs 3 threads"
# The comparer itself must see a difference (another seed).
run --threads 1 --seed 2 -o "$T/s2.h5" || fail "run with seed 2"
h5same "$T/t1.h5" "$T/s2.h5" /observables 2>/dev/null && fail "seed 2 equals seed 1"

run --threads 3 --checkpoint-every 12 -o "$T/c3.h5" || fail "checkpointed run at 3 threads"
"$RICSIM_BIN" run --restart "$T/c3.h5.ckpt.prev.h5" --threads 3 -q || fail "restart at 3 threads"
same "$T/t1.h5" "$T/c3.h5" "restart at 3 threads vs 1 thread"

# Wait policy: passive (spin count 0) by default; a user's choice is kept.
last() { grep "$1" "$T/env.txt" | tail -1 | sed "s/.*= '\(.*\)'.*/\1/"; }
OMP_DISPLAY_ENV=verbose "$RICSIM_BIN" --version >/dev/null 2>"$T/env.txt" || fail "--version"
[ "$(last GOMP_SPINCOUNT)" = 0 ] || fail "default: spin count $(last GOMP_SPINCOUNT), expected 0"
OMP_WAIT_POLICY=active OMP_DISPLAY_ENV=verbose "$RICSIM_BIN" --version >/dev/null 2>"$T/env.txt"
[ "$(last OMP_WAIT_POLICY)" = ACTIVE ] || fail "OMP_WAIT_POLICY=active was not kept"
GOMP_SPINCOUNT=1000 OMP_DISPLAY_ENV=verbose "$RICSIM_BIN" --version >/dev/null 2>"$T/env.txt"
[ "$(last GOMP_SPINCOUNT)" = 1000 ] || fail "GOMP_SPINCOUNT=1000 was not kept"
# A preloading tool (valgrind, heaptrack) keeps libgomp's default: no restart.
# (ASan builds refuse a preload listed before their runtime unless told.)
ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD=libm.so.6 OMP_DISPLAY_ENV=verbose \
    "$RICSIM_BIN" --version >/dev/null 2>"$T/env.txt"
[ "$(grep -c GOMP_SPINCOUNT "$T/env.txt")" = 1 ] || fail "restarted under LD_PRELOAD"
exit 0
