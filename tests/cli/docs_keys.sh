# docs/scenarios.md lists exactly the keys, defaults and ranges of the code.
. "$(dirname "$0")/../cli_lib.sh"
grep '^|' "$RICSIM_SOURCE_DIR/docs/scenarios.md" >"$RICSIM_TMP/doc.txt"
"$RICSIM_BIN" keys --markdown >"$RICSIM_TMP/code.txt" || fail "ricsim keys"
diff "$RICSIM_TMP/doc.txt" "$RICSIM_TMP/code.txt" ||
    fail "docs/scenarios.md is stale: regenerate its table with 'ricsim keys --markdown'"
# Every key of the table is set in the baseline scenario (each one commented).
for k in $(awk -F'`' '/^\| `/ { print $2 }' "$RICSIM_TMP/code.txt"); do
    leaf=${k##*.}
    grep -q "^ *$leaf:" "$RICSIM_SOURCE_DIR/scenarios/baseline.yaml" || fail "baseline lacks $k"
done
exit 0
