# ricsim export: the tidy CSV has one row per complete run, recorded step and
# observable column; its columns are the documented ones (with one per design
# factor); every value equals the run file's, read independently with h5py;
# step and observable filters give the expected subsets; incomplete runs are
# left out; a bad observable writes nothing. load_ensemble() (pandas) returns
# the same table. The Python parts are skipped without h5py / pandas.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
PY=/usr/bin/python3
SMALL="--steps 24 --set world.scale=0.01"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -q $SMALL -o "$T/ens" -r 2 --factor brokerage.capacity=1,8 ||
    fail "ensemble"
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" -q $SMALL -o "$T/lone.h5" --seed 7 || fail "run"

# Everything, into a directory that does not exist yet.
"$RICSIM_BIN" export "$T/ens" "$T/lone.h5" -o "$T/new/dir/all.csv" 2>"$T/err.txt" ||
    fail "export: $(cat "$T/err.txt")"
head -1 "$T/new/dir/all.csv" |
    grep -qx "ensemble,scenario,point,brokerage.capacity,replication,seed,step,observable,value" ||
    fail "header: $(head -1 "$T/new/dir/all.csv")"
grep -q "rows from 5 runs" "$T/err.txt" || fail "closing line: $(cat "$T/err.txt")"
[ -f "$T/new/dir/all.csv.tmp" ] && fail "temporary file left"

# Filters: row counts follow from the full table.
"$RICSIM_BIN" export "$T/ens" -q -o "$T/sme.csv" --observables innovating_share.sme,density_formal ||
    fail "export --observables"
# A registry key (compare's names) selects the same rows as SERIES.COLUMN.
"$RICSIM_BIN" export "$T/ens" -q -o "$T/key.csv" --observables innovating_smes ||
    fail "export --observables with a registry key"
grep -c ",innovating_share.sme," "$T/sme.csv" >"$T/n1.txt"
[ "$(wc -l <"$T/key.csv")" -eq $(($(cat "$T/n1.txt") + 1)) ] ||
    fail "registry key: $(wc -l <"$T/key.csv") lines, expected $(($(cat "$T/n1.txt") + 1))"
grep -v "^ensemble," "$T/key.csv" | grep -vq ",innovating_share.sme," && fail "registry key: other rows"
"$RICSIM_BIN" export "$T/ens" -q -o "$T/steps.csv" --at-step 0,12 --every 12 ||
    fail "export --at-step"
"$RICSIM_BIN" export "$T/ens" -q -o "$T/year.csv" --at-year 1 || fail "export --at-year"
"$RICSIM_BIN" export "$T/ens" -q -o "$T/last.csv" --last || fail "export --last"
# 4 runs x 25 steps x 2 observables.
[ "$(($(wc -l <"$T/sme.csv") - 1))" -eq 200 ] || fail "--observables: $(wc -l <"$T/sme.csv") lines"
awk -F, 'NR > 1 && $7 != 0 && $7 != 12 { bad = 1 } END { exit bad }' "$T/steps.csv" ||
    fail "--at-step kept other steps"
awk -F, 'NR > 1 && $7 != 12 { bad = 1 } END { exit bad }' "$T/year.csv" ||
    fail "--at-year 1 kept steps other than 12"
cmp -s "$T/year.csv" "$T/steps.csv" && fail "--at-step 0,12 equals --at-year 1 (step 0 missing)"

# A bad observable: exit 3, a reason, no file.
expect_fail 3 "is in no complete run; did you mean .innovating_share.sme.?" "$RICSIM_BIN" export "$T/ens" -o "$T/bad.csv" \
    --observables innovating_share.smee
[ -e "$T/bad.csv" ] && fail "bad observable left a file"
expect_fail 3 "no such file" "$RICSIM_BIN" export "$T/nowhere" -o "$T/bad.csv"
expect_fail 2 "missing -o" "$RICSIM_BIN" export "$T/ens"

# An incomplete run is left out and said so.
cp -r "$T/ens" "$T/part"
rm "$T/part/runs/p0001_r0001.h5"
"$RICSIM_BIN" export "$T/part" -o "$T/part.csv" 2>"$T/err.txt" || fail "export partial"
grep -q "1 run(s) not complete, left out" "$T/err.txt" || fail "partial: $(cat "$T/err.txt")"
grep -q "rows from 3 runs" "$T/err.txt" || fail "partial: $(cat "$T/err.txt")"

