#!/usr/bin/python3
"""Strict comparison of two ricsim output files: the same dataset names,
shapes, dtypes and values (bit for bit; NaN equals NaN only at the same
place). Attributes (date, git hash, build flags) are not compared, and
neither is /parameters/threads (the thread count a run used) unless
--threads is given.

Usage: /usr/bin/python3 bench/h5same.py A.h5 B.h5 [--threads] [--skip NAME]...
Exit 0 if identical, 1 with the differences listed otherwise."""
import sys

import h5py
import numpy as np


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = (obj.shape, obj.dtype, obj[()])
        f.visititems(visit)
    return out


def same_values(x, y):
    if isinstance(x, np.ndarray):
        if x.dtype.kind == "f":
            # Bit patterns: -0.0 differs from 0.0 and NaN equals NaN.
            return np.array_equal(x.view(np.uint8), y.view(np.uint8))
        return np.array_equal(x, y)
    return x == y


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    skip = set()
    if "--threads" not in argv:
        skip.add("parameters/threads")
    i = 0
    while i < len(argv):
        if argv[i] == "--skip" and i + 1 < len(argv):
            skip.add(argv[i + 1])
            args.remove(argv[i + 1])
        i += 1
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = datasets(args[0]), datasets(args[1])
    bad = []
    for name in sorted(set(a) | set(b)):
        if name in skip:
            continue
        if name not in a or name not in b:
            bad.append(f"{name}: only in {'A' if name in a else 'B'}")
            continue
        (sa, ta, va), (sb, tb, vb) = a[name], b[name]
        if sa != sb or ta != tb:
            bad.append(f"{name}: shape/type {sa} {ta} vs {sb} {tb}")
        elif not same_values(va, vb):
            bad.append(f"{name}: values differ")
    for line in bad:
        print(line)
    if not bad:
        print(f"identical: {len(a) - len(skip & set(a))} datasets")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
