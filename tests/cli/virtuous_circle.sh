# The virtuous circle (seed s.4; docs/model.md 7.12): support organisations
# and spin-offs grow where innovative firms are dense. Innovating firms ask
# for services (a recent innovation to bring to market), intermediaries enter
# where demand exceeds their capacity, and the support density raises entry.
# Against a knock-out of the loop (intermediaries.entry=0: no demand-led
# intermediaries) with the same seeds, in every replication:
#  - the most innovative region (the capital) gains the most intermediaries
#    relative to its start, and
#  - every region has more entries with the loop than without it.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
R=3
S=240
SMALL="--steps $S -r $R -q"
# shellcheck disable=SC2086
{
    "$RICSIM_BIN" ensemble "$BASE" -o "$T/on" $SMALL &&
        "$RICSIM_BIN" ensemble "$BASE" -o "$T/off" $SMALL --set intermediaries.entry=0
} || fail "ensembles"
# regions columns: innovating.r0..r4 (0-4), firms (5-9), intermediaries
# (10-14), entries since the start (15-19).
row() { # dir replication step: the 20 figures of that step
    values "$T/$1/runs/p0000_r000$2.h5" /observables/regions/value "$3,0" 1,20 | tr '\n' ' '
}
r=0
while [ "$r" -lt "$R" ]; do
    on0=$(row on "$r" 0) on=$(row on "$r" "$S") off=$(row off "$r" "$S")
    echo "$on0 | $on | $off" | awk -v r="$r" '{
        split($0, part, "|"); split(part[1], a); split(part[2], b); split(part[3], c)
        for (k = 2; k <= 5; k++) if (b[1] <= b[k]) { print "capital not the most innovative"; exit 1 }
        g0 = b[11] / a[11]
        for (k = 12; k <= 15; k++) if (b[k] / a[k] >= g0) {
            printf "region %d gained as many intermediaries as the capital (%g vs %g)\n", k - 11, b[k] / a[k], g0
            exit 1 }
        for (k = 16; k <= 20; k++) if (b[k] <= c[k]) {
            printf "region %d: %d entries with the loop, %d without\n", k - 16, b[k], c[k]; exit 1 }
    }' >"$T/why.txt" || fail "replication $r: $(cat "$T/why.txt")"
    r=$((r + 1))
done
exit 0
