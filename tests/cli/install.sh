# Installed like software: `cmake --install` into a temporary prefix, then
# demo, run and keys from another directory with the installed binary (also
# through a symlink on PATH, and after moving the whole tree); the Debian
# package from CPack, unpacked with dpkg-deb -x and run from there. The
# binary must find its own scenarios (PREFIX/share/ricsim), not the source
# tree's.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
: "${RICSIM_BUILD_DIR:?}"
SMALL="--steps 12 --set world.scale=0.01"

cmake --install "$RICSIM_BUILD_DIR" --prefix "$T/prefix" >"$T/install.txt" 2>&1 ||
    fail "cmake --install: $(tail -5 "$T/install.txt")"
P=$T/prefix
for f in bin/ricsim share/ricsim/scenarios/baseline.yaml share/ricsim/scenarios/lead_users.yaml \
    share/ricsim/scenarios/targets.yaml share/ricsim/scenarios/studies/calibration.yaml \
    share/ricsim/python/ricsim.py share/man/man1/ricsim.1 \
    share/bash-completion/completions/ricsim share/doc/ricsim/README.md \
    share/doc/ricsim/python.md share/doc/ricsim/model.md; do
    [ -f "$P/$f" ] || fail "not installed: $f"
done
# The man page has every command's section, and renders.
for c in run ensemble compare export summary plot report demo sensitivity calibrate keys; do
    grep -q "^\.SS ricsim $c\$" "$P/share/man/man1/ricsim.1" || fail "man page: no section $c"
done
if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 "$P/share/man/man1/ricsim.1" 2>"$T/groff.txt" | grep -q "ricsim export" ||
        fail "man page does not render: $(cat "$T/groff.txt")"