if ! [ -x "$PY" ] || ! "$PY" -c "import h5py, numpy" 2>/dev/null; then
    echo "SKIP rest: no $PY with h5py"
    exit 0
fi
# Every row against the files, and every value of the files in the table.
"$PY" - "$T" <<'PYEOF' || fail "values differ from the run files"
import csv, math, os, sys
import h5py
T = sys.argv[1]
def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)
expect = {}  # (ensemble, replication, seed, step, observable) -> value
meta = {}
def add(label, path, point, factor):
    with h5py.File(path, "r") as f:
        seed, rep = int(f["parameters/seed"][()]), int(f["parameters/replication"][()])
        meta[(label, rep, seed)] = (point, factor)
        for name, g in f["observables"].items():
            steps, v = g["step"][:], g["value"][:]
            cols = [text(c) for c in g["value"].attrs["columns"]] if v.ndim == 2 else [None]
            for i, s in enumerate(steps):
                for j, c in enumerate(cols):
                    x = v[i, j] if v.ndim == 2 else v[i]
                    expect[(label, rep, seed, int(s), name + ("." + c if c else ""))] = x
with h5py.File(os.path.join(T, "ens", "ensemble.h5"), "r") as f:
    pts = f["design/points"][:]
    for i, rel in enumerate(f["runs/file"][:]):
        p = int(f["runs/point"][i])
        add("ens", os.path.join(T, "ens", text(rel)), p, pts[p, 0])
add("lone", os.path.join(T, "lone.h5"), 0, None)
rows = 0
with open(os.path.join(T, "new", "dir", "all.csv")) as fh:
    for r in csv.DictReader(fh):
        rows += 1
        key = (r["ensemble"], int(r["replication"]), int(r["seed"]), int(r["step"]), r["observable"])
        assert key in expect, f"row not in the files: {key}"
        want, got = expect[key], float(r["value"])
        assert (math.isnan(want) and math.isnan(got)) or want == got, f"{key}: {got} != {want}"
        point, factor = meta[key[:3]]
        assert int(r["point"]) == point, f"{key}: point {r['point']} != {point}"
        if factor is None:
            assert r["brokerage.capacity"] == "", f"{key}: lone run has a factor value"
        else:
            assert float(r["brokerage.capacity"]) == factor, f"{key}: factor"
        assert r["scenario"] == "baseline", f"{key}: scenario {r['scenario']}"
assert rows == len(expect), f"{rows} rows, the files hold {len(expect)} values"
print(f"export: {rows} rows equal the run files")
PYEOF

if ! "$PY" -c "import pandas" 2>/dev/null; then
    echo "SKIP pandas part: no python3-pandas"
    exit 0
fi
RICSIM="$RICSIM_BIN" "$PY" - "$T" "$RICSIM_SOURCE_DIR/python" <<'PYEOF' || fail "load_ensemble"
import os, sys
sys.path.insert(0, sys.argv[2])
import pandas as pd
import ricsim
T = sys.argv[1]
df = ricsim.load_ensemble(os.path.join(T, "ens"), os.path.join(T, "lone.h5"))
ref = pd.read_csv(os.path.join(T, "new", "dir", "all.csv"))
assert len(df) == len(ref), (len(df), len(ref))
assert list(df.columns) == list(ref.columns), list(df.columns)
assert (df["value"].fillna(-1).values == ref["value"].fillna(-1).values).all()
assert str(df["seed"].dtype) == "uint64" and str(df["step"].dtype) == "int64"
last = ricsim.load_ensemble(os.path.join(T, "ens"), observables="innovating_share.sme", last=True)
assert len(last) == 4 and set(last["step"]) == {24}, last
w = ricsim.wide(ricsim.load_ensemble(os.path.join(T, "ens"), at_step=[24]))
assert len(w) == 4 and "innovating_share.sme" in w.columns, w.shape
try:
    ricsim.load_ensemble(os.path.join(T, "nowhere"))
    raise SystemExit("no error for a missing ensemble")
except RuntimeError as e:
    assert "no such file" in str(e), e
print("load_ensemble: ok")
PYEOF
exit 0
