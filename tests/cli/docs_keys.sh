# docs/scenarios.md lists exactly the keys, defaults and ranges of the code.
. "$(dirname "$0")/../cli_lib.sh"
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
exit 0
