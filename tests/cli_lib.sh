# Shared helpers for the CLI tests (sourced, not run: not a test itself).
set -u
: "${RICSIM_BIN:?}" "${RICSIM_SOURCE_DIR:?}" "${RICSIM_TMP:?}"
rm -rf "$RICSIM_TMP" && mkdir -p "$RICSIM_TMP"
BASE="$RICSIM_SOURCE_DIR/scenarios/baseline.yaml"
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
status_of() { # prints /run_status of an output file
    h5dump -d /run_status "$1" 2>/dev/null | sed -n 's/.*(0): "\(.*\)".*/\1/p'
}
# expect_fail CODE PATTERN CMD...: CMD must exit CODE and print PATTERN on stderr.
expect_fail() {
    code=$1 pat=$2
    shift 2
    "$@" >"$RICSIM_TMP/out.txt" 2>"$RICSIM_TMP/err.txt"
    rc=$?
    [ "$rc" -eq "$code" ] || fail "$* exited $rc, expected $code: $(cat "$RICSIM_TMP/err.txt")"
    grep -q -- "$pat" "$RICSIM_TMP/err.txt" || fail "$*: no '$pat' in: $(cat "$RICSIM_TMP/err.txt")"
}
# values FILE DATASET START COUNT: the selected numbers, one per line (data only,
# attributes left out), e.g. values f.h5 /observables/x/value 240,0 1,4
values() {
    h5dump -A 0 -y -d "$2" -s "$3" -c "$4" "$1" | sed -n '/DATA {/,/}/p' | sed '1d;$d' |
        tr ',' '\n' | tr -d ' ' | grep .
}
# h5same A B [GROUP...]: names, kinds, types, shapes, values and attributes
# equal under each GROUP (tests/h5same.py; h5diff's exit code is 0 for
# datasets of different shapes). Skips the test (77) without h5py.
h5same() {
    /usr/bin/python3 -c "import h5py" 2>/dev/null || exit 77
    /usr/bin/python3 "$RICSIM_SOURCE_DIR/tests/h5same.py" "$@"
}
