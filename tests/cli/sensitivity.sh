# ricsim sensitivity: a scenario with an uncertain: section runs as before;
# a Morris study ranks the inputs, resumes without re-running, re-runs any
# run alone with the same bytes, splits with --only; --versus with the same
# scenario gives zero effects (common random numbers); bad inputs and
# outputs are refused before any run, with file:line.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
cat >"$T/s.yaml" <<EOT
base: $BASE
firms:
  count: 200
uncertain:
  - key: innovation.rate
    distribution: uniform
    lo: 0.01
    hi: 0.05
    source: "around the calibrated 0.022 (seed s.3)"
  - key: exchange.optimal_distance
    distribution: triangular
    lo: 0.2
    hi: 0.6
    mode: 0.4
    source: "Nooteboom 2007: moderate distance"
  - key: innovation.product_share
    distribution: truncnormal
    lo: 0.3
    hi: 0.9
    mean: 0.6
    sd: 0.1
EOT
sed '/^uncertain:/,$d' "$T/s.yaml" >"$T/plain.yaml"

# A plain run ignores the section: the same observables as without it.
"$RICSIM_BIN" run "$T/s.yaml" -o "$T/u.h5" --steps 12 -q || fail "run with uncertain:"
"$RICSIM_BIN" run "$T/plain.yaml" -o "$T/p.h5" --steps 12 -q || fail "run without"
h5diff "$T/u.h5" "$T/p.h5" /observables /observables || fail "uncertain: changed a plain run"

S="--steps 36 -r 2 --trajectories 4 --bootstrap 100 -j 2"
OUT="--output sme=innovating_share.sme:mean@24-36 --output manu=innovating_share.manufacturing:at"
# shellcheck disable=SC2086
"$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/m" $S $OUT --format csv >"$T/m.csv" 2>"$T/m.err" ||
    fail "morris: $(cat "$T/m.err")"
[ "$(status_of "$T/m/sensitivity.h5")" = complete ] || fail "results not complete"
[ "$(grep -vc '^#' "$T/m/runs.tsv")" -eq 32 ] || fail "4 trajectories x 4 points x 2 replications"
[ "$(grep -c '^sme,' "$T/m.csv")" -eq 3 ] || fail "one row per input: $(cat "$T/m.csv")"
[ -s "$T/m/plots/sensitivity_sme.png" ] || fail "no bar chart"
# innovation.rate (a 5-fold range of the hazard) leads the SME share by far.
top=$(grep '^sme,' "$T/m.csv" | sort -t, -k5 -g -r | head -1 | cut -d, -f3)
[ "$top" = innovation.rate ] || fail "mu* ranking: $(cat "$T/m.csv")"
share=$(grep '^sme,' "$T/m.csv" | head -1 | cut -d, -f2)
awk -v s="$share" 'BEGIN { exit !(s >= 0 && s < 0.5) }' || fail "noise share $share"
h5ls -r "$T/m/sensitivity.h5" | grep -q "/sensitivity/morris/mu_star" || fail "no mu_star"
[ "$(status_of "$T/m/ensemble.h5")" = complete ] || fail "no ensemble index"
"$RICSIM_BIN" summary "$T/m" >/dev/null || fail "ricsim summary of a study"

# --list: the design, one line per point (4 trajectories x 4 points).
# shellcheck disable=SC2086
[ "$("$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/m" $S $OUT --list | grep -vc '^#')" -eq 16 ] ||
    fail "--list"

# Again: nothing re-run, the same indices.
# shellcheck disable=SC2086
"$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/m" $S $OUT --format csv >"$T/m2.csv" 2>"$T/m2.err" ||
    fail "again"
grep -q "32 runs: 0 run now, 32 already complete" "$T/m2.err" || fail "re-ran: $(cat "$T/m2.err")"
cmp "$T/m.csv" "$T/m2.csv" || fail "indices changed on resume"

# One run re-run alone from runs.tsv: the same bytes.
cmd=$(awk -F'\t' '$1 == 13 { print $6 }' "$T/m/runs.tsv")
file=$(awk -F'\t' '$1 == 13 { print $5 }' "$T/m/runs.tsv")
cmd=$(printf '%s' "$cmd" | sed "s|^ricsim |\"\$RICSIM_BIN\" |; s|-o '[^']*'|-o '$T/alone.h5'|")
eval "$cmd -q" || fail "re-run alone: $cmd"
cmp "$T/alone.h5" "$file" || fail "re-run of run 13 differs"

