# Output safety and bounded inputs (issue 13's reproducers): --force replaces
# regular files only; a second writer of a path is refused; refusals leave the
# output untouched; /dev/zero as base: or edge_file is refused; --steps goes
# through the key's range; an empty region is refused at validation; compare
# and summary check run files instead of trusting the index; write failures
# (RICSIM_FAIL_WRITE, the library's test hook) end with exit 1, nothing
# claiming complete and nothing that blocks a rerun.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
SET="--set world.scale=0.004 --set world.regions=2"
# shellcheck disable=SC2086
run() { "$RICSIM_BIN" run "$BASE" -q $SET "$@"; }
sum() { cksum <"$1"; }

# --force never replaces what is not a regular file: a fifo, a link to one,
# a directory (never tried on a real device node).
mkfifo "$T/fifo" && ln -s "$T/fifo" "$T/link" && mkdir "$T/dir" || fail "setup"
for p in fifo link dir; do
    expect_fail 4 "not a regular file" run -o "$T/$p" --steps 2 --force
done
[ -p "$T/fifo" ] && [ -L "$T/link" ] && [ -p "$T/link" ] && [ -d "$T/dir" ] ||
    fail "--force replaced a non-regular file"
ls "$T" | grep -q "\.tmp\.\|\.lock" && fail "leftovers after a refusal: $(ls "$T")"

# A complete output survives refusals that come after --force is given:
# a missing edge file, a damaged checkpoint, an empty region.
run -o "$T/ok.h5" --steps 2 || fail "first run"
before=$(sum "$T/ok.h5")
expect_fail 3 "nope.txt" run -o "$T/ok.h5" --steps 2 --force \
    --set network.informal.generator=edge_list --set network.informal.edge_file="$T/nope.txt"
expect_fail 3 "region 24 would start without firms" run -o "$T/ok.h5" --force \
    --set firms.count=50 --set world.regions=63 --set world.scale=1
echo junk >"$T/bad.ckpt.h5"
expect_fail 3 "not an HDF5 file" "$RICSIM_BIN" run --restart "$T/bad.ckpt.h5" -o "$T/ok.h5"
[ "$(sum "$T/ok.h5")" = "$before" ] || fail "a refused run touched the complete output"
[ "$(status_of "$T/ok.h5")" = complete ] || fail "status changed"

# Unbounded inputs: /dev/zero as base file and as edge list.
printf 'base: /dev/zero\n' >"$T/zero.yaml"
expect_fail 3 "regular file" "$RICSIM_BIN" run "$T/zero.yaml" -o "$T/z.h5"
expect_fail 3 "regular file" run -o "$T/z.h5" --steps 2 \
    --set network.informal.generator=edge_list --set network.informal.edge_file=/dev/zero
[ -e "$T/z.h5" ] && fail "a refused run left an output"

# --steps and --seed go through the keys' checks.
expect_fail 3 "run.steps" run -o "$T/s.h5" --steps 100000000
expect_fail 3 "run.seed" run -o "$T/s.h5" --seed 9007199254740993
[ -e "$T/s.h5" ] && fail "a refused run left an output"

# Two writers of one path: the second is refused while the first runs, and
# the first completes.
run -o "$T/two.h5" --steps 400 &
pid=$!
i=0
while [ ! -e "$T/two.h5.lock" ] && [ $i -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
done
expect_fail 4 "being written by another ricsim process" run -o "$T/two.h5" --steps 2 --force
wait $pid || fail "the first writer failed"
[ "$(status_of "$T/two.h5")" = complete ] || fail "first writer's file not complete"
[ -e "$T/two.h5.lock" ] && fail "lock left behind"

# Ensemble workers die with their parent, even on SIGKILL.
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -o "$T/kill" -r 2 -j 2 --steps 100000 $SET >/dev/null 2>&1 &
parent=$!
i=0
while [ -z "$(ps -o pid= --ppid $parent)" ] && [ $i -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
done
workers=$(ps -o pid= --ppid $parent)
[ -n "$workers" ] || fail "no ensemble workers seen"
kill -9 $parent
wait $parent 2>/dev/null
alive() { ps -o stat= -p "$1" | grep -qv '^Z'; } # a zombie has ended
i=0
for w in $workers; do
    while alive "$w" && [ $i -lt 100 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    alive "$w" && kill -9 "$w" && fail "worker $w outlived its killed parent"
done

# Write failures at each write point: exit 1, no file says complete, a
# rerun succeeds. Run file (creation, flushes, finish):
RICSIM_FAIL_WRITE=fullrun.h5 run -o "$T/fullrun.h5" --steps 2 2>"$T/e.txt"
[ $? -eq 1 ] || fail "run file: write failure did not exit 1"
[ -e "$T/fullrun.h5" ] && [ "$(status_of "$T/fullrun.h5")" = complete ] &&
    fail "run file claims complete after a write failure"
[ -s "$T/e.txt" ] || fail "no message for a write failure"
run -o "$T/fullrun.h5" --steps 2 --force || fail "rerun after a write failure"
# Checkpoint:
RICSIM_FAIL_WRITE=ckpt.h5.tmp run -o "$T/ck.h5" --steps 4 --checkpoint-every 2 2>"$T/e.txt"
[ $? -eq 1 ] || fail "checkpoint: write failure did not exit 1"
[ "$(status_of "$T/ck.h5")" = complete ] && fail "checkpoint failure left a complete run"
[ -e "$T/ck.h5.ckpt.h5" ] && fail "checkpoint failure left a checkpoint"
run -o "$T/ck.h5" --steps 4 --checkpoint-every 2 --force || fail "rerun after checkpoint failure"
# Ensemble index:
# shellcheck disable=SC2086
RICSIM_FAIL_WRITE=ensemble.h5.tmp "$RICSIM_BIN" ensemble "$BASE" -o "$T/ens" -r 2 --steps 2 \
    $SET >/dev/null 2>"$T/e.txt"
[ $? -eq 1 ] || fail "index: write failure did not exit 1: $(cat "$T/e.txt")"
[ -e "$T/ens/ensemble.h5" ] && fail "index written despite the failure"
ls "$T/ens" | grep -q tmp && fail "index failure left a temporary file"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -o "$T/ens" -r 2 --steps 2 $SET >/dev/null || fail "rerun index"

# Plots: a failed write of a plot file is exit 1 naming it.
RICSIM_FAIL_WRITE=ts_capability_smes "$RICSIM_BIN" plot "$T/ens" -o "$T/plots" >/dev/null 2>"$T/e.txt"
[ $? -eq 1 ] || fail "plot: write failure did not exit 1: $(cat "$T/e.txt")"
grep -q "ts_capability_smes.*write failed" "$T/e.txt" || fail "plot: no message: $(cat "$T/e.txt")"

# The index is not trusted: a run file gone or damaged is reported.
rm "$T/ens/runs/p0000_r0001.h5"
expect_fail 3 "p0000_r0001.h5: listed as complete" "$RICSIM_BIN" compare -b "$T/ens"
expect_fail 3 "p0000_r0001.h5" "$RICSIM_BIN" summary "$T/ens"
expect_fail 3 "p0000_r0001.h5" "$RICSIM_BIN" report --baseline "$T/ens" -o "$T/r.html"
exit 0
