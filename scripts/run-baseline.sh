#!/bin/sh
# Quick start 1: install dependencies, build, run the baseline scenario.
# Output: out/baseline.h5 (replaced if it exists).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh
mkdir -p out
./build/ricsim run scenarios/baseline.yaml -o out/baseline.h5 --force
echo "the program is ./build/ricsim; next: ./build/ricsim demo --scenario lead_users"
echo "(or put it on PATH: export PATH=\"\$PWD/build:\$PATH\", or cmake --install build; README)"
