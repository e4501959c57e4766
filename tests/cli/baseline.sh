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
# Densities lie in [0, 1]; 481 rows (steps 0..480).
h5dump -y -d /observables/density_informal/value "$T/base.h5" |
    tr ',' '\n' | awk 'NF && $1+0==$1 { n++; if ($1 < 0 || $1 > 1) bad++ }
        END { exit !(n == 481 && bad == 0) }' || fail "density rows or range"
# Network statistics every 24 steps: 21 rows (0, 24, ..., 480) of 7 columns.
h5ls "$T/base.h5/observables/network_informal/value" | grep -q "{21/Inf, 7}" ||
    fail "network_informal shape"
# Capability statistics: 5 figures (mean, sd, q10, q50, q90) per group; the
# capital region (0) stays ahead of region 1; q10 <= q50 <= q90.
h5ls "$T/base.h5/observables/capability_by_region/value" | grep -q "{481/Inf, 25}" ||
    fail "capability_by_region shape"
h5ls "$T/base.h5/observables/capability_by_size/value" | grep -q "{481/Inf, 15}" ||
    fail "capability_by_size shape"
set -- $(values "$T/base.h5" /observables/capability_by_region/value 480,0 1,10)
[ $# -eq 10 ] || fail "region stats: $*"
awk -v m0="$1" -v q10="$3" -v q50="$4" -v q90="$5" -v m1="$6" \
    'BEGIN { exit !(m0 > m1 && q10 <= q50 && q50 <= q90) }' || fail "region stats: $*"
# Demography: spin-offs enter, firms that run out of resources exit, and the
# firm count equals initial firms + entries - exits.
set -- $(values "$T/base.h5" /observables/demography/value 480,0 1,3)
[ $# -eq 3 ] || fail "demography row: $*"
f0=$(values "$T/base.h5" /observables/demography/value 0,2 1,1)
awk -v e="$1" -v x="$2" -v f="$3" -v f0="$f0" 'BEGIN { exit !(e > 0 && x > 0 && f == f0 + e - x) }' ||
    fail "demography: $*"
# Innovating share: large firms above SMEs at the end of the run.
set -- $(values "$T/base.h5" /observables/innovating_share/value 480,0 1,4)
[ $# -eq 4 ] || fail "innovating share row: $*"
awk -v l="$1" -v s="$2" 'BEGIN { exit !(l > s && s > 0 && l <= 1) }' ||
    fail "innovating share large vs SME: $*"
# The informal layer: a giant component holds most agents, and clustering is
# far above an Erdos-Renyi graph of the same density (where it equals density).
set -- $(values "$T/base.h5" /observables/network_informal/value 10,0 1,7)
[ $# -eq 7 ] || fail "network row: $*"
awk -v d="$1" -v c="$3" -v g="$5" -v s="$6" 'BEGIN { exit !(g > 0.5 && c > 20 * d && s > 1) }' ||
    fail "informal layer structure (giant, clustering, right skew): $*"
# Stage counts add up to the firms; R&D concentration is a share.
set -- $(values "$T/base.h5" /observables/stage_counts/value 480,0 1,3)
f=$(values "$T/base.h5" /observables/demography/value 480,2 1,1)
awk -v a="$1" -v b="$2" -v c="$3" -v f="$f" 'BEGIN { exit !(a + b + c == f) }' ||
    fail "stage counts $* vs firms $f"
set -- $(values "$T/base.h5" /observables/rd_concentration/value 480,0 1,3)
awk -v t="$1" -v m="$2" 'BEGIN { exit !(t > 0 && t <= 1 && m > 0 && m <= 1) }' ||
    fail "top-5 R&D shares: $*"
# Brokerage: services never exceed requests or capacity, and there are some.
set -- $(values "$T/base.h5" /observables/brokerage/value 1,0 1,5)
awk -v r="$1" -v s="$2" -v u="$4" 'BEGIN { exit !(s > 0 && s <= r && u > 0 && u <= 1) }' ||
    fail "brokerage: $*"
# Event tables: as many exit rows as exits, entry rows as entries, and
# innovation rows as the innovations series counts.
set -- $(values "$T/base.h5" /observables/demography/value 480,0 1,2)
h5ls "$T/base.h5/events/entry" | grep -q "{$1/Inf, 5}" || fail "entry table: $1 rows expected"
h5ls "$T/base.h5/events/exit" | grep -q "{$2/Inf, 5}" || fail "exit table: $2 rows expected"
n=$(h5dump -A 0 -y -d /observables/innovations/value "$T/base.h5" | sed -n '/DATA {/,/}/p' |
    sed '1d;$d' | tr ',' '\n' | awk 'NF { s += $1 } END { print s }')
h5ls "$T/base.h5/events/innovation" | grep -q "{$n/Inf, 5}" || fail "innovation table: $n rows"
exit 0
