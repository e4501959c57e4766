# The baseline scenario as shipped runs to completion; the output has the
# documented layout and its observables are in range.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
"$RICSIM_BIN" run "$BASE" -o "$T/base.h5" -q || fail "baseline run"
[ "$(status_of "$T/base.h5")" = complete ] || fail "baseline not complete"
for p in /h5md /h5md/creator /parameters/scenario /parameters/seed \
    /observables/capability_mean/step /observables/capability_mean/value \
    /observables/density_formal/value /observables/density_informal/value; do
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
exit 0
