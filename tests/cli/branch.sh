# Policy branching from a shared warm-up with common random numbers: the
# baseline branched at step 20 equals the uninterrupted baseline from there
# on; an intervention branched from the same warm-up starts from the same
# state and is compared paired; bad warm-ups are refused.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
SMALL="--set world.scale=0.02 -q"
SC="$RICSIM_SOURCE_DIR/scenarios"
# shellcheck disable=SC2086
{
    "$RICSIM_BIN" ensemble "$BASE" -o "$T/warm" -r 3 --steps 20 --checkpoint-every 20 $SMALL &&
        "$RICSIM_BIN" ensemble "$BASE" -o "$T/base" -r 3 --steps 40 --warmup "$T/warm" $SMALL &&
        "$RICSIM_BIN" ensemble "$BASE" -o "$T/full" -r 3 --steps 40 $SMALL &&
        "$RICSIM_BIN" ensemble "$SC/lead_users.yaml" -o "$T/lead" -r 3 --steps 40 \
            --warmup "$T/warm" --set interventions.0.start=20 $SMALL
} || fail "ensembles"
for r in 0 1 2; do
    b="$T/base/runs/p0000_r000$r.h5" f="$T/full/runs/p0000_r000$r.h5"
    l="$T/lead/runs/p0000_r000$r.h5"
    [ "$(values "$b" /observables/capability_mean/step 0 1)" = 20 ] || fail "branch starts at 20"
    for s in capability_mean capability_by_size innovating_share; do
        [ "$(values "$b" /observables/$s/value 20,0 1,4)" = "$(values "$f" /observables/$s/value 40,0 1,4)" ] ||
            fail "replication $r: branched baseline differs from the full run at step 40 ($s)"
    done
    [ "$(values "$b" /observables/capability_mean/value 0,0 1,4)" = "$(values "$l" /observables/capability_mean/value 0,0 1,4)" ] ||
        fail "replication $r: the intervention branch does not start from the warm-up state"
    [ "$(values "$b" /observables/density_informal/value 20 1)" != "$(values "$l" /observables/density_informal/value 20 1)" ] ||
        fail "replication $r: the intervention changed nothing"
done
# Same warm-up: the comparison is paired.
"$RICSIM_BIN" compare -b "$T/base" "$T/lead" -f csv >"$T/cmp.csv" || fail "compare"
awk -F, '$2 == "ties_informal" && $4 == "lead" && $17 == "paired t" { ok = 1 } END { exit !ok }' \
    "$T/cmp.csv" || fail "not paired"
# Branched from another warm-up (other seeds) with the same master seed: the
# runs share no random numbers, so not paired, whatever their recorded seeds.
# shellcheck disable=SC2086
{
    "$RICSIM_BIN" ensemble "$BASE" -o "$T/warm2" -r 3 --steps 20 --checkpoint-every 20 --seed 2 $SMALL &&
        "$RICSIM_BIN" ensemble "$SC/lead_users.yaml" -o "$T/lead2" -r 3 --steps 40 \
            --warmup "$T/warm2" --set interventions.0.start=20 $SMALL
} || fail "second warm-up"
"$RICSIM_BIN" compare -b "$T/base" "$T/lead2" -f csv >"$T/cmp2.csv" || fail "compare 2"
awk -F, '$4 == "lead2" && $17 == "paired t" { bad = 1 } $4 == "lead2" && $17 == "Welch t" { ok = 1 }
    END { exit bad || !ok }' "$T/cmp2.csv" || fail "branches of two warm-ups labelled paired"
# Not branched vs branched: not paired either.
"$RICSIM_BIN" compare -b "$T/full" "$T/lead" -f csv >"$T/cmp3.csv" || fail "compare 3"
awk -F, '$4 == "lead" && $17 == "paired t" { bad = 1 } END { exit bad }' "$T/cmp3.csv" ||
    fail "a branch and a run from step 0 labelled paired"
# Refusals: a warm-up of another world, a missing one, a run past its end.
"$RICSIM_BIN" run "$BASE" -o "$T/d8.h5" --steps 5 --checkpoint-every 5 --set world.domains=8 \
    $SMALL || fail "8-domain run"
expect_fail 3 "8 domains" "$RICSIM_BIN" run "$BASE" -o "$T/x.h5" --steps 10 \
    --set run.warmup="$T/d8.h5.ckpt.h5" $SMALL
expect_fail 3 "No such file" "$RICSIM_BIN" run "$BASE" -o "$T/x.h5" --steps 10 \
    --set run.warmup="$T/nowhere.ckpt.h5" $SMALL
expect_fail 3 "at step 20, run.steps is 20" "$RICSIM_BIN" run "$BASE" -o "$T/x.h5" --steps 20 \
    --set run.warmup="$T/warm/runs/p0000_r0000.h5.ckpt.h5" $SMALL
exit 0
