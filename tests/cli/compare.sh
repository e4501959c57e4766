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
# CSV columns: 1 observable 2 key 3 unit 4 scenario 5 reference 6 n 7 mean 8 ci_low 9 ci_high
# 10 diff 11 diff_low 12 diff_high 13 pct_change 14 pct_low 15 pct_high 16 p 17 test
# 18 per_billion_won (shares in %, money in billion won).
head -1 "$T/cmp.csv" | grep -q '^observable,key,unit,scenario,reference,n,mean,ci_low,ci_high,diff,diff_low,diff_high,pct_change,pct_low,pct_high,p,test,per_billion_won$' ||
    fail "csv header: $(head -1 "$T/cmp.csv")"
row() { awk -F, -v k="$1" -v s="$2" '$2 == k && $4 == s && $1 !~ /policy-period/' "$T/cmp.csv"; }
r=$(row capability_smes rd)
[ -n "$r" ] || fail "no rd row"
echo "$r" | awk -F, '{ exit !($6 == 5 && $11 > 0 && $12 > $11 && $16 < 0.05 && $17 == "paired t" && $18 > 0 && $13 > 0 && $5 == "base") }' ||
    fail "rd_subsidy: CI of the SME capability gain should exclude 0 (paired): $r"
# % change is 100 x diff / reference mean.
b=$(row capability_smes base)
awk -F, -v b="$b" -v r="$r" 'BEGIN { split(b, x, ","); split(r, y, ",");
    d = 100 * y[10] / x[7]; exit !(d - y[13] < 0.01 && y[13] - d < 0.01) }' ||
    fail "pct change: $r / $b"
# Same scenario, other seeds (Welch: the seeds differ): each CI of a
# difference should include 0 with 95% chance; the observables are
# correlated, so ask that at least 80% of them do.
awk -F, '$4 == "base2" && $17 == "Welch t" { n++; if ($11 <= 0 && $12 >= 0) k++ }
    END { printf "%d of %d CIs include 0\n", k, n; exit !(n > 20 && k >= 0.8 * n) }' \
    "$T/cmp.csv" >"$T/null.txt" || fail "same scenario, other seeds: $(cat "$T/null.txt")"
# The reference row has no difference; spend per billion won only where spent.
row capability_smes base | awk -F, '{ exit !($10 == "" && $17 == "reference") }' ||
    fail "reference row"
# The national budget 7.5e11 won x world.scale 0.02, in billion won; the same
# in every run, so no test and no p (not "p = 0").
r=$(row spend rd)
echo "$r" | awk -F, '{ exit !($7 > 15 - 1e-6 && $7 < 15 + 1e-6 && $16 == "" && $17 == "none (no variation)" && $3 == "billion won") }' ||
    fail "rd spend: $r"
# Every registry entry names a series and column the runs have: each has
# all 5 values (a renamed column would leave n = 0).
n=$("$RICSIM_BIN" compare --observables list | grep -vc capability_regionN)
[ "$(awk -F, '$4 == "base" && $1 !~ /policy-period|region/ && $6 == 5 && $7 != ""' "$T/cmp.csv" | wc -l)" -eq "$n" ] ||
    fail "registry entries without values: $(awk -F, '$4 == "base" && ($6 != 5 || $7 == "")' "$T/cmp.csv")"
# Counts: no interval below 0; shares within 0-100 %.
awk -F, '$3 == "firms" && $8 != "" && $8 < 0 { bad = 1 } $3 == "%" && ($8 < 0 || $9 > 100) { bad = 1 }
    END { exit bad }' "$T/cmp.csv" || fail "an interval leaves the observable's range"
