# A real full disk (a small tmpfs; root only, else skipped): the run file,
# a checkpoint and the ensemble index each fail with exit 1 and a message,
# no crash, nothing left that says "complete", no temporary files, and a
# rerun with room succeeds. (tests/cli/safety.sh injects the same failures
# with RICSIM_FAIL_WRITE where mounting is not allowed.)
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
[ "$(id -u)" = 0 ] || exit 77
SET="--set world.scale=0.004 --set world.regions=2"
full() { # full SIZE: a fresh tmpfs of SIZE at $T/full
    umount "$T/full" 2>/dev/null
    mkdir -p "$T/full" && mount -t tmpfs -o "size=$1" tmpfs "$T/full" || exit 77
}
trap 'umount "$T/full" 2>/dev/null' EXIT
# shellcheck disable=SC2086
run() { "$RICSIM_BIN" run "$BASE" -q $SET "$@"; }
nothing_complete() {
    for f in "$T"/full/*.h5; do
        [ -e "$f" ] || continue
        [ "$(status_of "$f")" = complete ] && fail "$1: $f claims complete"
    done
    ls "$T/full" | grep -q "\.tmp" && fail "$1: temporary files left: $(ls "$T/full")"
    return 0
}
expect_full() { # LABEL CMD...: exit 1 with a message, no crash
    label=$1
    shift
    "$@" >/dev/null 2>"$T/err.txt"
    rc=$?
    [ $rc -eq 1 ] || fail "$label: exit $rc, expected 1: $(cat "$T/err.txt")"
    grep -q "No space\|disk full\|cannot" "$T/err.txt" || fail "$label: no message"
    nothing_complete "$label"
}
full 200k # the run file fills the disk
expect_full "run file" run -o "$T/full/a.h5" --steps 200
full 20k # not even the creation fits
expect_full "create" run -o "$T/full/b.h5" --steps 2
[ -e "$T/full/b.h5" ] && fail "a failed create left $T/full/b.h5"
full 500k # the run fits, its checkpoints do not
expect_full "checkpoint" run -o "$T/full/c.h5" --steps 8 --checkpoint-every 4
[ -e "$T/full/c.h5.ckpt.h5" ] && fail "a failed checkpoint left a checkpoint"
full 600k # the runs fit, the index does not
# shellcheck disable=SC2086
expect_full "index" "$RICSIM_BIN" ensemble "$BASE" -o "$T/full/ens" -r 2 --steps 2 $SET
[ -e "$T/full/ens/ensemble.h5" ] && fail "a failed index left ensemble.h5"
full 20m # room again: reruns succeed
run -o "$T/full/a.h5" --steps 20 --force || fail "rerun (run file)"
run -o "$T/full/b.h5" --steps 2 || fail "rerun (create)"
[ "$(status_of "$T/full/a.h5")" = complete ] || fail "rerun not complete"
exit 0
