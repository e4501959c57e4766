# docs/scenarios.md lists exactly the keys, defaults and ranges of the code.
. "$(dirname "$0")/../cli_lib.sh"
T0=$RICSIM_TMP
grep '^|' "$RICSIM_SOURCE_DIR/docs/scenarios.md" >"$RICSIM_TMP/doc.txt"
"$RICSIM_BIN" keys --markdown >"$RICSIM_TMP/code.txt" || fail "ricsim keys"
diff "$RICSIM_TMP/doc.txt" "$RICSIM_TMP/code.txt" ||
    fail "docs/scenarios.md is stale: regenerate its table with 'ricsim keys --markdown'"
# Every key of the table is set in the baseline scenario (each one commented);
# members of lists (interventions[].x) in at least one scenario of scenarios/.
for k in $(awk -F'`' '/^\| `/ { print $2 }' "$RICSIM_TMP/code.txt"); do
    leaf=${k##*.}
    case $k in
    *'[]'*) cat "$RICSIM_SOURCE_DIR"/scenarios/*.yaml | grep -q "^[ -]*$leaf:" ||
        fail "no scenario sets $k" ;;
    *) grep -q "^ *$leaf:" "$RICSIM_SOURCE_DIR/scenarios/baseline.yaml" || fail "baseline lacks $k" ;;
    esac
done
# The baseline sets every key to its default ("a key left out keeps the
# default shown here"): its effective parameters equal an empty scenario's.
printf 'run: {}\n' >"$T0/empty.yaml"
for f in "$RICSIM_SOURCE_DIR/scenarios/baseline.yaml" "$T0/empty.yaml"; do
    "$RICSIM_BIN" run "$f" --steps 0 -q -o "$T0/$(basename "$f" .yaml).h5" || fail "run $f"
    h5dump -d /parameters/effective "$T0/$(basename "$f" .yaml).h5" | grep -v '^HDF5' \
        >"$T0/$(basename "$f" .yaml).txt"
done
diff "$T0/baseline.txt" "$T0/empty.txt" >"$T0/diff.txt" ||
    fail "scenarios/baseline.yaml differs from the defaults: $(cat "$T0/diff.txt")"
exit 0
