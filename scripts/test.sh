#!/bin/sh
# Quick start 2: install dependencies, build, run the test suite (ctest).
# Extra arguments go to ctest, e.g. -L unit, or -L validation for long runs.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh
cd build
# Long validation runs are left out unless labels are asked for explicitly.
if [ $# -eq 0 ]; then set -- -LE validation; fi
ctest --output-on-failure -j "$(nproc)" "$@"
