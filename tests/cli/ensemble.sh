# Ensembles: run list and seeds, statistics in the index, one member re-run
# alone gives the same bytes, a killed ensemble finishes only what is missing
# with the same statistics, bad designs are refused before anything runs.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
SMALL="--steps 36 --set world.scale=0.02"
# shellcheck disable=SC2086
ens() { "$RICSIM_BIN" ensemble "$BASE" -q $SMALL "$@"; }

# 2 design points x 4 replications, two workers.
ens -o "$T/a" -r 4 -j 2 --factor brokerage.capacity=1,8 || fail "ensemble a"
[ "$(status_of "$T/a/ensemble.h5")" = complete ] || fail "index not complete"
[ "$(grep -vc '^#' "$T/a/runs.tsv")" -eq 8 ] || fail "runs.tsv should list 8 runs"
for f in "$T"/a/runs/*.h5; do
    [ "$(status_of "$f")" = complete ] || fail "$f not complete"
done
h5ls "$T/a/ensemble.h5/statistics/brokerage/mean" | grep -q "{2, 37, 5}" || fail "stats shape"
# Per point: n = 4 replications; the CI holds the mean; more capacity, more services.
set -- $(values "$T/a/ensemble.h5" /statistics/brokerage/n 0,36,1 2,1,1)
[ "$1" = 4 ] && [ "$2" = 4 ] || fail "n per point: $*"
set -- $(values "$T/a/ensemble.h5" /statistics/brokerage/mean 0,36,1 2,1,1) \
    $(values "$T/a/ensemble.h5" /statistics/brokerage/ci_low 0,36,1 2,1,1) \
    $(values "$T/a/ensemble.h5" /statistics/brokerage/ci_high 0,36,1 2,1,1)
awk -v m0="$1" -v m1="$2" -v l0="$3" -v l1="$4" -v h0="$5" -v h1="$6" \
    'BEGIN { exit !(l0 <= m0 && m0 <= h0 && l1 <= m1 && m1 <= h1 && m1 > m0) }' ||
    fail "services by capacity (mean, ci_low, ci_high): $*"
# Seeds differ between runs; run.replication is the replication index.
[ "$(cut -f4 "$T/a/runs.tsv" | grep -v seed | sort -u | wc -l)" -eq 8 ] || fail "seeds not distinct"

# One member re-run alone, from its line in runs.tsv: the same bytes.
cmd=$(awk -F'\t' '$1 == 5 { print $6 }' "$T/a/runs.tsv")
file=$(awk -F'\t' '$1 == 5 { print $5 }' "$T/a/runs.tsv")
cmd=$(printf '%s' "$cmd" | sed "s|^ricsim |\"\$RICSIM_BIN\" |; s|-o '[^']*'|-o '$T/alone.h5'|")
eval "$cmd -q" || fail "re-run alone: $cmd"
cmp "$T/alone.h5" "$file" || fail "re-run of run 5 differs from the ensemble's file"

# Started again: nothing to do.
"$RICSIM_BIN" ensemble "$BASE" $SMALL -o "$T/a" -r 4 --factor brokerage.capacity=1,8 \
    2>"$T/again.txt" || fail "ensemble a again"
grep -q "0 run now, 8 already complete" "$T/again.txt" || fail "restart re-ran runs: $(cat "$T/again.txt")"

# Killed (SIGKILL) after two runs, then started again: only the missing runs
# are run, and the statistics equal those of an uninterrupted ensemble.
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -q $SMALL -o "$T/b" -r 10 -j 1 --set world.scale=0.04 &
pid=$! # the ricsim process itself (not a subshell), so SIGKILL reaches it
i=0
while [ "$i" -lt 600 ]; do
    n=0
    for f in "$T"/b/runs/*.h5; do
        [ -f "$f" ] && [ "$(status_of "$f")" = complete ] && n=$((n + 1))
    done
    [ "$n" -ge 2 ] && break
    sleep 0.05
    i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -f "$T/b/ensemble.h5" ] && fail "killed ensemble wrote an index"
done_before=0
for f in "$T"/b/runs/*.h5; do
    [ "$(status_of "$f")" = complete ] && done_before=$((done_before + 1))
done
[ "$done_before" -ge 2 ] && [ "$done_before" -lt 10 ] || fail "kill came too late: $done_before done"
"$RICSIM_BIN" ensemble "$BASE" $SMALL -o "$T/b" -r 10 -j 1 --set world.scale=0.04 \
    2>"$T/resume.txt" || fail "resumed ensemble"
grep -q "$((10 - done_before)) run now, $done_before already complete" "$T/resume.txt" ||
    fail "resume: expected $((10 - done_before)) new runs: $(cat "$T/resume.txt")"
ens -o "$T/c" -r 10 -j 2 --set world.scale=0.04 || fail "uninterrupted ensemble"
h5same "$T/b/ensemble.h5" "$T/c/ensemble.h5" /statistics ||
    fail "statistics of the resumed ensemble differ"

# Latin hypercube: N points, each factor value in range, one per stratum.
ens -o "$T/lhs" --range brokerage.quality=0.2:0.6 --range formation.meet_new=0:0.01 \
    --points 4 --steps 2 || fail "lhs"
h5ls "$T/lhs/ensemble.h5/design/points" | grep -q "{4, 2}" || fail "lhs points shape"
values "$T/lhs/ensemble.h5" /design/points 0,0 4,1 | sort -g | awk '
    { v = $1; s = int((v - 0.2) / 0.1); if (v < 0.2 || v > 0.6 || seen[s]++) bad = 1 }
    END { exit bad }' || fail "lhs strata"

# Bad designs: refused before anything is created.
expect_fail 3 "did you mean 'brokerage.capacity'" "$RICSIM_BIN" ensemble "$BASE" -o "$T/bad" \
    --factor brokerage.capacty=1,2
expect_fail 3 "empty range" "$RICSIM_BIN" ensemble "$BASE" -o "$T/bad" \
    --range brokerage.quality=0.5:0.5 --points 3
expect_fail 3 "expected an integer" "$RICSIM_BIN" ensemble "$BASE" -o "$T/bad" \
    --factor brokerage.capacity=2,many
expect_fail 3 "empty level" "$RICSIM_BIN" ensemble "$BASE" -o "$T/bad" \
    --factor brokerage.capacity=2,,3
expect_fail 3 "not both" "$RICSIM_BIN" ensemble "$BASE" -o "$T/bad" \
    --factor brokerage.capacity=2 --range brokerage.quality=0:1 --points 2
expect_fail 3 "has 0 items" "$RICSIM_BIN" ensemble "$BASE" -o "$T/bad" \
    --factor interventions.0.spend=1,2
[ -e "$T/bad" ] && fail "a refused design created its directory"
expect_fail 4 "holds a different ensemble" "$RICSIM_BIN" ensemble "$BASE" $SMALL -o "$T/a" -r 3

# The index reads each run file once, point by point: a first design point
# with no complete run gets empty statistics (n 0, NaN) and the next point
# its own, the same as when every run is there.
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" $SMALL -o "$T/gap" -r 2 --factor brokerage.capacity=1,8 -q ||
    fail "design for the gap"
cp "$T/gap/ensemble.h5" "$T/gap_full.h5"
rm "$T/gap/runs/p0000_r0000.h5" "$T/gap/runs/p0000_r0001.h5"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" $SMALL -o "$T/gap" -r 2 --factor brokerage.capacity=1,8 --index \
    -q && fail "an index with missing runs exited 0"
/usr/bin/python3 - "$T/gap/ensemble.h5" "$T/gap_full.h5" <<'PYEOF' || fail "index with a gap"
import sys, h5py, numpy as np
g, full = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
for name in full["statistics"]:
    n, m = g["statistics/" + name + "/n"][()], g["statistics/" + name + "/mean"][()]
    assert (n[0] == 0).all() and np.isnan(m[0]).all(), name
    assert np.array_equal(m[1], full["statistics/" + name + "/mean"][1], equal_nan=True), name
assert list(g["runs/status"].asstr()[()]) == ["missing", "missing", "complete", "complete"]
PYEOF
exit 0
