# The README's commands are real: every `ricsim WORD` it shows in a command
# line names a command, and every option of the synopsis under "Command
# line" is one the command's help lists (so a renamed or dropped option
# fails here, not in a reader's shell).
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
R=$RICSIM_SOURCE_DIR/README.md
"$RICSIM_BIN" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit }
    on && /^  [a-z]/ { print $1 }' >"$T/commands.txt"
[ "$(wc -l <"$T/commands.txt")" -ge 10 ] || fail "ricsim --help lists too few commands"
# Indented (code) lines that run ricsim: the word after it is a command.
grep -E '^ {4,}(mpirun .*)?ricsim [a-z]' "$R" | sed -E 's/.*ricsim ([a-z-]+).*/\1/' | sort -u |
    while read -r c; do
        grep -qx "$c" "$T/commands.txt" || [ "$c" = help ] ||
            fail "README shows 'ricsim $c', not a command"
    done || exit 1
# The synopsis block: options per command (continuation lines included).
awk '/^## Command line/ { on = 1; next } on && /^## / { exit }
    on && /^    ricsim [a-z]/ { cmd = $2 } on && /^    ricsim --/ { cmd = "" }
    on && /^    [^ r]/ { cmd = "" }
    on && /^    / && cmd != "" { n = split($0, w, /[][ |.=]+/)
        for (i = 1; i <= n; i++) if (w[i] ~ /^--[a-z]/) print cmd, w[i] }' "$R" |
    sort -u >"$T/options.txt"
[ "$(wc -l <"$T/options.txt")" -ge 40 ] || fail "too few options found in the README synopsis"
while read -r cmd opt; do
    "$RICSIM_BIN" help "$cmd" 2>/dev/null | grep -q -- "$opt\b" ||
        fail "README: 'ricsim $cmd $opt' is not in ricsim help $cmd"
done <"$T/options.txt"
exit 0
