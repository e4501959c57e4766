#!/bin/sh
# Builds the libFuzzer harnesses (clang, ASan + UBSan) in build-fuzz and runs
# each for SECONDS (default 15) from its committed seed corpus (fuzz/corpus;
# new inputs go to a scratch copy). A crash fails with libFuzzer's report and
# the input left in build-fuzz/fuzz/. Usage: sh fuzz/run.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-15}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRICSIM_FUZZ=ON \
    -DRICSIM_SANITIZE=address,undefined -DRICSIM_BUILD_TESTS=OFF -DRICSIM_BUILD_BENCH=OFF \
    >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
export LSAN_OPTIONS="suppressions=$PWD/tests/corpus/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# HDF5 1.10 asks for absurd sizes when damaged metadata says so, and handles
# the NULL it gets: an allocation failure, not a memory error.
export ASAN_OPTIONS="allocator_may_return_null=1"
for h in scenario edgelist ckpt h5read; do
    work=build-fuzz/fuzz/corpus-$h
    rm -rf "$work" && mkdir -p "$work"
    cp fuzz/corpus/$h/* "$work/"
    dict=""
    [ -f fuzz/$h.dict ] && dict="-dict=fuzz/$h.dict"
    echo "fuzz: $h for ${secs}s"
    log=build-fuzz/fuzz/$h.log
    # shellcheck disable=SC2086
    if ! (cd build-fuzz/fuzz && ./fuzz_$h -max_total_time="$secs" -max_len=262144 \
        -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 $dict "corpus-$h") >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz: $h failed (input saved in build-fuzz/fuzz/)" >&2
        exit 1
    fi
    grep "stat::number_of_executed_units\|stat::new_units_added" "$log"
done
