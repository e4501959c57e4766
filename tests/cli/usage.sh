# The command line for people: short usage errors with did-you-mean (options,
# commands, scenarios, key prefixes), ricsim help [COMMAND], keys PREFIX,
# missing -o directories made by every command, the scaling warning, the
# endings of run / ensemble in words and numbers (checked against the files),
# progress lines in batch logs, and the Python examples' argument handling.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
SMALL="--steps 24 --set world.scale=0.01"

# Usage errors: short (the error and a pointer, not the whole help).
expect_fail 2 "unknown option '--sedd'; did you mean '--seed'?" "$RICSIM_BIN" run "$BASE" --sedd 3 -o x.h5
[ "$(wc -l <"$T/err.txt")" -le 2 ] || fail "usage error is $(wc -l <"$T/err.txt") lines"
grep -q "ricsim help run" "$T/err.txt" || fail "no pointer to the help"
expect_fail 2 "did you mean '--replications'?" "$RICSIM_BIN" ensemble "$BASE" --replicatoins 3 -o d
expect_fail 2 "did you mean '--baseline'?" "$RICSIM_BIN" compare --basline a b
expect_fail 2 "did you mean '--network'?" "$RICSIM_BIN" plot --netwrk x -o p
expect_fail 2 "did you mean '--scenario'?" "$RICSIM_BIN" demo --scenaro lead_users
expect_fail 2 "did you mean '--observables'?" "$RICSIM_BIN" export d --observabels x -o x.csv
expect_fail 2 "option '--output' needs a value" "$RICSIM_BIN" run "$BASE" --output
expect_fail 2 "option '--force' takes no value" "$RICSIM_BIN" run "$BASE" --force=yes -o x.h5
expect_fail 2 "unknown option '-z'" "$RICSIM_BIN" run "$BASE" -z
expect_fail 2 "unknown command 'ensembel'; did you mean 'ensemble'?" "$RICSIM_BIN" ensembel
expect_fail 2 "unknown command 'hlep'; did you mean 'help'?" "$RICSIM_BIN" hlep
expect_fail 3 "scenario 'lead_usres' not found; did you mean 'lead_users'?" \
    "$RICSIM_BIN" demo --scenario lead_usres -o "$T/d"
[ -e "$T/d" ] && fail "a refused demo made its directory"

# help: the overview lists every command; help COMMAND is COMMAND --help.
"$RICSIM_BIN" help >"$T/help.txt" || fail "ricsim help"
for c in run ensemble compare export summary plot report demo sensitivity calibrate keys; do
    grep -q "^  $c " "$T/help.txt" || fail "help lacks $c"
    "$RICSIM_BIN" help "$c" >"$T/h1.txt" || fail "help $c"
    "$RICSIM_BIN" "$c" --help >"$T/h2.txt" || fail "$c --help"
    cmp -s "$T/h1.txt" "$T/h2.txt" || fail "help $c differs from $c --help"
    grep -q "usage: ricsim $c" "$T/h1.txt" || fail "help $c: no usage line"
done
expect_fail 2 "did you mean 'report'?" "$RICSIM_BIN" help reprot