fi
# The completion script loads in bash and completes commands and options.
if command -v bash >/dev/null 2>&1; then
    out=$(PATH="$P/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(ricsim ens); COMP_CWORD=1; _ricsim
        echo "${COMPREPLY[*]}"; COMP_WORDS=(ricsim run --thr); COMP_CWORD=2; _ricsim
        echo "${COMPREPLY[*]}"; COMP_WORDS=(ricsim run --set firms.cou); COMP_CWORD=3; _ricsim
        echo "${COMPREPLY[*]}"' sh "$P/share/bash-completion/completions/ricsim")
    echo "$out" | grep -qx "ensemble" || fail "completion of 'ens': $out"
    echo "$out" | grep -qx -- "--threads" || fail "completion of 'run --thr': $out"
    echo "$out" | grep -qx -- "firms.count=" || fail "completion of --set firms.cou: $out"
fi

# From another directory, by name (no scenarios/ here).
mkdir -p "$T/elsewhere"
cd "$T/elsewhere" || fail "cd"
"$P/bin/ricsim" keys firms >keys.txt || fail "installed keys"
grep -q "^firms.count " keys.txt || fail "keys firms: $(head -3 keys.txt)"
"$P/bin/ricsim" run baseline -o out/run.h5 $SMALL >run.txt 2>run.err || fail "installed run: $(cat run.err)"
[ "$(status_of out/run.h5)" = complete ] || fail "installed run: not complete"
# The recorded scenario is the installed one, not the source tree's.
h5dump -d /parameters/scenario_path out/run.h5 | grep -q "$P/share/ricsim/scenarios/baseline.yaml" ||
    fail "run used another scenario: $(h5dump -d /parameters/scenario_path out/run.h5 | grep '(0)')"
grep -q "^ricsim run: out/run.h5 complete in" run.txt || fail "run ending: $(cat run.txt)"
"$P/bin/ricsim" demo --scenario lead_users -r 1 -o demo >demo.txt 2>demo.err ||
    fail "installed demo: $(cat demo.err)"
[ -s demo/report.html ] || fail "installed demo: no report"
# The demo states the world and the dose, and ends with the finding.
grep -q "^ricsim demo: teaching world: world.scale 0.027" demo.txt || fail "demo: no world: $(cat demo.txt)"
grep -q "intervention lead_users from step 120 to 240: .* won a month nationally" demo.txt ||
    fail "demo: no dose: $(cat demo.txt)"
grep -q "2 times the monthly dose of lead_users as written" demo.txt || fail "demo: dose not compared"
grep -q "lead_users vs baseline (no interval from one run, 1 run each):" demo.txt ||
    fail "demo: no finding: $(cat demo.txt)"
grep -q "SMEs innovating (last 3 years) *[-+][0-9.]* points" demo.txt || fail "demo: no SME share difference"
grep -q "open demo/report.html" demo.txt || fail "demo: no closing line"
# The installed study example finds the installed module and program.
if /usr/bin/python3 -c "import pandas" 2>/dev/null; then
    "$P/bin/ricsim" ensemble baseline -q -o ens/b -r 2 $SMALL || fail "installed ensemble"
    "$P/bin/ricsim" ensemble lead_users -q -o ens/l -r 2 $SMALL || fail "installed ensemble"
    env -u RICSIM PATH=/usr/bin:/bin /usr/bin/python3 "$P/share/ricsim/python/study.py" \
        --baseline ens/b ens/l >study.txt 2>&1 || fail "installed study.py: $(cat study.txt)"
    grep -q "^l: mean .* over 2 paired runs" study.txt || fail "installed study.py: $(cat study.txt)"
fi
grep -q "^scenario: $P/share/ricsim/scenarios/lead_users.yaml" demo/lead_users/ensemble.txt ||
    fail "demo used another scenario: $(grep scenario demo/lead_users/ensemble.txt)"

# On PATH through a symlink, and after the whole tree moved.
mkdir -p "$T/bin"
ln -sf "$P/bin/ricsim" "$T/bin/ricsim"
PATH="$T/bin:$PATH" ricsim run lead_users -o sym.h5 $SMALL -q || fail "ricsim via a symlink on PATH"
mv "$P" "$T/moved"
"$T/moved/bin/ricsim" run baseline -o moved.h5 $SMALL -q || fail "moved tree: run"
h5dump -d /parameters/scenario_path moved.h5 | grep -q "$T/moved/share/ricsim/scenarios/baseline.yaml" ||
    fail "moved tree: scenario not found beside the binary"
expect_fail 3 "did you mean 'baseline'" "$T/moved/bin/ricsim" run basline -o x.h5

# The Debian package: built, its dependencies declared, unpacked, run.
if ! command -v cpack >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "SKIP part: no cpack or dpkg-deb"
    exit 0
fi
(cd "$RICSIM_BUILD_DIR" && cpack -G DEB -B "$T/pkg" >"$T/cpack.txt" 2>&1) ||
    fail "cpack: $(tail -5 "$T/cpack.txt")"
deb=$(ls "$T"/pkg/ricsim_*.deb 2>/dev/null | head -1)
[ -f "$deb" ] || fail "no .deb in $T/pkg: $(ls "$T/pkg")"
dpkg-deb -f "$deb" Depends >"$T/depends.txt"
for lib in libgsl libhdf5 libyaml libigraph libgomp libc6; do
    grep -q "$lib" "$T/depends.txt" || fail "Depends lacks $lib: $(cat "$T/depends.txt")"
done
dpkg-deb -c "$deb" | grep -q "./usr/share/ricsim/scenarios/baseline.yaml" || fail ".deb lacks scenarios"
dpkg-deb -x "$deb" "$T/root" || fail "dpkg-deb -x"
mkdir -p "$T/deb-run" && cd "$T/deb-run" || fail "cd"
"$T/root/usr/bin/ricsim" demo -r 1 -o d >demo.txt 2>demo.err || fail "unpacked demo: $(cat demo.err)"
[ -s d/report.html ] || fail "unpacked demo: no report"
grep -q "^scenario: $T/root/usr/share/ricsim/scenarios/baseline.yaml" d/baseline/ensemble.txt ||
    fail "unpacked demo used another scenario: $(grep scenario d/baseline/ensemble.txt)"
exit 0
