# The baseline scenario as shipped runs to completion; the output has the
# documented layout and its observables are in range.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
"$RICSIM_BIN" run "$BASE" -o "$T/base.h5" -q || fail "baseline run"
[ "$(status_of "$T/base.h5")" = complete ] || fail "baseline not complete"
for p in /h5md /h5md/creator /parameters/scenario /parameters/seed \
    /observables/capability_mean/step /observables/capability_mean/value \
    /observables/density_formal/value /observables/density_informal/value \
    /observables/network_formal/value /observables/network_informal/value; do
    h5ls "$T/base.h5$p" >/dev/null 2>&1 || fail "missing $p"
done
h5dump -a /h5md/version "$T/base.h5" | grep -q "1, 1" || fail "/h5md version"
h5dump -a /h5md/creator/name "$T/base.h5" | grep -q '"ricsim"' || fail "creator name"
# The scenario text is stored verbatim.
h5dump -d /parameters/scenario "$T/base.h5" | grep -q "optimal_distance" || fail "scenario text"
# Densities lie in [0, 1]; 241 rows (steps 0..240).
h5dump -y -d /observables/density_informal/value "$T/base.h5" |
    tr ',' '\n' | awk 'NF && $1+0==$1 { n++; if ($1 < 0 || $1 > 1) bad++ }
        END { exit !(n == 241 && bad == 0) }' || fail "density rows or range"
# Network statistics every 24 steps: 11 rows (0, 24, ..., 240) of 7 columns.
h5ls "$T/base.h5/observables/network_informal/value" | grep -q "{11/Inf, 7}" ||
    fail "network_informal shape"
# Innovating share: large firms above SMEs at the end of the run.
h5dump -y -d /observables/innovating_share/value -s 240,0 -c 1,4 "$T/base.h5" |
    awk -F', *' '/^ *[0-9]/ { gsub(/ /, ""); l = $1; s = $2 }
        END { exit !(l > s && s > 0 && l <= 1) }' || fail "innovating share large vs SME"
# The informal layer: a giant component holds most agents, and clustering is
# far above an Erdos-Renyi graph of the same density (where it equals density).
h5dump -y -d /observables/network_informal/value -s 10,0 -c 1,7 "$T/base.h5" |
    awk -F', *' '/^ *[0-9]/ { gsub(/ /, ""); d = $1; c = $3; g = $5 }
        END { exit !(g > 0.5 && c > 20 * d) }' || fail "informal layer structure"
exit 0
