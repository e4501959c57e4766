# Every scenario of scenarios/ runs (short horizon, small world, its
# interventions from step 5) and moves the outcomes its intervention acts on
# in the direction the model says, against the baseline with the same seeds
# (paired): the difference must be positive in every one of R replications
# (a one-sided sign test at p = 1/2^R; R = 5: p = 0.03).
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
R=5
S=30
SMALL="--steps $S --set world.scale=0.02"
run_scenario() { # name: ensemble of scenarios/name.yaml with its interventions from step 5
    f="$RICSIM_SOURCE_DIR/scenarios/$1.yaml"
    n=$(grep -c -- '- type:' "$f")
    sets=""
    k=0
    while [ "$k" -lt "$n" ]; do
        sets="$sets --set interventions.$k.start=5"
        k=$((k + 1))
    done
    # shellcheck disable=SC2086
    "$RICSIM_BIN" ensemble "$f" -q -o "$T/$1" -r $R $SMALL $sets || fail "scenario $1 did not run"
}
final() { # dir replication series column: the value at the last step
    values "$T/$1/runs/p0000_r000$2.h5" "/observables/$3/value" "$S,$4" "1,1"
}
final1() { # the same for a 1-D series
    values "$T/$1/runs/p0000_r000$2.h5" "/observables/$3/value" "$S" "1"
}
higher() { # scenario series column|- : higher than the baseline in every replication
    r=0
    while [ "$r" -lt "$R" ]; do
        if [ "$3" = - ]; then
            a=$(final1 "$1" "$r" "$2") b=$(final1 baseline "$r" "$2")
        else
            a=$(final "$1" "$r" "$2" "$3") b=$(final baseline "$r" "$2" "$3")
        fi
        awk -v a="$a" -v b="$b" 'BEGIN { exit !(a > b) }' ||
            fail "$1: $2[$3] not above the baseline in replication $r ($a vs $b)"
        r=$((r + 1))
    done
}
run_scenario baseline
for s in "$RICSIM_SOURCE_DIR"/scenarios/*.yaml; do
    name=$(basename "$s" .yaml)
    # targets.yaml is the calibration targets, not a scenario
    [ "$name" = baseline ] || [ "$name" = targets ] || run_scenario "$name"
done
# capability_mean column 0: firms; innovating_share column 1: SMEs;
# brokerage column 1: services, column 4: lead users.
higher infrastructure capability_mean 0
higher rd_subsidy innovating_share 1
higher intermediary_capacity brokerage 1
higher differentiated_support brokerage 1
higher lead_users brokerage 4
higher lead_users density_informal -
higher user_groups density_informal -
higher cluster_council density_informal -
higher cluster_council density_formal -
higher people_exchange density_informal -
higher hub_information capability_mean 0
higher combo_networks density_informal -
higher combo_kisti capability_mean 0
higher combo_kisti brokerage 1
# Spend: each scenario spends its whole budget (7.5e11 won, national) x
# world.scale (0.02) over the active steps.
for name in infrastructure rd_subsidy combo_networks; do
    n=$(grep -c -- '- type:' "$RICSIM_SOURCE_DIR/scenarios/$name.yaml")
    c=$(values "$T/$name/runs/p0000_r0000.h5" /observables/spend/value "$S,0" "1,$((n + 2))" | tail -1)
    awk -v c="$c" 'BEGIN { exit !(c > 1.5e10 * (1 - 1e-9) && c < 1.5e10 * (1 + 1e-9)) }' ||
        fail "$name spent $c, not 1.5e10"
done
exit 0
