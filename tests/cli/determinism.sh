# Same scenario and seed at 1 and 2 threads: identical observables. A different
# seed: different values. Outputs open with h5dump and h5ls.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
run() { "$RICSIM_BIN" run "$BASE" --steps 48 --set world.scale=0.04 -q "$@"; }
OMP_NUM_THREADS=1 run -o "$T/t1.h5" || fail "run at 1 thread"
OMP_NUM_THREADS=2 run -o "$T/t2.h5" || fail "run at 2 threads"
run --threads 2 -o "$T/t2b.h5" || fail "run with --threads 2"
OMP_NUM_THREADS=1 run -o "$T/s2.h5" --seed 2 || fail "run with seed 2"
for f in t1 t2 t2b s2; do
    [ "$(status_of "$T/$f.h5")" = complete ] || fail "$f.h5 not complete"
done
# h5diff exits 0 for datasets of different shapes ("not comparable"): compare
# the listings (names and shapes) as well.
[ "$(h5ls -r "$T/t1.h5/observables")" = "$(h5ls -r "$T/t2.h5/observables")" ] ||
    fail "1 vs 2 threads: different datasets or shapes"
h5diff "$T/t1.h5" "$T/t2.h5" /observables || fail "1 vs 2 threads differ"
h5diff "$T/t1.h5" "$T/t2b.h5" /observables || fail "1 thread vs --threads 2 differ"
h5diff -q "$T/t1.h5" "$T/s2.h5" /observables/capability_mean/value && fail "seed 2 equals seed 1"
h5dump "$T/t1.h5" >/dev/null || fail "h5dump cannot read the output"
h5ls -r "$T/t1.h5" >/dev/null || fail "h5ls cannot read the output"
rows=$(h5ls "$T/t1.h5/observables/capability_mean/value" | sed -n 's/.*{\([0-9]*\)\/Inf, 4}.*/\1/p')
[ "$rows" = 49 ] || fail "expected 49 rows (steps 0..48), found '$rows'"
exit 0