# Fixed decimals: no e-notation anywhere.
grep -Eq '[0-9]e[-+]?[0-9]' "$T/cmp.csv" && fail "e-notation in the CSV"
# Formats: an aligned table with a note, and Markdown with a header rule.
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" >"$T/cmp.txt" || fail "table"
head -1 "$T/cmp.txt" | grep -q "^observable  *unit  *scenario  *n  *mean" || fail "table header"
grep -Eq '[0-9]e[-+]?[0-9]' "$T/cmp.txt" && fail "e-notation in the table"
grep -q "per billion won of extra policy spend" "$T/cmp.txt" || fail "per-budget unit not said"
grep -q "Every scenario is compared with base" "$T/cmp.txt" || fail "reference not said"
grep -q "^policy spend since step 0 .*none (no variation)" "$T/cmp.txt" || fail "spend tested"
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" -f markdown -o "$T/cmp.md" || fail "markdown"
sed -n 2p "$T/cmp.md" | grep -q '^|---|---|---|---:' || fail "markdown rule"
[ "$(grep -c '^| .*capability' "$T/cmp.md")" -gt 10 ] || fail "markdown rows"
# --observables chooses rows, in registry order; unknown keys are refused with the list.
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" -f csv --observables innovating_smes,firms >"$T/sel.csv" ||
    fail "--observables"
[ "$(cut -d, -f2 "$T/sel.csv" | sed 1d | sort -u | tr '\n' ' ')" = "firms innovating_smes " ] ||
    fail "--observables rows: $(cut -d, -f2 "$T/sel.csv" | sort -u | tr '\n' ' ')"
expect_fail 2 "unknown observable 'nope'.*capability_smes" "$RICSIM_BIN" compare -b "$T/base" \
    --observables nope
"$RICSIM_BIN" compare --observables list | grep -q "^ties_informal .*ties per agent" ||
    fail "--observables list"
# --at-step: the values of that step in the run files (firms at step 10).
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" -f csv -O firms --at-step 10 >"$T/at.csv" || fail "--at-step"
want=$(for r in 0 1 2 3 4; do values "$T/rd/runs/p0000_r000$r.h5" /observables/demography/value 10,2 1,1; done |
    awk '{ s += $1 } END { printf "%.3f", s / NR }')
have=$(awk -F, '$4 == "rd" { printf "%.3f", $7 }' "$T/at.csv")
[ "$want" = "$have" ] || fail "--at-step 10: firms $have, run files say $want"
# --at-year counts from the policy start (rd starts at step 5): year 1 = step 17.
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" -f csv -O firms --at-year 1 >"$T/ay.csv" || fail "--at-year"
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" -f csv -O firms --at-step 17 >"$T/as.csv" || fail "--at-step 17"
cmp -s "$T/ay.csv" "$T/as.csv" || fail "--at-year 1 differs from --at-step 17"
"$RICSIM_BIN" compare -b "$T/base" "$T/rd" -O firms --at-year 1 | grep -q "At step 17: 1.0 years after the policy start (step 5), year 1.4 of the run" ||
    fail "--at-year note"
expect_fail 3 "after the end" "$RICSIM_BIN" compare -b "$T/base" "$T/rd" --at-step 31
expect_fail 3 "no scenario compared has an intervention" "$RICSIM_BIN" compare -b "$T/base" --at-year 1
expect_fail 2 "not both" "$RICSIM_BIN" compare -b "$T/base" --at-year 1 --at-step 3
# Design points are labelled by their factor values.
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$SC/rd_subsidy.yaml" -o "$T/des" --steps 12 --set world.scale=0.02 -r 2 -q \
    --factor interventions.0.strength=0.5,2 --set interventions.0.start=3 ||
    fail "design ensemble"
"$RICSIM_BIN" compare -b "$T/des" -f csv -O firms >"$T/des.csv" || fail "design compare"
grep -q ',des: strength=0.5,' "$T/des.csv" && grep -q ',des: strength=2,' "$T/des.csv" ||
    fail "design labels: $(cut -d, -f4 "$T/des.csv" | tr '\n' ' ')"
grep -q 'des\[' "$T/des.csv" && fail "design points labelled by number"

# summary: a run and an ensemble.
"$RICSIM_BIN" summary "$T/base/runs/p0000_r0000.h5" >"$T/s1.txt" || fail "summary run"
grep -q "status complete" "$T/s1.txt" && grep -q "innovating_share" "$T/s1.txt" ||
    fail "summary run content"
# Its key figures come from the registry, with labels and units.
grep -Eq '^    SMEs innovating \(last 3 years\) +[0-9]+\.[0-9]+ % \(step 30\)$' "$T/s1.txt" &&
    grep -Eq '^    informal ties per agent +[0-9.]+ ties per agent' "$T/s1.txt" ||
    fail "summary key figures: $(grep -A5 'key figures' "$T/s1.txt")"
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
