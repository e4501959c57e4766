# Checkpoint and restart: a run stopped at a checkpoint and restarted equals
# the uninterrupted run (observables and event tables) at 1 and 2 threads;
# also after SIGKILL at a random moment; the killed file never looks
# finished; corrupt or mismatched checkpoints are refused.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
SET="--set world.scale=0.03 --set run.snapshot_every=10"
# shellcheck disable=SC2086
run() { "$RICSIM_BIN" run "$BASE" -q $SET "$@"; }
same() { # two outputs agree on everything the run computes
    h5same "$1" "$2" /observables || fail "$3: observables differ"
    h5same "$1" "$2" /events || fail "$3: event tables differ"
    h5same "$1" "$2" /snapshots || fail "$3: snapshots differ"
}
run -o "$T/full.h5" --steps 40 || fail "full run"
for th in 1 2; do
    run -o "$T/cut$th.h5" --steps 40 --threads "$th" --checkpoint-every 20 ||
        fail "checkpointed run"
    [ -f "$T/cut$th.h5.ckpt.h5" ] && [ -f "$T/cut$th.h5.ckpt.prev.h5" ] ||
        fail "the last two checkpoints are not kept"
    # Continue from the step-20 checkpoint: the file is cut back and redone.
    "$RICSIM_BIN" run --restart "$T/cut$th.h5.ckpt.prev.h5" --threads "$th" -q ||
        fail "restart at $th threads"
    [ "$(status_of "$T/cut$th.h5")" = complete ] || fail "restarted file not complete"
    same "$T/full.h5" "$T/cut$th.h5" "restart at $th threads"
done

# A copy of the output newer than its checkpoint (a kill between the two
# renames): the restart cuts it back, snapshots 30 and 40 included.
run -o "$T/newer.h5" --steps 40 --checkpoint-every 20 || fail "run for the newer copy"
cp "$T/newer.h5.ckpt.h5.out" "$T/newer.h5.ckpt.prev.h5.out"
"$RICSIM_BIN" run --restart "$T/newer.h5.ckpt.prev.h5" -q || fail "restart with a newer copy"
same "$T/full.h5" "$T/newer.h5" "restart with a newer output copy"

# SIGKILL at a random moment after the first checkpoint, then restart.
run -o "$T/long.h5" --steps 120 || fail "long run"
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" -q $SET -o "$T/kill.h5" --steps 120 --checkpoint-every 10 &
pid=$! # ricsim itself, not a subshell around it: SIGKILL must reach the run

i=0
while [ ! -f "$T/kill.h5.ckpt.h5" ] && [ "$i" -lt 600 ]; do
    sleep 0.02
    i=$((i + 1))
done
sleep "0.$(awk 'BEGIN { srand(); printf "%02d", int(rand() * 40) }')"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
kill -0 "$pid" 2>/dev/null && fail "the killed run is still alive"
[ -f "$T/kill.h5.ckpt.h5" ] || fail "no checkpoint before the kill"
if [ "$(status_of "$T/kill.h5")" = complete ]; then
    echo "note: the run finished before the kill; restarting from its last checkpoint anyway"
fi
[ "$(status_of "$T/kill.h5")" = complete ] || [ "$(status_of "$T/kill.h5")" = running ] ||
    [ -z "$(status_of "$T/kill.h5")" ] || fail "killed file says $(status_of "$T/kill.h5")"
"$RICSIM_BIN" run --restart "$T/kill.h5.ckpt.h5" -q || fail "restart after SIGKILL"
[ "$(status_of "$T/kill.h5")" = complete ] || fail "not complete after restart"
same "$T/long.h5" "$T/kill.h5" "restart after SIGKILL"

# A fresh run into the same path removes the old run's checkpoints (a restart
# from them would bring the old run back).
run -o "$T/cut2.h5" --steps 4 --force || fail "fresh run over a checkpointed one"
[ -e "$T/cut2.h5.ckpt.h5" ] || [ -e "$T/cut2.h5.ckpt.prev.h5.out" ] &&
    fail "stale checkpoints kept"

# Refusals: damaged, foreign, mismatched.
head -c 2000 "$T/cut1.h5.ckpt.h5" >"$T/bad.ckpt.h5"
expect_fail 3 "truncated or damaged" "$RICSIM_BIN" run --restart "$T/bad.ckpt.h5"
expect_fail 3 "not a ricsim checkpoint" "$RICSIM_BIN" run --restart "$T/full.h5"
expect_fail 3 "another scenario" "$RICSIM_BIN" run "$BASE" --restart "$T/cut1.h5.ckpt.prev.h5"
expect_fail 3 "continues" "$RICSIM_BIN" run --restart "$T/cut1.h5.ckpt.prev.h5" -o "$T/x.h5"
expect_fail 3 "already reached its last step" "$RICSIM_BIN" run --restart "$T/cut1.h5.ckpt.h5"
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    cp "$T/cut1.h5.ckpt.prev.h5" "$T/old.ckpt.h5"
    /usr/bin/python3 - "$T/old.ckpt.h5" <<'PY'
import sys, h5py, numpy
with h5py.File(sys.argv[1], "r+") as f:
    del f["checkpoint/version"]
    f.create_dataset("checkpoint/version", data=numpy.bytes_("0.0.1"))
PY
    expect_fail 3 "same version" "$RICSIM_BIN" run --restart "$T/old.ckpt.h5"
fi
exit 0
