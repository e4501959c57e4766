"""Strict HDF5 comparison for the tests: h5same.py A B [GROUP...].

Under each GROUP (default: the whole file) both files must hold the same
object names, the same kinds (group or dataset), and every dataset the same
dtype, shape and values (bit for bit: NaN equals NaN at the same place,
-0.0 differs from 0.0), and the
same attributes. Exit 0 if equal, 1 with the first differences otherwise.
(h5diff exits 0 for datasets of different shapes, so its exit code alone
proves nothing.) /usr/bin/python3 with h5py and numpy."""
import sys

import h5py
import numpy as np


def same_values(x, y):
    if x.dtype != y.dtype or x.shape != y.shape:
        return False
    if x.dtype.kind == "f":
        # Bit patterns: -0.0 differs from 0.0, NaN equals NaN at the same place.
        bx = np.ascontiguousarray(x).reshape(-1).view(np.uint8)
        by = np.ascontiguousarray(y).reshape(-1).view(np.uint8)
        return np.array_equal(bx, by)
    return np.array_equal(x, y)


def items(f, root):
    out = {}

    def visit(name, obj):
        out[name] = obj

    obj = f[root]
    out[""] = obj
    if isinstance(obj, h5py.Group):
        obj.visititems(visit)
    return out


def attrs_same(a, b):
    if sorted(a.attrs.keys()) != sorted(b.attrs.keys()):
        return False
    return all(same_values(np.asarray(a.attrs[k]), np.asarray(b.attrs[k])) for k in a.attrs)


def main():
    a_path, b_path, groups = sys.argv[1], sys.argv[2], sys.argv[3:] or ["/"]
    diffs = []
    with h5py.File(a_path, "r") as fa, h5py.File(b_path, "r") as fb:
        for g in groups:
            if (g in fa) != (g in fb):
                diffs.append("%s: in only one file" % g)
                continue
            if g not in fa:
                diffs.append("%s: in neither file" % g)
                continue
            ia, ib = items(fa, g), items(fb, g)
            for name in sorted(set(ia) ^ set(ib)):
                diffs.append("%s/%s: in only %s" % (g, name, a_path if name in ia else b_path))
            for name in sorted(set(ia) & set(ib)):
                oa, ob = ia[name], ib[name]
                where = "%s/%s" % (g.rstrip("/"), name)
                if type(oa) is not type(ob):
                    diffs.append("%s: group in one file, dataset in the other" % where)
                    continue
                if not attrs_same(oa, ob):
                    diffs.append("%s: attributes differ" % where)
                if isinstance(oa, h5py.Dataset):
                    if oa.dtype != ob.dtype:
                        diffs.append("%s: type %s vs %s" % (where, oa.dtype, ob.dtype))
                    elif oa.shape != ob.shape:
                        diffs.append("%s: shape %s vs %s" % (where, oa.shape, ob.shape))
                    elif not same_values(oa[()] if oa.shape != () else np.asarray(oa[()]),
                                         ob[()] if ob.shape != () else np.asarray(ob[()])):
                        diffs.append("%s: values differ" % where)
    for d in diffs[:20]:
        print("h5same: " + d, file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
