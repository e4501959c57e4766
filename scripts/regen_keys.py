#!/usr/bin/python3
"""Regenerates what follows the parameter table from `ricsim keys`:

  - the key table of docs/scenarios.md (the lines starting with '|'), and
  - scenarios/baseline.yaml: every key at its default with its one-line doc
    (the header comment above "run:" is kept).

Run it after changing a default or a key (tests/cli/docs_keys.sh checks
both):  /usr/bin/python3 scripts/regen_keys.py [path/to/ricsim]
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RICSIM = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "ricsim")


def keys(*args):
    return subprocess.run([RICSIM, "keys", *args], check=True, capture_output=True,
                          text=True).stdout


def regen_scenarios_md():
    path = os.path.join(ROOT, "docs", "scenarios.md")
    lines = open(path, encoding="utf-8").read().split("\n")
    table = keys("--markdown").rstrip("\n").split("\n")
    out, done, i = [], False, 0
    while i < len(lines):
        if lines[i].startswith("|"):
            if not done:
                out.extend(table)
                done = True
            while i < len(lines) and lines[i].startswith("|"):
                i += 1
            continue
        out.append(lines[i])
        i += 1
    open(path, "w", encoding="utf-8").write("\n".join(out))


def regen_baseline():
    path = os.path.join(ROOT, "scenarios", "baseline.yaml")
    head = open(path, encoding="utf-8").read().split("\nrun:\n")[0]
    out, cur = [head], []
    for line in keys().splitlines():
        m = re.match(r"(\S+)\s+(\S+)\s+(\S+)\s+(\[.*?\]|)\s*(.*)$", line)
        if not m or m.group(1).startswith("interventions"):
            continue
        key, _, default, _, doc = m.groups()
        parts = key.split(".")
        i = 0
        while i < len(cur) and i < len(parts) - 1 and cur[i] == parts[i]:
            i += 1
        cur = cur[:i]
        for j in range(i, len(parts) - 1):
            out.append("  " * j + parts[j] + ":")
            cur.append(parts[j])
        out.append("%-40s # %s" % ("  " * (len(parts) - 1) + parts[-1] + ": " + default, doc))
    out.append("%-40s # %s" % ("interventions: []", "policy interventions (docs/model.md 7.15): "
                               "none in the baseline; scenarios/*.yaml add them"))
    open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")


regen_scenarios_md()
regen_baseline()
