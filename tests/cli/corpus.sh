# Damaged and foreign files (tests/corpus/make_corpus.py: every dataset with
# the wrong type, rank and shape, missing objects, truncations, bit flips)
# fed to --restart, run.warmup, summary, compare, plot and report: no crash
# (no signal, no sanitizer report), and every refusal exits 3 with a reason.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
PY=/usr/bin/python3
# Under LeakSanitizer: HDF5's own leaks on damaged input are not ricsim's.
LSAN_OPTIONS="suppressions=$RICSIM_SOURCE_DIR/tests/corpus/lsan.supp:print_suppressions=0"
export LSAN_OPTIONS
# HDF5 asks for absurd sizes on some damaged headers and handles the NULL.
ASAN_OPTIONS="allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
$PY -c "import h5py" 2>/dev/null || exit 77
SET="--set world.scale=0.004 --set world.regions=2 --set run.snapshot_every=2"
# shellcheck disable=SC2086
"$RICSIM_BIN" run "$BASE" -q $SET -o "$T/r.h5" --steps 4 --checkpoint-every 2 ||
    fail "seed run"
# shellcheck disable=SC2086
"$RICSIM_BIN" ensemble "$BASE" -o "$T/ens" -r 2 --steps 3 $SET >/dev/null || fail "ensemble"
mkdir -p "$T/c" "$T/r" "$T/i"
$PY "$RICSIM_SOURCE_DIR/tests/corpus/make_corpus.py" checkpoint "$T/r.h5.ckpt.prev.h5" "$T/c" \
    >/dev/null || fail "corpus (checkpoints)"
# Runs and indexes: what summary, compare, plot and report read.
$PY "$RICSIM_SOURCE_DIR/tests/corpus/make_corpus.py" run "$T/ens/runs/p0000_r0000.h5" "$T/r" \
    run_status parameters/s parameters/replication observables/capability_mean \
    observables/density_formal observables/demography observables/spend events/entry \
    >/dev/null || fail "corpus (runs)"
$PY "$RICSIM_SOURCE_DIR/tests/corpus/make_corpus.py" index "$T/ens/ensemble.h5" "$T/i" \
    run_status runs/file runs/status runs/point runs/seed statistics/density_formal/mean \
    statistics/density_formal/ci statistics/density_formal/step >/dev/null ||
    fail "corpus (indexes)"
total=0 refused=0 accepted=0
# must FILE CLASS: whether a damaged FILE has to be refused by a command that
# reads the objects of CLASS (a flip in data never read, a value that is in
# range, or a series a run may lack are fine to accept).
must() {
    b=${1##*/}
    case $b in *_cut[0-9]*.h5 | *_text.h5 | *_empty.h5 | *_foreign.h5) return 0 ;; esac
    case $2 in
    ckpt) case $b in *_type_* | *_rank_* | *_shape_* | *_gone_* | *_num_* | *_vlen_* | \
        *_nogroup_* | *_nan_*) return 0 ;; esac ;;
    run) case $b in *_nogroup_*) return 1 ;; esac
        case $b in *_type_* | *_rank_* | *_shape_* | *_gone_* | *_num_* | *_vlen_*)
            case $b in *capability_mean.* | *density_formal.* | *run_status*) return 0 ;; esac ;;
        esac ;;
    index) case $b in *_type_runs.* | *_rank_runs.* | *_shape_runs.* | *_gone_runs.* | \
        *_nogroup_runs.* | *_num_runs.* | *_vlen_runs.*) return 0 ;; esac ;;
    esac
    return 1
}
# check CLASS LABEL CMD...: no crash; exit 0, or 3 with a message naming a
# file; exit 3 for a damage CLASS says the command must see.
check() {
    class=$1 label=$2
    shift 2
    "$@" >/dev/null 2>"$T/err.txt"
    rc=$?
    total=$((total + 1))
    if grep -q "AddressSanitizer\|runtime error\|LeakSanitizer" "$T/err.txt" || [ "$rc" -ge 128 ]; then
        fail "$label: crashed (exit $rc): $(head -c 600 "$T/err.txt")"
    fi
    case $rc in
    0)
        accepted=$((accepted + 1))
        ! must "$label" "$class" || fail "$label: accepted, should be refused"
        ;;
    3)
        refused=$((refused + 1))
        grep -q "\.h5" "$T/err.txt" || fail "$label: refused without naming the file: $(cat "$T/err.txt")"
        ;;
    *) fail "$label: exit $rc (expected 0 or 3): $(cat "$T/err.txt")" ;;
    esac
}
for f in "$T"/c/*.h5; do
    cp "$T/r.h5" "$T/r.keep" 2>/dev/null
    check ckpt "$f" "$RICSIM_BIN" run -q --restart "$f"
    mv "$T/r.keep" "$T/r.h5"
done
n=0
for f in "$T"/c/*.h5; do # run.warmup reads the same files; every eighth
    n=$((n + 1))
    [ $((n % 8)) -eq 0 ] || continue
    # shellcheck disable=SC2086
    check ckpt "$f" "$RICSIM_BIN" run "$BASE" -q $SET --steps 4 --set "run.warmup=$f" \
        -o "$T/w.h5" --force
done
for f in "$T"/r/*.h5; do
    check run "$f" "$RICSIM_BIN" summary "$f"
    rm -rf "$T/e" && cp -r "$T/ens" "$T/e" && cp "$f" "$T/e/runs/p0000_r0000.h5"
    check run "$f" "$RICSIM_BIN" compare -b "$T/e"
done
n=0
for f in "$T"/i/*.h5; do
    n=$((n + 1))
    rm -f "$T/ens/ensemble.h5" && cp "$f" "$T/ens/ensemble.h5"
    check index "$f" "$RICSIM_BIN" summary "$T/ens"
    check index "$f" "$RICSIM_BIN" compare -b "$T/ens"
    [ $((n % 3)) -eq 0 ] || continue
    check none "$f" "$RICSIM_BIN" plot "$T/ens" -o "$T/plots"
    check none "$f" "$RICSIM_BIN" report --baseline "$T/ens" -o "$T/rep.html"
done
echo "corpus: $total runs of ricsim, $refused refused (exit 3), $accepted accepted, 0 crashes"
[ "$total" -ge 300 ] || fail "corpus too small ($total)"
