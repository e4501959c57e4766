"""Damaged and foreign HDF5 files for tests/cli/corpus.sh.

make_corpus.py KIND SRC OUTDIR [PREFIX...]: from one good ricsim file SRC
(KIND is checkpoint, run or index) writes variants to OUTDIR: every dataset
(whose name starts with one of the PREFIXes, if given: the ones the commands
under test read) with the wrong type, rank and shape, with values out of
range, missing; groups missing or replaced; truncations; bit flips.
Deterministic (fixed seed). /usr/bin/python3 with h5py."""
import os
import random
import shutil
import sys

import h5py
import numpy as np

kind, src, out, prefixes = sys.argv[1], sys.argv[2], sys.argv[3], tuple(sys.argv[4:])
os.makedirs(out, exist_ok=True)
rng = random.Random(20261202)
names, groups = [], []


def visit(name, obj):
    (names if isinstance(obj, h5py.Dataset) else groups).append(name)


with h5py.File(src, "r") as f:
    f.visititems(visit)
if prefixes:
    names = [x for x in names if x.startswith(prefixes)]
    groups = [x for x in groups if x.startswith(prefixes)]
n = 0


def variant(tag, edit, name=""):
    global n
    obj = name.replace("/", ".")[-40:]
    dst = os.path.join(out, "%s_%03d_%s%s%s.h5" % (kind, n, tag, "_" if obj else "", obj))
    n += 1
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        edit(f)


def replace(name, data):
    def edit(f):
        attrs = dict(f[name].attrs)
        del f[name]
        d = f.create_dataset(name, data=data)
        for k, v in attrs.items():
            d.attrs[k] = v
    return edit


for name in names:
    with h5py.File(src, "r") as f:
        d = f[name]
        shape, dtype = d.shape, d.dtype
    size = int(np.prod(shape)) if shape else 1
    if dtype.kind in "iuf":
        other = np.float64 if dtype.kind in "iu" else np.int64
        variant("type", replace(name, np.zeros(shape, other)), name)
        variant("rank", replace(name, np.zeros((2, 2, 2) if len(shape) < 3 else (3,), dtype)), name)
        grow = (size + 7,) + tuple(shape[1:]) if shape else (9,)
        variant("shape", replace(name, np.ones(grow, dtype)), name)
        if dtype.kind in "iu":
            variant("big", replace(name, np.full(shape, np.iinfo(dtype).max, dtype)), name)
        elif kind == "checkpoint":
            variant("nan", replace(name, np.full(shape, np.nan)), name)
    else:
        variant("num", replace(name, np.arange(4, dtype=np.int64)), name)
        variant("vlen", replace(name, np.array([b"a", b"bb"], dtype=h5py.string_dtype())), name)
    variant("gone", lambda f, name=name: f.__delitem__(name), name)
for g in groups:
    variant("nogroup", lambda f, g=g: f.__delitem__(g), g)

size = os.path.getsize(src)
for k, cut in enumerate([0, 7, 96, 512, 2048, size // 3, size // 2, size - 1]):
    dst = os.path.join(out, "%s_%03d_cut%d.h5" % (kind, n, k))
    n += 1
    with open(src, "rb") as a, open(dst, "wb") as b:
        b.write(a.read(max(cut, 0)))
data = open(src, "rb").read()
for k in range(24):
    buf = bytearray(data)
    for _ in range(1 + k % 4):
        # Mostly the metadata at the start, where a flip changes structure.
        pos = rng.randrange(min(len(buf), 8192)) if k % 2 == 0 else rng.randrange(len(buf))
        buf[pos] ^= 1 << rng.randrange(8)
    dst = os.path.join(out, "%s_%03d_flip%d.h5" % (kind, n, k))
    n += 1
    open(dst, "wb").write(bytes(buf))
# Foreign files: text, an empty file, HDF5 of another program.
open(os.path.join(out, "%s_%03d_text.h5" % (kind, n)), "w").write("not hdf5\n")
open(os.path.join(out, "%s_%03d_empty.h5" % (kind, n + 1)), "w").close()
with h5py.File(os.path.join(out, "%s_%03d_foreign.h5" % (kind, n + 2)), "w") as f:
    f["data"] = np.arange(10)
print(n + 3)
