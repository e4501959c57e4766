# Growing an ensemble: -r 3 over an -r 2 directory runs only the third
# replication of each design point (the first two files are left as they
# are), and the index equals that of a fresh -r 3 ensemble (names, shapes,
# types and values of every dataset and attribute, compared with h5py).
# Shrinking or changing anything else is still refused.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
SMALL="--steps 12 --set world.scale=0.01 -q --factor run.seed=3,4"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -o "$T/grow" -r 2 $SMALL || fail "-r 2"
for f in "$T"/grow/runs/*.h5; do stat -c '%n %i %Y %s' "$f"; done >"$T/before.txt"
[ "$(wc -l <"$T/before.txt")" -eq 4 ] || fail "4 runs expected: $(cat "$T/before.txt")"
sleep 1 # a rerun would change the modification times
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -o "$T/grow" -r 3 $SMALL || fail "-r 3 over -r 2"
for f in $(cut -d' ' -f1 "$T/before.txt"); do stat -c '%n %i %Y %s' "$f"; done >"$T/after.txt"
cmp -s "$T/before.txt" "$T/after.txt" || fail "finished runs were run again: $(diff "$T/before.txt" "$T/after.txt")"
[ -f "$T/grow/runs/p0000_r0002.h5" ] && [ -f "$T/grow/runs/p0001_r0002.h5" ] || fail "new runs missing"
grep -q "^replications: 3$" "$T/grow/ensemble.txt" || fail "ensemble.txt not updated"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -o "$T/fresh" -r 3 $SMALL || fail "fresh -r 3"
/usr/bin/python3 - "$T/grow/ensemble.h5" "$T/fresh/ensemble.h5" <<'PY' || fail "grown index differs from a fresh one"
import sys
import h5py
import numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
def items(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj))
    return out
ia, ib = items(a), items(b)
assert sorted(ia) == sorted(ib), f"objects differ: {set(ia) ^ set(ib)}"
n = 0
for name in ia:
    x, y = ia[name], ib[name]
    assert type(x) is type(y), name
    for k in set(x.attrs) | set(y.attrs):
        assert k in x.attrs and k in y.attrs, f"{name} attribute {k}"
        assert np.array_equal(np.asarray(x.attrs[k]), np.asarray(y.attrs[k])), f"{name}@{k}"
    if isinstance(x, h5py.Dataset):
        assert x.shape == y.shape and x.dtype == y.dtype, f"{name}: {x.shape} {x.dtype} vs {y.shape} {y.dtype}"
        vx, vy = x[()], y[()]
        if x.dtype.kind == "f":
            assert np.array_equal(vx, vy, equal_nan=True), name
        else:
            assert np.array_equal(vx, vy), name
        n += 1
assert n > 20, f"only {n} datasets"
assert ia["runs/status"].shape == (6,)
print(f"{n} datasets equal")
PY
# The statistics of the grown ensemble say n = 3.
"$RICSIM_BIN" compare -b "$T/grow" -f csv -O firms | awk -F, 'NR > 1 && $6 != 3 { bad = 1 } END { exit bad }' ||
    fail "compare n after growing"
# Shrinking, or another change with more replications, is still another ensemble.
# shellcheck disable=SC2086
expect_fail 4 "different ensemble" "$RICSIM_BIN" ensemble "$BASE" -o "$T/grow" -r 2 $SMALL
# shellcheck disable=SC2086
expect_fail 4 "different ensemble" "$RICSIM_BIN" ensemble "$BASE" -o "$T/grow" -r 4 $SMALL --set world.regions=3
exit 0
