# Per-agent snapshots every run.snapshot_every steps: agents, state,
# capability and both tie layers, consistent with the series of that step.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
"$RICSIM_BIN" run "$BASE" -q -o "$T/snap.h5" --steps 12 --set run.snapshot_every=5 \
    --set world.scale=0.02 || fail "run with snapshots"
# Steps 0, 5, 10 and the last step, 12.
for s in 000000 000005 000010 000012; do
    h5ls "$T/snap.h5/snapshots/step_$s" >/dev/null 2>&1 || fail "missing snapshot $s"
done
h5ls "$T/snap.h5/snapshots/step_000001" >/dev/null 2>&1 && fail "unexpected snapshot 1"
# Step 12: one row per living agent (firms + intermediaries + the 4 + 3
# universities and institutes of a 1:50 world).
f=$(values "$T/snap.h5" /observables/economy/value 12,0 1,1)
i=$(values "$T/snap.h5" /observables/economy/value 12,7 1,1)
n=$(awk -v f="$f" -v i="$i" 'BEGIN { print f + i + 7 }')
h5ls "$T/snap.h5/snapshots/step_000012/agents" | grep -q "{$n, 6}" || fail "agents rows != $n"
h5ls "$T/snap.h5/snapshots/step_000012/state" | grep -q "{$n, 4}" || fail "state rows"
h5ls "$T/snap.h5/snapshots/step_000012/capability" | grep -q "{$n, 16}" || fail "capability rows"
# Tie count = density * n(n-1)/2 of that step.
d=$(values "$T/snap.h5" /observables/density_informal/value 12 1)
m=$(h5ls "$T/snap.h5/snapshots/step_000012/ties_informal" | sed -E 's/.*\{([0-9]+), 2\}.*/\1/')
awk -v d="$d" -v m="$m" -v n="$n" 'BEGIN { e = d * n * (n - 1) / 2; exit !(m > e - 0.5 && m < e + 0.5) }' ||
    fail "informal ties $m vs density $d"
# The step attribute, and the whole file readable by h5dump.
h5dump -a /snapshots/step_000005/step "$T/snap.h5" | grep -q "(0): 5" || fail "step attribute"
h5dump "$T/snap.h5" >/dev/null || fail "h5dump cannot read the file"
exit 0
