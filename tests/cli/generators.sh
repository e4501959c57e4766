# Generators selectable from scenarios, measured through the output file, and
# network.frozen: a fixed network keeps its ties while knowledge diffuses.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
run() { "$RICSIM_BIN" run "$BASE" -q --steps 24 --set run.network_every=12 "$@"; }
# row N of network_informal as "density meandeg clustering avglocal giant skew maxdeg"
row() { values "$1" /observables/network_informal/value "$2",0 1,7 | tr '\n' ' '; }
run -o "$T/ring.h5" --set network.informal.generator=ring_lattice --set network.frozen=true ||
    fail "ring lattice run"
# Ring lattice, k = 8: clustering 3(k-2)/(4(k-1)) = 0.642857; frozen: same at step 24.
set -- $(row "$T/ring.h5" 0)
[ $# -eq 7 ] || fail "ring: expected 7 network figures, found: $*"
awk -v c="$3" 'BEGIN { exit !(c > 0.642856 && c < 0.642858) }' || fail "ring clustering $3"
[ "$(row "$T/ring.h5" 0)" = "$(row "$T/ring.h5" 2)" ] || fail "frozen network changed"
h5dump -y -d /observables/capability_mean/value -s 24,0 -c 1,1 "$T/ring.h5" >"$T/k24" &&
    h5dump -y -d /observables/capability_mean/value -s 0,0 -c 1,1 "$T/ring.h5" >"$T/k0" &&
    ! cmp -s "$T/k0" "$T/k24" || fail "capability did not change on the frozen network"

run -o "$T/ba.h5" --set network.informal.generator=barabasi_albert || fail "BA run"
set -- $(row "$T/ba.h5" 0)
[ $# -eq 7 ] || fail "ba: expected 7 network figures, found: $*"
awk -v s="$6" -v m="$7" 'BEGIN { exit !(s > 2 && m > 50) }' || fail "BA degree skew $6 max $7"

run -o "$T/er.h5" --set network.informal.generator=erdos_renyi || fail "ER run"
set -- $(row "$T/er.h5" 0)
[ $# -eq 7 ] || fail "er: expected 7 network figures, found: $*"
awk -v d="$1" -v c="$3" 'BEGIN { exit !(c < 5 * d) }' || fail "ER clustering $3 vs density $1"

# The baseline's small world clusters far more than ER at the same density.
run -o "$T/sw.h5" || fail "small world run"
set -- $(row "$T/sw.h5" 0)
[ $# -eq 7 ] || fail "sw: expected 7 network figures, found: $*"
awk -v d="$1" -v c="$3" 'BEGIN { exit !(c > 100 * d) }' || fail "SW clustering $3"
# Edge list named in a scenario, relative to the scenario file: the network
# is exactly the listed ties (ids 0..9 are the first agents).
mkdir -p "$T/el"
printf '# a triangle and a tail\n0 1\n1 2\n2 0\n3 4\n' >"$T/el/ties.txt"
printf 'run: {steps: 2, network_every: 1}\nnetwork:\n  frozen: true\n  informal: {generator: edge_list, edge_file: ties.txt}\n' >"$T/el/s.yaml"
"$RICSIM_BIN" run "$T/el/s.yaml" -q -o "$T/el.h5" || fail "edge-list run"
set -- $(row "$T/el.h5" 0)
awk -v m="$2" -v x="$7" 'BEGIN { exit !(m > 0 && x == 2) }' || fail "edge list: $*"
d=$(values "$T/el.h5" /observables/density_informal/value 0 1)
# Agents: firms + intermediaries + the 28 universities and 21 institutes.
f=$(values "$T/el.h5" /observables/economy/value 0,0 1,1)
i=$(values "$T/el.h5" /observables/economy/value 0,7 1,1)
awk -v d="$d" -v n="$f" -v i="$i" \
    'BEGIN { n += i + 49; e = 4 / (n * (n - 1) / 2); exit !(d > 0.999 * e && d < 1.001 * e) }' ||
    fail "edge list density $d"
printf '0 1\n1 99999999\n' >"$T/el/bad.txt"
expect_fail 3 "bad.txt:2" "$RICSIM_BIN" run "$T/el/s.yaml" -o "$T/elbad.h5" \
    --set network.informal.edge_file="$T/el/bad.txt"
expect_fail 3 "edge_file is not set" "$RICSIM_BIN" run "$BASE" -o "$T/elbad.h5" \
    --set network.informal.generator=edge_list
expect_fail 3 "ring lattice needs an even integer, found 7" "$RICSIM_BIN" run "$BASE" \
    -o "$T/bad.h5" --set network.informal.generator=ring_lattice \
    --set network.informal.mean_degree=7
exit 0
