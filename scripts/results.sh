#!/bin/sh
# Regenerates the measurements of docs/results.md: every single-intervention
# scenario of scenarios/ and the two packages at the same national budget,
# R replications each (default 10), branched from one warm-up ensemble of the
# baseline at the policy date (step 240), so run r of every scenario shares
# its world and random numbers with run r of the baseline until the
# intervention changes the course of events (paired differences). Prints the
# comparison as Markdown.
#   sh scripts/results.sh [OUTDIR]        (R=20 sh scripts/results.sh for more)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/build/ricsim"
OUT=${1:-equal}
R=${R:-10}
SCEN="baseline infrastructure rd_subsidy intermediary_capacity differentiated_support
lead_users user_groups cluster_council people_exchange hub_information combo_networks
combo_kisti"
mkdir -p "$OUT"
"$B" ensemble "$ROOT/scenarios/baseline.yaml" -o "$OUT/warm" -r "$R" --steps 240 \
    --checkpoint-every 240 -q
for s in $SCEN; do
    "$B" ensemble "$ROOT/scenarios/$s.yaml" -o "$OUT/$s" -r "$R" --warmup "$OUT/warm" -q
done
cd "$OUT"
# shellcheck disable=SC2086
"$B" compare --baseline $SCEN -f markdown
