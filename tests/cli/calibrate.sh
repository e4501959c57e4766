# ricsim calibrate, twin experiment: targets made from runs at a known
# innovation.rate are fitted back within their tolerances, and the fitted
# rate (and the ABC rejection and ABC-SMC posterior means) lie near the truth; the outputs load as scenarios; a second start
# re-runs nothing and writes the same fit; bad targets are refused before
# any run, with file:line.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
cat >"$T/s.yaml" <<EOT
base: $BASE
firms:
  count: 300
EOT
cat >"$T/template.yaml" <<EOT
targets:
  - name: sme
    observable: innovating_share
    column: sme
    statistic: mean
    from: 36
    to: 60
    value: 0
    tolerance: 0.02
    source: "twin: 4 runs at innovation.rate = 0.03"
  - name: manufacturing
    observable: innovating_share
    column: manufacturing
    statistic: at
    step: 60
    value: 0
    tolerance: 0.03
EOT
TRUTH=0.03
"$RICSIM_BIN" ensemble "$T/s.yaml" -o "$T/truth" -r 4 --steps 60 --seed 4242 -q -j 2 \
    --set innovation.rate=$TRUTH || fail "truth runs"
"$RICSIM_BIN" calibrate --targets "$T/template.yaml" --make-targets "$T/twin.yaml" \
    "$T"/truth/runs/*.h5 || fail "make targets"
grep -q "value: 0\.[1-9]" "$T/twin.yaml" || fail "twin targets: $(cat "$T/twin.yaml")"

C="--param innovation.rate:0.01:0.05 --steps 60 -r 2 --points 10 --evals 15 -j 2"
# shellcheck disable=SC2086
"$RICSIM_BIN" calibrate "$T/s.yaml" --targets "$T/twin.yaml" -o "$T/c" $C >"$T/fit.txt" \
    2>"$T/c.err" || fail "calibrate: $(cat "$T/c.err")"
cat "$T/fit.txt"
# Every target within its tolerance at the best point (10 fresh replications).
[ "$(grep -c ' yes$' "$T/fit.txt")" -eq 2 ] || fail "fit: $(cat "$T/fit.txt")"
rate=$(sed -n 's/^  rate: //p' "$T/c/calibrated.yaml")
awk -v r="$rate" -v t=$TRUTH 'BEGIN { exit !(r > t - 0.005 && r < t + 0.005) }' ||
    fail "fitted innovation.rate $rate, truth $TRUTH"
# The posterior's mean also near the truth, its section loads as a scenario.
mean=$(sed -n 's/^    mean: //p' "$T/c/posterior.yaml")
awk -v r="$mean" -v t=$TRUTH 'BEGIN { exit !(r > t - 0.01 && r < t + 0.01) }' ||
    fail "ABC mean $mean, truth $TRUTH"
"$RICSIM_BIN" run "$T/c/calibrated.yaml" -o "$T/cal.h5" --steps 2 -q || fail "calibrated.yaml"
"$RICSIM_BIN" run "$T/c/posterior.yaml" -o "$T/post.h5" --steps 2 -q || fail "posterior.yaml"
[ "$(status_of "$T/c/calibration.h5")" = complete ] || fail "calibration.h5"
[ -s "$T/c/plots/trace.png" ] && [ -s "$T/c/plots/pairs.png" ] || fail "plots"
# The trace: screening then simplex, the best distance that of the fit.
grep -q "simplex" "$T/c/trace.tsv" || fail "no simplex evaluations"

# ABC-SMC: three generations of 10 particles (independent seeds) after the
# rejection; the posterior mean stays near the truth, the search's best point
# is the same as without them (chosen among the common-seed evaluations).
# shellcheck disable=SC2086
"$RICSIM_BIN" calibrate "$T/s.yaml" --targets "$T/twin.yaml" -o "$T/smc" $C -q \
    --abc-generations 3 --abc-particles 10 >/dev/null || fail "abc-smc"
[ "$(cut -f2 "$T/smc/trace.tsv" | grep -c '^abc$')" -eq 30 ] || fail "abc evaluations"
grep -q "ABC-SMC: " "$T/smc/posterior.yaml" || fail "posterior not from SMC"
mean=$(sed -n 's/^    mean: //p' "$T/smc/posterior.yaml")
awk -v r="$mean" -v t=$TRUTH 'BEGIN { exit !(r > t - 0.005 && r < t + 0.005) }' ||
    fail "ABC-SMC mean $mean, truth $TRUTH"
cmp "$T/c/calibrated.yaml" "$T/smc/calibrated.yaml" || fail "ABC changed the best point"
h5ls "$T/smc/calibration.h5/calibration/abc" | grep -q weights || fail "no weights"

# Again: no run re-run, the same result.
cp "$T/c/calibrated.yaml" "$T/first.yaml"
# shellcheck disable=SC2086
"$RICSIM_BIN" calibrate "$T/s.yaml" --targets "$T/twin.yaml" -o "$T/c" $C >/dev/null \
    2>"$T/c2.err" || fail "again"
grep " run now" "$T/c2.err" | grep -v " 0 run now" && fail "re-ran runs"
cmp "$T/first.yaml" "$T/c/calibrated.yaml" || fail "another fit on resume"

# Bad targets: refused before any run (exit 3), naming file and line.
bad() { # bad NAME SED PATTERN: twin.yaml edited by SED must be refused with PATTERN
    sed "$2" "$T/twin.yaml" >"$T/$1.yaml"
    # shellcheck disable=SC2086
    expect_fail 3 "$3" "$RICSIM_BIN" calibrate "$T/s.yaml" --targets "$T/$1.yaml" -o "$T/bad" $C
}
bad b1 's/observable: innovating_share/observable: innovation_share/' \
    "b1.yaml:4: target 'sme': series 'innovation_share' is not in the run files"
bad b2 's/    column: manufacturing/    column: manufacturers/' "b2.yaml:.*no column 'manufacturers'"
bad b3 's/    tolerance: 0.02/    tolerence: 0.02/' \
    "b3.yaml:.*unknown key 'tolerence'.*did you mean 'tolerance'"
bad b4 's/    to: 60/    to: 10/' "b4.yaml:.*empty window"
bad b5 's/    statistic: at/    statistic: median/' "b5.yaml:.*statistic 'median' unknown"
[ -e "$T/bad" ] && fail "a refused calibration left $T/bad"
exit 0
