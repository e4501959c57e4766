#!/bin/sh
# Builds the libFuzzer harnesses (clang, ASan + UBSan) in build-fuzz and runs
# each from its committed seed corpus (fuzz/corpus; new inputs go to a scratch
# copy). A crash fails with libFuzzer's report and the input left in
# build-fuzz/fuzz/.
#   sh fuzz/run.sh            CI: a fixed number of runs from a fixed seed
#                             (deterministic, about a minute in all)
#   sh fuzz/run.sh SECONDS    exploration: SECONDS per harness, random seed
# fuzz/hdf5-known/ holds inputs that crash inside HDF5 1.10.8 itself (see
# its README); exploration can find more of those.
set -eu
cd "$(dirname "$0")/.."
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRICSIM_FUZZ=ON \
    -DRICSIM_SANITIZE=address,undefined -DRICSIM_BUILD_TESTS=OFF -DRICSIM_BUILD_BENCH=OFF \
    >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
export LSAN_OPTIONS="suppressions=$PWD/tests/corpus/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# HDF5 1.10 asks for absurd sizes when damaged metadata says so, and handles
# the NULL it gets: an allocation failure, not a memory error.
export ASAN_OPTIONS="allocator_may_return_null=1:malloc_limit_mb=4096"
for h in scenario edgelist ckpt h5read; do
    case $h in
    scenario) runs=20000 ;;
    edgelist) runs=60000 ;;
    ckpt) runs=2500 ;;
    h5read) runs=6000 ;;
    esac
    if [ $# -ge 1 ]; then
        budget="-max_total_time=$1"
    else
        budget="-runs=$runs -seed=1"
    fi
    work=build-fuzz/fuzz/corpus-$h
    rm -rf "$work" && mkdir -p "$work"
    cp fuzz/corpus/$h/* "$work/"
    echo "fuzz: $h ($budget)"
    log=build-fuzz/fuzz/$h.log
    # shellcheck disable=SC2086
    if ! (cd build-fuzz/fuzz && ./fuzz_$h $budget -max_len=262144 -timeout=20 \
        -rss_limit_mb=3072 -print_final_stats=1 "corpus-$h") >"$log" 2>&1; then
        grep -v "failed to allocate" "$log" | tail -n 60
        echo "fuzz: $h failed (input saved in build-fuzz/fuzz/)" >&2
        exit 1
    fi
    grep "stat::number_of_executed_units\|stat::new_units_added" "$log"
done
