#!/bin/sh
# Configures and builds ricsim in ./build (Release). Extra arguments go to cmake.
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"