# Job-array style: two slices, then the analysis; the same indices.
for r in 0-15 16-31; do
    # shellcheck disable=SC2086
    "$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/o" $S $OUT -q --only $r || fail "--only $r"
done
[ -f "$T/o/sensitivity.h5" ] && fail "--only wrote results"
# shellcheck disable=SC2086
"$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/o" $S $OUT --format csv >"$T/o.csv" 2>"$T/o.err" ||
    fail "after --only"
grep -q "0 run now, 32 already complete" "$T/o.err" || fail "slices incomplete: $(cat "$T/o.err")"
cmp "$T/m.csv" "$T/o.csv" || fail "slices give other indices"

# ricsim report includes the study's bar charts.
"$RICSIM_BIN" ensemble "$T/s.yaml" -o "$T/ens" -r 2 --steps 12 -q || fail "ensemble for report"
"$RICSIM_BIN" report --baseline "$T/ens" -o "$T/r.html" --sensitivity "$T/m" >/dev/null ||
    fail "report --sensitivity"
grep -q "<h2>Sensitivity: " "$T/r.html" || fail "no sensitivity section"
[ "$(grep -c 'sensitivity_\(sme\|manu\).svg' "$T/r.html")" -eq 2 ] || fail "not both charts"
expect_fail 3 "not a finished ricsim sensitivity study" "$RICSIM_BIN" report --baseline "$T/ens" \
    -o "$T/r2.html" --sensitivity "$T/ens"

# --versus the same scenario: every difference is exactly 0 (same seeds).
# shellcheck disable=SC2086
"$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/v" $S --output sme=innovating_share.sme:at \
    --versus "$T/s.yaml" --format csv -q >"$T/v.csv" || fail "versus"
[ "$(grep '^sme,' "$T/v.csv" | cut -d, -f4-8 | tr ',' '\n' | sort -u)" = "0.0000" ] ||
    fail "versus itself: effects not 0: $(cat "$T/v.csv")"

# Sobol: A, B and k AB blocks of 4 rows, indices and CIs written.
# shellcheck disable=SC2086
"$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/sob" --method sobol --samples 4 -r 1 --steps 24 \
    --output sme=innovating_share.sme:at -q -j 2 >"$T/sob.txt" || fail "sobol"
[ "$(grep -vc '^#' "$T/sob/runs.tsv")" -eq 20 ] || fail "sobol runs: 4 x (3 + 2)"
h5ls -r "$T/sob/sensitivity.h5" | grep -q "/sensitivity/sobol/st_hi" || fail "no st_hi"

# Refused before any run (exit 3), naming file:line.
bad() { # bad NAME PATTERN: s.yaml with one edit must be refused
    sed "$3" "$T/s.yaml" >"$T/$1.yaml"
    expect_fail 3 "$2" "$RICSIM_BIN" sensitivity "$T/$1.yaml" -o "$T/bad_$1" $OUT
    [ -e "$T/bad_$1" ] && fail "$1: refused study left $T/bad_$1"
    return 0
}
bad key "key.yaml:5:.*unknown key 'innovation.rte'.*did you mean 'innovation.rate'" \
    's/key: innovation.rate/key: innovation.rte/'
bad range "empty range" 's/hi: 0.05/hi: 0.01/'
bad dist "dist.yaml:6:.*distribution 'normal' unknown" 's/distribution: uniform/distribution: normal/'
bad member "unknown key 'sorce'.*did you mean 'source'" 's/    source: "around/    sorce: "around/'
bad bound "innovation.product_share" 's/hi: 0.9/hi: 1.5/'
bad mode "lo <= mode <= hi" 's/mode: 0.4/mode: 0.9/'
expect_fail 3 "series 'no_such' is not in the run files" "$RICSIM_BIN" sensitivity "$T/s.yaml" \
    -o "$T/bad_out" --output x=no_such.sme:mean
expect_fail 3 "no column 'smes' (columns: large, sme, manufacturing, service)" "$RICSIM_BIN" \
    sensitivity "$T/s.yaml" -o "$T/bad_out" --output x=innovating_share.smes:mean
[ -e "$T/bad_out" ] && fail "refused output left a directory"
expect_fail 2 "expected SERIES" "$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/bad_out" \
    --output x=innovating_share
expect_fail 3 "no uncertain parameters" "$RICSIM_BIN" sensitivity "$T/plain.yaml" -o "$T/bad_out" \
    $OUT
expect_fail 3 "empty range" "$RICSIM_BIN" sensitivity "$T/plain.yaml" -o "$T/bad_out" \
    --param innovation.rate:0.05:0.01 $OUT
exit 0
