# MPI ensembles (an MPI build only): mpirun -np 1, 2 and 3 (oversubscribed)
# write run files byte-identical to the single-process ensemble and the same
# index statistics; a run that fails at its start step is recorded as failed
# while the other ranks go on; a re-launch finishes only what is missing.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
MPIEXEC=${MPIEXEC:-mpirun}
command -v "$MPIEXEC" >/dev/null 2>&1 || { echo "no mpirun: skipped"; exit 77; }
# CI runs as root; Open MPI refuses that unless told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
D="-r 4 --steps 12 --set world.scale=0.01 --factor brokerage.capacity=2,6 -q"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -o "$T/single" $D -j 2 || fail "single-process ensemble"
for np in 1 2 3; do
    # shellcheck disable=SC2086
    "$MPIEXEC" -np "$np" --oversubscribe "$RICSIM_BIN" ensemble "$BASE" -o "$T/np$np" $D ||
        fail "mpirun -np $np"
    [ "$(status_of "$T/np$np/ensemble.h5")" = complete ] || fail "np $np: index not complete"
    h5diff "$T/single/ensemble.h5" "$T/np$np/ensemble.h5" /statistics /statistics ||
        fail "np $np: statistics differ from the single-process ensemble"
    h5diff "$T/single/ensemble.h5" "$T/np$np/ensemble.h5" /runs/seed /runs/seed || fail "seeds"
    for f in "$T"/single/runs/*.h5; do
        cmp "$f" "$T/np$np/runs/$(basename "$f")" || fail "np $np: $(basename "$f") differs"
    done
done
# A failing run: infrastructure aimed at intermediaries that are SMEs (none)
# fails at its start step; the other runs of the design complete.
F="$RICSIM_SOURCE_DIR/scenarios/infrastructure.yaml"
FD="-r 3 --steps 8 --set world.scale=0.006 --set interventions.0.start=2 \
--set interventions.0.kinds=intermediary --factor interventions.0.sizes=all,sme -q"
# shellcheck disable=SC2086
"$MPIEXEC" -np 2 --oversubscribe "$RICSIM_BIN" ensemble "$F" -o "$T/fail" $FD 2>"$T/fail.txt" &&
    fail "an ensemble with failed runs exited 0"
grep -q "no agent matches its targets" "$T/fail.txt" || fail "failure not reported: $(cat "$T/fail.txt")"
grep -q "3 complete, 3 failed, 0 missing" "$T/fail.txt" || fail "summary: $(cat "$T/fail.txt")"
n=$(h5dump -d /runs/status "$T/fail/ensemble.h5" | grep -o '"failed"' | wc -l)
[ "$n" -eq 3 ] || fail "index lists $n failed runs, expected 3"
h5dump -d /runs/error "$T/fail/ensemble.h5" | grep -q "no agent matches" || fail "index error text"
# Re-launch after removing two complete runs: only those two run again.
rm "$T/np2/runs/p0000_r0001.h5" "$T/np2/runs/p0001_r0003.h5"
# shellcheck disable=SC2086
"$MPIEXEC" -np 2 --oversubscribe "$RICSIM_BIN" ensemble "$BASE" -o "$T/np2" $D 2>"$T/re.txt" ||
    fail "re-launch"
h5diff "$T/single/ensemble.h5" "$T/np2/ensemble.h5" /statistics /statistics || fail "re-launch stats"
"$RICSIM_BIN" ensemble "$BASE" -o "$T/np2" ${D% -q} 2>&1 | grep -q "0 run now, 8 already complete" ||
    fail "re-launch left runs missing"
exit 0
