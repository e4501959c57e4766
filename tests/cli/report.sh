# ricsim demo, report and plot: the demo runs the teaching world and leaves a
# report; every plot exists as PNG and SVG with its data and script, the PNGs
# are PNGs, the SVGs and the HTML page are well-formed, the page is
# self-contained (no external assets) and holds the tables and the figures.
. "$(dirname "$0")/../cli_lib.sh"
T=$RICSIM_TMP
command -v gnuplot >/dev/null 2>&1 || {
    echo "gnuplot not installed: skipped (scripts/install-deps.sh installs gnuplot-nox)"
    exit 77
}
cd "$T" || fail "cd"
"$RICSIM_BIN" demo --scenario "$RICSIM_SOURCE_DIR/scenarios/lead_users.yaml" -o demo -q ||
    fail "demo"
[ -f demo/report.html ] || fail "no report"
n=0
for dat in demo/plots/*.dat; do
    b=${dat%.dat}
    for ext in gp png svg; do
        [ -s "$b.$ext" ] || fail "$b.$ext missing or empty"
    done
    # PNG signature and an IHDR chunk.
    [ "$(head -c 8 "$b.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
        fail "$b.png is not a PNG"
    head -c 16 "$b.png" | tail -c 4 | grep -q IHDR || fail "$b.png lacks IHDR"
    tail -c 300 "$b.svg" | grep -q '</svg>' || fail "$b.svg is truncated"
    n=$((n + 1))
done
[ "$n" -ge 9 ] || fail "only $n plots"
ls demo/plots/network_*.png >/dev/null 2>&1 || fail "no network picture"
# The page: one figure per plot, inline; no scripts, stylesheets or images
# fetched from anywhere.
h=demo/report.html
head -1 "$h" | grep -q '<!DOCTYPE html>' || fail "no doctype"
tail -2 "$h" | grep -q '</html>' || fail "page not closed"
[ "$(grep -c '<figure>' "$h")" -eq "$n" ] || fail "figures in the page != plots"
[ "$(grep -c '<svg' "$h")" -eq "$n" ] || fail "inline SVGs != plots"
grep -Eiq '<(script|link|img|iframe)[ >]|src=|@import|url\(' "$h" && fail "external asset in page"
grep -q 'capability SMEs (final)' "$h" && grep -q 'lead_users' "$h" || fail "table content"
if /usr/bin/python3 -c 'import xml.dom.minidom' 2>/dev/null; then
    for s in demo/plots/*.svg; do
        /usr/bin/python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$s" ||
            fail "$s is not well-formed XML"
    done
    /usr/bin/python3 - "$h" <<'PY' || fail "report HTML is not well-formed"
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            sys.exit(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
        self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
if p.stack:
    sys.exit(f"unclosed: {p.stack}")
PY
fi
# ricsim report on the demo's ensembles gives the same page structure.
"$RICSIM_BIN" report --baseline demo/baseline demo/lead_users -o page.html >/dev/null ||
    fail "report"
[ "$(grep -c '<svg' page.html)" -ge 8 ] || fail "report page figures"
[ -f page_files/ts_capability_smes.gp ] || fail "report plot scripts"
# ricsim plot of a single run's network.
"$RICSIM_BIN" plot --network demo/baseline/runs/p0000_r0000.h5 -o plots >/dev/null ||
    fail "plot --network"
[ -s plots/network.svg ] || fail "network svg"
"$RICSIM_BIN" run "$BASE" -q -o nosnap.h5 --steps 2 --set world.scale=0.005 || fail "small run"
expect_fail 3 "no snapshot" "$RICSIM_BIN" plot --network nosnap.h5 -o p2
expect_fail 3 "cannot open" "$RICSIM_BIN" plot --network missing.h5 -o p2
exit 0
