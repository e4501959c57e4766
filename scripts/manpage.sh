#!/bin/sh
# Writes the ricsim(1) man page to stdout, built from the program's own help
# texts (ricsim --help, ricsim help COMMAND), so it cannot drift from them.
# usage: sh scripts/manpage.sh PATH/TO/ricsim VERSION
set -eu
BIN=$1
VERSION=$2
# Help text as troff no-fill text: escape backslashes, hyphens, leading dots.
nf() {
    echo ".nf"
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
    echo ".fi"
}
commands=$("$BIN" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit }
    on && /^  [a-z]/ && $1 != "help" { print $1 }')
cat <<HEAD
.TH RICSIM 1 "" "ricsim $VERSION" "User Commands"
.SH NAME
ricsim \\- agent\\-based simulation of regional innovation clusters
.SH SYNOPSIS
.B ricsim
.I COMMAND
[\\fIoptions\\fR]
.br
.B ricsim help
[\\fICOMMAND\\fR]
.SH DESCRIPTION
Firms, universities, public research institutes and intermediaries in five
regions exchange knowledge over formal and informal ties; policy
interventions act on them. Runs write HDF5 files; ensembles, comparisons,
plots, reports and a tidy CSV export turn them into findings.
.PP
HEAD
"$BIN" --help | nf
echo ".SH COMMANDS"
for c in $commands; do
    echo ".SS ricsim $c"
    "$BIN" help "$c" | nf
done
cat <<'TAIL'
.SH FILES
.TP
.I PREFIX/share/ricsim/scenarios/
The scenarios shipped with ricsim (baseline, one per intervention, two
packages, targets.yaml). A scenario named without a path (\fBricsim run
baseline\fR, \fBricsim demo \-\-scenario lead_users\fR) is looked up in
\fI./scenarios\fR, then here; the directory is found relative to the
ricsim binary, so an installed tree may be moved.
.TP
.I PREFIX/share/ricsim/python/ricsim.py
\fBload_ensemble()\fR: ensembles and run files as a pandas DataFrame.
.TP
.I PREFIX/share/doc/ricsim/
README.md and the manuals (model, scenarios, output, ensembles, analysis,
python, hpc, calibration).
.SH ENVIRONMENT
.TP
.B OMP_NUM_THREADS
Default thread count of \fBricsim run\fR (results do not depend on it).
.TP
.B HDF5_USE_FILE_LOCKING
Set to FALSE to read a file while ricsim writes it.
.SH SEE ALSO
.BR h5ls (1),
.BR h5dump (1),
.BR gnuplot (1)
TAIL
