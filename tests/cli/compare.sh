# ricsim compare and summary: a difference built in shows a CI that excludes
# zero; the same scenario with other seeds a CI that includes it; the three
# formats; bad files give clear errors.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
SMALL="--steps 30 --set world.scale=0.02 -r 5 -q"
SC="$RICSIM_SOURCE_DIR/scenarios"
# shellcheck disable=SC2086
{
    "$RICSIM_BIN" ensemble "$BASE" -o "$T/base" $SMALL &&
        "$RICSIM_BIN" ensemble "$SC/rd_subsidy.yaml" -o "$T/rd" $SMALL \
            --set interventions.0.start=5 &&
        "$RICSIM_BIN" ensemble "$BASE" -o "$T/base2" $SMALL --seed 777
} || fail "ensembles"
"$RICSIM_BIN" compare --baseline "$T/base" "$T/rd" "$T/base2" --format csv >"$T/cmp.csv" ||
    fail "compare"
# row: observable,scenario,n,mean,ci_low,ci_high,diff,diff_low,diff_high,p,test,per_1000_budget
row() { grep "^$1,$2," "$T/cmp.csv"; }
r=$(row "capability SMEs (final)" rd) || fail "no rd row"
echo "$r" | awk -F, '{ exit !($3 == 5 && $8 > 0 && $9 > $8 && $10 < 0.05 && $11 == "paired t" && $12 > 0) }' ||
    fail "rd_subsidy: CI of the SME capability gain should exclude 0 (paired): $r"
# Same scenario, other seeds (Welch: the seeds differ): each CI of a
# difference should include 0 with 95% chance; the observables are
# correlated, so ask that at least 80% of them do.
awk -F, '$2 == "base2" && $11 == "Welch t" { n++; if ($8 <= 0 && $9 >= 0) k++ }
    END { printf "%d of %d CIs include 0\n", k, n; exit !(n > 20 && k >= 0.8 * n) }' \
    "$T/cmp.csv" >"$T/null.txt" || fail "same scenario, other seeds: $(cat "$T/null.txt")"
# The baseline row has no difference; spend per 1000 units only where spent.
row "capability SMEs (final)" base | awk -F, '{ exit !($7 == "" && $11 == "baseline") }' ||
    fail "baseline row"
# The national budget 7.5e11 won x world.scale 0.02.
row "spend (total)" rd | awk -F, '{ exit !($4 > 1.5e10 * (1 - 1e-9) && $4 < 1.5e10 * (1 + 1e-9)) }' ||
    fail "rd spend"
# Formats: an aligned table and Markdown with a header rule.
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" >"$T/cmp.txt" || fail "table"
head -1 "$T/cmp.txt" | grep -q "^observable  *scenario  *n  *mean" || fail "table header"
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" -f markdown -o "$T/cmp.md" || fail "markdown"
sed -n 2p "$T/cmp.md" | grep -q '^|---|---|---:' || fail "markdown rule"
[ "$(grep -c '^| capability' "$T/cmp.md")" -gt 10 ] || fail "markdown rows"

# summary: a run and an ensemble.
"$RICSIM_BIN" summary "$T/base/runs/p0000_r0000.h5" >"$T/s1.txt" || fail "summary run"
grep -q "status complete" "$T/s1.txt" && grep -q "innovating_share" "$T/s1.txt" ||
    fail "summary run content"
"$RICSIM_BIN" summary "$T/rd" >"$T/s2.txt" || fail "summary ensemble"
grep -q "rd (5 complete runs)" "$T/s2.txt" || fail "summary ensemble content"

# Bad inputs: truncated, not HDF5, HDF5 but not ricsim, a run file given to compare.
head -c 3000 "$T/base/runs/p0000_r0000.h5" >"$T/trunc.h5"
expect_fail 3 "truncated" "$RICSIM_BIN" summary "$T/trunc.h5"
echo "not hdf5" >"$T/text.h5"
expect_fail 3 "not an HDF5 file" "$RICSIM_BIN" summary "$T/text.h5"
printf '1 2 3\n' >"$T/v.txt"
h5import "$T/v.txt" -dims 3 -type TEXTIN -size 32 -o "$T/foreign.h5" >/dev/null 2>&1 ||
    fail "h5import"
expect_fail 3 "neither a ricsim run output" "$RICSIM_BIN" summary "$T/foreign.h5"
expect_fail 3 "not a ricsim ensemble index" "$RICSIM_BIN" compare -b "$T/foreign.h5" "$T/rd"
expect_fail 3 "cannot open" "$RICSIM_BIN" compare -b "$T/trunc.h5" "$T/rd"
expect_fail 3 "no ensemble index" "$RICSIM_BIN" compare -b "$T/nowhere" "$T/rd"
expect_fail 2 "missing --baseline" "$RICSIM_BIN" compare "$T/rd"
exit 0
