# The Python examples (examples/read_output.py, examples/read_ensemble.py,
# docs/python.md) run with the system Python and h5py (Debian python3-h5py)
# and print the numbers h5dump reads from the same files. Skipped (77) when
# /usr/bin/python3 or its h5py is missing.
# shellcheck disable=SC2046 # set -- $(values ...) splits on purpose
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
PY=/usr/bin/python3
EX="$RICSIM_SOURCE_DIR/examples"
if ! [ -x "$PY" ] || ! "$PY" -c "import h5py, numpy" 2>/dev/null; then
    echo "SKIP: no $PY with h5py (apt-get install python3-h5py)"
    exit 77
fi
# close A B: equal to 5 significant digits (the scripts and h5dump print %.6g).
close() {
    awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (a < 0 ? -a : a);
        exit !(a != "" && b != "" && d <= 1e-5 * m + 1e-12) }'
}
# field LINE-PATTERN NAME: the value of NAME=... on the output line matching the pattern.
field() { grep -- "$1" "$T/out.txt" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# One run with snapshots at 0, 12 and 24.
"$RICSIM_BIN" run "$BASE" -q -o "$T/run.h5" --steps 24 --set world.scale=0.01 \
    --set run.snapshot_every=12 || fail "run"
"$PY" "$EX/read_output.py" "$T/run.h5" >"$T/out.txt" 2>"$T/err.txt" ||
    fail "read_output.py: $(cat "$T/err.txt")"
[ -s "$T/err.txt" ] && fail "read_output.py wrote to stderr: $(cat "$T/err.txt")"
grep -qx "scenario: $BASE" "$T/out.txt" || fail "scenario path: $(cat "$T/out.txt")"
seed=$(h5dump -A 0 -d /parameters/seed "$T/run.h5" | sed -n 's/.*(0): *//p')
grep -qx "seed: $seed" "$T/out.txt" || fail "seed $seed: $(grep seed "$T/out.txt")"
# Last row (step 24) of capability_mean, density_informal, innovating_share.
set -- $(values "$T/run.h5" /observables/capability_mean/value 24,0 1,4)
[ $# -eq 4 ] || fail "capability_mean row: $*"
for k in firm university institute intermediary; do
    v=$(field "capability_mean at step 24:" "$k")
    close "$v" "$1" || fail "capability_mean $k: script $v, h5dump $1"
    shift
done
v=$(sed -n 's/^density_informal at step 24: //p' "$T/out.txt")
d=$(values "$T/run.h5" /observables/density_informal/value 24 1)
close "$v" "$d" || fail "density_informal: script $v, h5dump $d"
set -- $(values "$T/run.h5" /observables/innovating_share/value 24,0 1,4)
for k in large sme manufacturing service; do
    v=$(field "innovating_share at step 24:" "$k")
    close "$v" "$1" || fail "innovating_share $k: script $v, h5dump $1"
    shift
done
# Innovation events: the table's row count (h5ls), split by type like the
# innovations series (product, process) summed over its rows.
n=$(h5ls "$T/run.h5/events/innovation" | sed -E 's/.*\{([0-9]+)\/Inf, 5\}.*/\1/')
set -- $(values "$T/run.h5" /observables/innovations/value 0,0 25,2 |
    awk 'NR % 2 { p += $1; next } { q += $1 } END { print p + 0, q + 0 }')
grep -qx "innovation events: $n (product=$1 process=$2)" "$T/out.txt" ||
    fail "innovation events: want $n ($1 + $2): $(grep innovation "$T/out.txt")"
[ "$n" -gt 0 ] || fail "no innovation events in 24 steps"
# Last snapshot (step 24): its agent count, and the mean capability by region
# equals the region means of the capability_by_region series at step 24.
a=$(h5ls "$T/run.h5/snapshots/step_000024/agents" | sed -E 's/.*\{([0-9]+), 6\}.*/\1/')
grep -q "^snapshot step 24: $a agents;" "$T/out.txt" || fail "snapshot line, want $a agents"
for r in 0 1 2 3 4; do
    v=$(field "^snapshot step 24:" "region$r")
    m=$(values "$T/run.h5" /observables/capability_by_region/value "24,$((5 * r))" 1,1)
    close "$v" "$m" || fail "region$r capability: script $v, capability_by_region $m"
done

# A run that did not complete: a warning on stderr, the numbers still printed.
cp "$T/run.h5" "$T/failed.h5"
"$PY" -c 'import h5py, sys
with h5py.File(sys.argv[1], "r+") as f: f["run_status"][()] = b"failed"' "$T/failed.h5" ||
    fail "cannot mark a copy failed"
"$PY" "$EX/read_output.py" "$T/failed.h5" >"$T/out2.txt" 2>"$T/err.txt" || fail "read failed run"
grep -q "warning: run_status is 'failed'" "$T/err.txt" || fail "no warning: $(cat "$T/err.txt")"
grep -q "^capability_mean at step 24:" "$T/out2.txt" || fail "failed run: no numbers"

# An ensemble, 2 points x 3 replications (run files without snapshots).
"$RICSIM_BIN" ensemble "$BASE" -q -o "$T/ens" -r 3 --steps 24 --set world.scale=0.01 \
    --factor brokerage.capacity=1,8 || fail "ensemble"
"$PY" "$EX/read_output.py" "$T/ens/runs/p0001_r0002.h5" >"$T/out.txt" 2>"$T/err.txt" ||
    fail "read_output.py on a run without snapshots: $(cat "$T/err.txt")"
grep -q "^snapshot" "$T/out.txt" && fail "snapshot line for a run without snapshots"
"$PY" "$EX/read_ensemble.py" "$T/ens" >"$T/out.txt" 2>"$T/err.txt" ||
    fail "read_ensemble.py: $(cat "$T/err.txt")"
[ -s "$T/err.txt" ] && fail "read_ensemble.py wrote to stderr: $(cat "$T/err.txt")"
grep -qx "runs: complete=6" "$T/out.txt" || fail "run status counts: $(cat "$T/out.txt")"
grep -qx "point 1 \[brokerage.capacity=8\]" "$T/out.txt" || fail "point 1 label"
# Per point, mean, CI and n at step 24 as h5dump reads them from /statistics.
# stat_line POINT LABEL SERIES START COUNT
stat_line() {
    line=$(sed -n "/^point $1 /,/^point/p" "$T/out.txt" | grep "^  $2 at step 24:") ||
        fail "point $1: no line for $2"
    got=$(echo "$line" |
        sed -E 's/.*mean ([^,]+), 95% CI \[([^,]+), ([^]]+)\], n=([0-9]+)$/\1 \2 \3 \4/')
    for k in mean ci_low ci_high n; do
        v=${got%% *} got=${got#* }
        want=$(values "$T/ens/ensemble.h5" "/statistics/$3/$k" "$4" "$5")
        close "$v" "$want" || fail "point $1 $2 $k: script '$v', h5dump '$want' ($line)"
    done
}
for p in 0 1; do
    stat_line $p "capability_mean firm" capability_mean "$p,24,0" 1,1,1
    stat_line $p density_informal density_informal "$p,24" 1,1
done

# An index with a missing run: counted, and a warning.
"$RICSIM_BIN" ensemble "$BASE" -q -o "$T/part" -r 3 --steps 24 --set world.scale=0.01 \
    --only 0-1 || fail "ensemble --only"
"$RICSIM_BIN" ensemble "$BASE" -q -o "$T/part" -r 3 --steps 24 --set world.scale=0.01 \
    --index 2>/dev/null && fail "index with a missing run exited 0"
"$PY" "$EX/read_ensemble.py" "$T/part" >"$T/out.txt" 2>"$T/err.txt" || fail "read partial index"
grep -qx "runs: complete=2 missing=1" "$T/out.txt" || fail "partial counts: $(cat "$T/out.txt")"
grep -q "n=2$" "$T/out.txt" || fail "partial: n should be 2"
grep -q "warning: index run_status is 'incomplete'" "$T/err.txt" ||
    fail "no warning for a partial index: $(cat "$T/err.txt")"
exit 0
