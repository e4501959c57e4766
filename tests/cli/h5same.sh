# tests/h5same.py, the strict comparer the other tests use: equal files pass;
# a different shape (which h5diff passes), type, value, name or attribute fails.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
/usr/bin/python3 -c "import h5py" 2>/dev/null || exit 77
/usr/bin/python3 - "$T" <<'PY' || fail "making the files"
import sys, h5py, numpy as np
t = sys.argv[1]
def make(name, **change):
    with h5py.File("%s/%s.h5" % (t, name), "w") as f:
        f["g/x"] = change.get("x", np.arange(6.0).reshape(2, 3))
        f["g/y"] = np.array([1, 2, 3], dtype=change.get("ytype", np.int64))
        f["g/x"].attrs["unit"] = change.get("unit", "m")
        if "extra" in change:
            f["g/z"] = 1
make("a")
make("same")
make("shape", x=np.arange(6.0).reshape(3, 2))
make("type", ytype=np.int32)
make("value", x=np.arange(6.0).reshape(2, 3) + 1e-12)
make("name", extra=1)
make("attr", unit="km")
PY
h5same "$T/a.h5" "$T/same.h5" /g || fail "equal files differ"
for k in shape type value name attr; do
    h5same "$T/a.h5" "$T/$k.h5" /g 2>"$T/err.txt" && fail "$k: difference not seen"
    [ -s "$T/err.txt" ] || fail "$k: no message"
done
h5diff "$T/a.h5" "$T/shape.h5" /g /g >/dev/null 2>&1 && echo "(h5diff passes the reshaped file)"
exit 0
