#!/bin/sh
# Installs the Debian 12 packages ricsim builds and tests with (gnuplot-nox
# draws the plots; python3-h5py runs the Python reading examples, python3-pandas
# load_ensemble() (python/ricsim.py); python3-openturns cross-checks the Sobol
# estimators; chromium renders the HTML report headless in a test; clang builds the
# libFuzzer harnesses, fuzz/run.sh; zlib1g-dev checks compressed chunks). Idempotent: packages
# already present are left alone, so a second run is quick.
set -eu
PKGS="build-essential cmake pkg-config libgsl-dev libhdf5-dev hdf5-tools \
libyaml-dev librandom123-dev libigraph-dev gnuplot-nox python3-h5py python3-openturns \
python3-pandas chromium clang zlib1g-dev"
if [ "${RICSIM_WITH_MPI:-0}" = 1 ]; then
  PKGS="$PKGS libopenmpi-dev openmpi-bin"
fi
if [ -n "${RICSIM_EXTRA_PKGS:-}" ]; then
  PKGS="$PKGS $RICSIM_EXTRA_PKGS"
fi
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  echo "install-deps: all packages present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