# keys PREFIX: exactly the keys that start with it.
"$RICSIM_BIN" keys firms. >"$T/k.txt" || fail "keys firms."
want=$("$RICSIM_BIN" keys --names | grep -c '^firms\.')
[ "$(wc -l <"$T/k.txt")" -eq "$want" ] && [ "$want" -gt 5 ] || fail "keys firms.: $(wc -l <"$T/k.txt") of $want"
grep -v '^firms\.' "$T/k.txt" && fail "keys firms. shows other keys"
"$RICSIM_BIN" keys world.scale run.steps --names >"$T/k.txt" || fail "keys two prefixes"
[ "$(cat "$T/k.txt")" = "run.steps
world.scale" ] || fail "keys world.scale run.steps: $(cat "$T/k.txt")"
expect_fail 2 "no key starts with 'frims'; did you mean 'firms'?" "$RICSIM_BIN" keys frims

# The scaling warning: one population count changed alone, not world.scale,
# not all four together.
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" -q $SMALL --steps 1 --set firms.count=2000 -o "$T/w1.h5" 2>"$T/w.txt" ||
    fail "run firms.count"
grep -q "warning: firms.count is 2000 (default 70000" "$T/w.txt" || fail "no warning: $(cat "$T/w.txt")"
grep -q "set world.scale instead" "$T/w.txt" || fail "warning gives no remedy"
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" -q $SMALL --steps 1 --set world.scale=0.02 -o "$T/w2.h5" 2>"$T/w.txt" ||
    fail "run world.scale"
[ -s "$T/w.txt" ] && fail "warning for world.scale: $(cat "$T/w.txt")"
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" -q $SMALL --steps 1 -o "$T/w3.h5" --set firms.count=35000 \
    --set producers.universities=100 --set producers.institutes=75 \
    --set intermediaries.count=350 2>"$T/w.txt" || fail "run all counts"
[ -s "$T/w.txt" ] && fail "warning for a consistent rescaling: $(cat "$T/w.txt")"
"$RICSIM_BIN" ensemble "$BASE" -q $SMALL -o "$T/we" --set intermediaries.count=100 2>"$T/w.txt" ||
    fail "ensemble intermediaries.count"
grep -q "ricsim ensemble: warning: intermediaries.count is 100" "$T/w.txt" ||
    fail "ensemble: no warning: $(cat "$T/w.txt")"

# run ends with the path, the time and the key figures (equal to the file);
# without a terminal the progress is a line every few percent on stderr.
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" $SMALL -o "$T/sub/dir/r.h5" >"$T/out.txt" 2>"$T/err.txt" ||
    fail "run into a new directory: $(cat "$T/err.txt")"
grep -q "^ricsim run: $T/sub/dir/r.h5 complete in [0-9.]* s" "$T/out.txt" ||
    fail "run ending: $(cat "$T/out.txt")"
n=$(grep -c "^ricsim run: step [0-9]*/24 ([0-9]*%)" "$T/err.txt")
[ "$n" -ge 5 ] && [ "$n" -le 24 ] || fail "batch progress: $n lines: $(cat "$T/err.txt")"
grep -q "step 24/24 (100%)" "$T/err.txt" || fail "no final progress line"
grep -q "$(printf '\r')" "$T/err.txt" && fail "carriage returns in a batch log"
firms=$(values "$T/sub/dir/r.h5" /observables/demography/value 24,2 1,1)
grep -q "after 24 steps (2 years at a month a step): $(printf '%.0f' "$firms") firms" "$T/out.txt" ||
    fail "firms $firms not in: $(cat "$T/out.txt")"
sme=$(values "$T/sub/dir/r.h5" /observables/innovating_share/value 24,1 1,1)
grep -q "$(awk -v x="$sme" 'BEGIN { printf "%.1f%% of SMEs", 100 * x }')" "$T/out.txt" ||
    fail "SME share $sme not in: $(cat "$T/out.txt")"
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" -q $SMALL -o "$T/q.h5" >"$T/out.txt" 2>"$T/err.txt" || fail "run -q"
[ -s "$T/out.txt" ] || [ -s "$T/err.txt" ] && fail "run -q printed something"

# ensemble: a design ends with each point against the first, labelled by value.
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" $SMALL -o "$T/e/f" -r 2 --factor brokerage.capacity=1,8 \
    >"$T/out.txt" 2>"$T/err.txt" || fail "ensemble: $(cat "$T/err.txt")"
grep -q "brokerage.capacity=8 vs brokerage.capacity=1" "$T/out.txt" ||
    fail "ensemble ending: $(cat "$T/out.txt")"
grep -q "SMEs innovating (last 3 years) *[-+][0-9.]* points \[" "$T/out.txt" ||
    fail "ensemble ending has no difference in points: $(cat "$T/out.txt")"
grep -q "ricsim ensemble: runs 4/4 (100%)" "$T/err.txt" || fail "ensemble batch progress"

# Every -o makes its missing directories.
"$RICSIM_BIN" compare --baseline "$T/e/f" -o "$T/c/d/cmp.txt" || fail "compare -o new dir"
[ -s "$T/c/d/cmp.txt" ] || fail "compare -o"
if command -v gnuplot >/dev/null 2>&1; then
    "$RICSIM_BIN" plot "$T/e/f" -o "$T/p/q" >/dev/null || fail "plot -o new dir"
    [ -d "$T/p/q" ] || fail "plot -o"
fi
"$RICSIM_BIN" report --baseline "$T/e/f" -o "$T/r/s/report.html" >/dev/null 2>&1 ||
    fail "report -o new dir"
[ -s "$T/r/s/report.html" ] || fail "report -o"

# The Python examples: a usage message, not a traceback.
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c "import h5py" 2>/dev/null; then
    for ex in read_output read_ensemble study; do
        "$PY" "$RICSIM_SOURCE_DIR/examples/$ex.py" >"$T/out.txt" 2>"$T/err.txt"
        [ $? -eq 2 ] || fail "$ex.py without arguments: not exit 2"
        grep -q "^usage: $ex.py" "$T/err.txt" || fail "$ex.py: no usage: $(cat "$T/err.txt")"
        grep -q Traceback "$T/err.txt" && fail "$ex.py: traceback"
        "$PY" "$RICSIM_SOURCE_DIR/examples/$ex.py" --help >/dev/null || fail "$ex.py --help"
    done
    "$PY" "$RICSIM_SOURCE_DIR/examples/read_output.py" "$T/nothere.h5" 2>"$T/err.txt" &&
        fail "read_output.py of a missing file exited 0"
    grep -q Traceback "$T/err.txt" && fail "read_output.py: traceback for a missing file"
    grep -q "nothere.h5" "$T/err.txt" || fail "read_output.py: no file name in the error"
fi
exit 0
