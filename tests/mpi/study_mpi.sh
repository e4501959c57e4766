# Sensitivity and calibration over MPI ranks (an MPI build only): mpirun -np 2
# gives the same run files, the same indices and the same fit as one process;
# only rank 0 writes results.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
MPIEXEC=${MPIEXEC:-mpirun}
command -v "$MPIEXEC" >/dev/null 2>&1 || { echo "no mpirun: skipped"; exit 77; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
cat >"$T/s.yaml" <<EOT
base: $BASE
firms:
  count: 200
EOT
P="--param innovation.rate:0.01:0.05 --param exchange.optimal_distance:0.2:0.6"
S="$P --steps 24 -r 2 --trajectories 3 --bootstrap 100 --output sme=innovating_share.sme:at"
# shellcheck disable=SC2086
"$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/one" $S -q -j 2 --format csv >"$T/one.csv" ||
    fail "single process"
# shellcheck disable=SC2086
"$MPIEXEC" -np 2 --oversubscribe "$RICSIM_BIN" sensitivity "$T/s.yaml" -o "$T/two" $S -q \
    --format csv >"$T/two.csv" || fail "mpirun -np 2 sensitivity"
cmp "$T/one.csv" "$T/two.csv" || fail "indices differ: $(cat "$T/one.csv" "$T/two.csv")"
for f in "$T"/one/runs/*.h5; do
    cmp "$f" "$T/two/runs/$(basename "$f")" || fail "$(basename "$f") differs"
done

"$RICSIM_BIN" ensemble "$T/s.yaml" -o "$T/truth" -r 2 --steps 24 --seed 7 -q \
    --set innovation.rate=0.03 || fail "truth"
cat >"$T/t.yaml" <<EOT
targets:
  - name: sme
    observable: innovating_share
    column: sme
    statistic: at
    value: 0
    tolerance: 0.03
EOT
"$RICSIM_BIN" calibrate --targets "$T/t.yaml" --make-targets "$T/twin.yaml" "$T"/truth/runs/*.h5 ||
    fail "make targets"
C="--param innovation.rate:0.01:0.05 --steps 24 -r 2 --points 6 --evals 6 --confirm 4 -q"
# shellcheck disable=SC2086
"$RICSIM_BIN" calibrate "$T/s.yaml" --targets "$T/twin.yaml" -o "$T/c1" $C -j 2 >"$T/c1.txt" ||
    fail "calibrate, one process"
# shellcheck disable=SC2086
"$MPIEXEC" -np 2 --oversubscribe "$RICSIM_BIN" calibrate "$T/s.yaml" --targets "$T/twin.yaml" \
    -o "$T/c2" $C >"$T/c2.txt" || fail "mpirun -np 2 calibrate"
cmp "$T/c1.txt" "$T/c2.txt" || fail "fit differs: $(cat "$T/c1.txt" "$T/c2.txt")"
cmp "$T/c1/trace.tsv" "$T/c2/trace.tsv" || fail "search path differs"
exit 0
