# Bad scenarios are refused before the run with file:line:column, key, what was
# expected and found; exit 3; no output file is left claiming complete.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
R="$RICSIM_BIN run"
printf 'firms:\n  cuont: 10\n' >"$T/unknown.yaml"
expect_fail 3 "unknown.yaml:2:3: unknown key 'firms.cuont'; did you mean 'firms.count'" \
    $R "$T/unknown.yaml" -o "$T/o1.h5"
printf 'run:\n  steps: ten\n' >"$T/type.yaml"
expect_fail 3 "type.yaml:2:10: key 'run.steps': expected an integer" $R "$T/type.yaml" -o "$T/o2.h5"
printf 'firms:\n  large_share: 1.5\n' >"$T/range.yaml"
expect_fail 3 "range.yaml:2:16: key 'firms.large_share': value 1.5 out of range \[0, 1\]" \
    $R "$T/range.yaml" -o "$T/o3.h5"
printf 'run:\n  steps: 10\n seed: 3\n' >"$T/malformed.yaml"
expect_fail 3 "malformed.yaml:3:.*malformed YAML" $R "$T/malformed.yaml" -o "$T/o4.h5"
expect_fail 3 "nothere.yaml: cannot open scenario file" $R "$T/nothere.yaml" -o "$T/o5.h5"
printf 'network:\n  formal:\n    generator: lattice\n' >"$T/enum.yaml"
expect_fail 3 "key 'network.formal.generator': expected one of small_world" \
    $R "$T/enum.yaml" -o "$T/o6.h5"
printf 'world:\n  domains: 2\n  strategic_domains: 4\n' >"$T/cross.yaml"
expect_fail 3 "world.strategic_domains (4) exceeds world.domains (2)" \
    $R "$T/cross.yaml" -o "$T/o7.h5"
expect_fail 3 "stages.creation_absorptive (0.1) is below stages.absorption_absorptive" \
    $R "$BASE" -o "$T/o10.h5" --set stages.creation_absorptive=0.1
printf 'ties:\n  project_min: 30\n  project_max: 20\n' >"$T/proj.yaml"
expect_fail 3 "ties.project_max (20) is below ties.project_min (30)" $R "$T/proj.yaml" -o "$T/o11.h5"
expect_fail 3 "^ricsim: --set firms.count=lots: key 'firms.count'" \
    $R "$BASE" -o "$T/o8.h5" --set firms.count=lots
expect_fail 3 "did you mean 'firms.count'" $R "$BASE" -o "$T/o9.h5" --set firms.cont=5
for i in 1 2 3 4 5 6 7 8 9 10 11; do
    [ -e "$T/o$i.h5" ] && fail "o$i.h5 was created for a refused scenario"
done

# An existing output is not overwritten without --force, and stays intact.
$R "$BASE" --steps 3 --set world.scale=0.007 -q -o "$T/keep.h5" || fail "small run"
before=$(cksum <"$T/keep.h5")
expect_fail 4 "keep.h5 exists; use --force" $R "$BASE" --steps 5 -o "$T/keep.h5"
[ "$(cksum <"$T/keep.h5")" = "$before" ] || fail "existing output was modified"
$R "$BASE" --steps 5 --set world.scale=0.007 -q -o "$T/keep.h5" --force || fail "--force"
[ "$(status_of "$T/keep.h5")" = complete ] || fail "forced run not complete"

# Command-line usage errors exit 2.
expect_fail 2 "missing -o" $R "$BASE"
expect_fail 2 "unknown command" "$RICSIM_BIN" frobnicate
expect_fail 2 "expected an integer >= 1" $R "$BASE" -o "$T/x.h5" --threads 0
"$RICSIM_BIN" --help | grep -q "exit codes" || fail "--help"
"$RICSIM_BIN" --version | grep -q "^ricsim [0-9]" || fail "--version"
exit 0
