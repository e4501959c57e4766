# ricsim demo, report and plot: the demo runs the teaching world and leaves a
# report; every plot exists as PNG and SVG with its data and script, the PNGs
# are PNGs, the SVGs and the HTML page are well-formed, the page is
# self-contained (no external assets) and holds the summary, scenario
# descriptions, tables, figures, caveats and provenance; headless Chromium
# loads it and lays out every figure at a visible size; the network
# pictures share one layout; a design gets its outcome-against-factor plot.
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
[ "$n" -eq 8 ] || fail "$n plots, expected 8 (effects, 5 time series, 2 networks)"
for p in effects ts_capability_smes ts_innovating_smes ts_ties_informal network_0 network_1; do
    [ -f "demo/plots/$p.png" ] || fail "no $p plot"
done
# The time plots: years on x, the policy period (year 10 on) shaded, levels
# beside differences; shares from 0.
grep -q "set object 1 rect from first 10.0000, graph 0" demo/plots/ts_innovating_smes.gp ||
    fail "policy period not shaded"
grep -q "set xlabel 'year of the run'" demo/plots/ts_capability_smes.gp || fail "x not in years"
grep -q "layout 1,2" demo/plots/ts_capability_smes.gp || fail "no difference panel"
grep -q "set yrange \[0:\*\]" demo/plots/ts_innovating_smes.gp || fail "share axis below 0"
# The difference panel's data: 0 before the policy start (paired, same
# state), CI bounds around the mean.
awk '/minus baseline/ { on = 1; next } on && NF == 4 && $1 < 10 && ($2 != 0 || $3 != 0) { bad = 1 }
    on && NF == 4 && ($3 > $2 + 1e-12 || $4 < $2 - 1e-12) { bad = 1 } END { exit bad || !on }' \
    demo/plots/ts_capability_smes.dat || fail "difference block"
# One layout: an agent in both pictures sits at the same place.
for k in 0 1; do
    awk '/^# agents/ { on = 1; next } on && NF == 5 { print $5, $1, $2 }' "demo/plots/network_$k.dat" |
        sort >"net$k.txt"
done
[ "$(join net0.txt net1.txt | wc -l)" -gt 1000 ] || fail "few agents in both pictures"
join net0.txt net1.txt | awk '$2 != $4 || $3 != $5 { bad = 1 } END { exit bad }' ||
    fail "network layouts differ between scenarios"
grep -q "region 0 (capital)" demo/plots/network_0.gp && grep -q "^baseline: network at year 20" demo/plots/network_0.gp 2>/dev/null ||
    grep -q "layout 1,1 title 'baseline: network at year 20" demo/plots/network_0.gp ||
    fail "network picture not labelled by scenario and region"
grep -q "lc palette" demo/plots/network_1.gp && grep -q "title 'formal tie'" demo/plots/network_1.gp ||
    fail "network: capability colours or tie layers missing"
# The page: one figure per plot, inline; no scripts, stylesheets or images
# fetched from anywhere.
h=demo/report.html
head -1 "$h" | grep -q '<!DOCTYPE html>' || fail "no doctype"
tail -2 "$h" | grep -q '</html>' || fail "page not closed"
[ "$(grep -c '<figure id="fig-' "$h")" -eq "$n" ] || fail "figures in the page != plots"
[ "$(grep -c '<svg' "$h")" -eq "$n" ] || fail "inline SVGs != plots"
grep -Eiq '<(script|link|img|iframe)[ >]|src=|@import|url\(' "$h" && fail "external asset in page"
grep -q '<td>SME capability</td>' "$h" && grep -q 'lead_users' "$h" || fail "table content"
# A summary sentence, the scenarios as their files say, caveats, provenance.
grep -q '<li><b>lead_users</b> against baseline (3 runs each): ' "$h" || fail "no summary sentence"
grep -q 'Intervention: lead_users from year 10.0 (step 120) to the end of the run, budget' "$h" ||
    fail "no intervention description"
grep -q 'No intervention (the status quo)' "$h" || fail "baseline not described"
grep -q '<h2>Caveats</h2>' "$h" && grep -q 'world.scale 0.027' "$h" || fail "no caveats"
grep -q "Written by ricsim [0-9.]* on 20[0-9-]* [0-9:]* UTC by <code>ricsim demo --scenario" "$h" ||
    fail "no provenance"
grep -q 'master seed 1; run seeds of its first scenario: [0-9]' "$h" || fail "no seeds"
grep -Eq '<td>[-0-9.]*e[-+][0-9]' "$h" && fail "e-notation in the tables"
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
# Headless Chromium: the page loads and every figure is laid out with its
# drawing (a wrapper page reads the report's DOM; the report has no script).
if command -v chromium >/dev/null 2>&1; then
    cat >wrap.html <<'HTML'
<!DOCTYPE html><html><body><iframe id="f" src="demo/report.html" style="width:1200px;height:900px"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById('f').onload = function () {
  var out = [];
  try {
    var d = this.contentDocument, figs = d.querySelectorAll('figure');
    out.push('figures ' + figs.length);
    figs.forEach(function (fg) {
      var s = fg.querySelector('svg'), r = s ? s.getBoundingClientRect() : null;
      var n = s ? s.querySelectorAll('path,polyline,polygon,circle,rect,use,line').length : 0;
      out.push('figure ' + fg.id + ' ' + (r ? Math.round(r.width) + ' ' + Math.round(r.height) : '0 0') + ' ' + n);
    });
    out.push('h2 ' + d.querySelectorAll('h2').length);
  } catch (e) { out.push('error ' + e); }
  document.getElementById('result').textContent = out.join('\n');
};
</script></body></html>
HTML
    timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chromium" \
        --allow-file-access-from-files --virtual-time-budget=20000 --dump-dom "file://$T/wrap.html" \
        2>"$T/chromium.err" | sed -n '/<pre id="result">/,/<\/pre>/p' | sed 's/<[^>]*>//g' >dom.txt
    grep -q "^figures $n\$" dom.txt ||
        fail "Chromium: figures laid out: $(head -3 dom.txt) (stderr: $(tail -3 "$T/chromium.err"))"
    awk '$1 == "figure" && ($3 < 400 || $4 < 200 || $5 < 20) { bad = 1; print }
        END { exit bad }' dom.txt || fail "Chromium: a figure is empty or tiny: $(cat dom.txt)"
    grep -q "^h2 [5-9]" dom.txt || fail "Chromium: sections missing: $(cat dom.txt)"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chromium" \
        --hide-scrollbars --window-size=1200,3000 --screenshot="$T/page.png" \
        "file://$T/demo/report.html" 2>>"$T/chromium.err" >/dev/null
    [ "$(wc -c <"$T/page.png")" -gt 100000 ] || fail "Chromium screenshot nearly blank"
else
    echo "chromium not installed: rendering not checked (scripts/install-deps.sh installs it)"
fi
# ricsim report on the demo's ensembles gives the same page structure.
"$RICSIM_BIN" report --baseline demo/baseline demo/lead_users -o page.html >/dev/null ||
    fail "report"
[ "$(grep -c '<svg' page.html)" -ge 8 ] || fail "report page figures"
grep -q "by <code>ricsim report --baseline demo/baseline demo/lead_users -o page.html</code>" page.html ||
    fail "report provenance command"
[ -f page_files/ts_capability_smes.gp ] || fail "report plot scripts"
# ricsim plot of a single run's network.
"$RICSIM_BIN" plot --network demo/baseline/runs/p0000_r0000.h5 -o plots >/dev/null ||
    fail "plot --network"
[ -s plots/network.svg ] || fail "network svg"
"$RICSIM_BIN" run "$BASE" -q -o nosnap.h5 --steps 2 --set world.scale=0.005 || fail "small run"
expect_fail 3 "no snapshot" "$RICSIM_BIN" plot --network nosnap.h5 -o p2
# A design: each outcome against each numeric factor, one dot per run.
"$RICSIM_BIN" ensemble "$RICSIM_SOURCE_DIR/scenarios/rd_subsidy.yaml" -o des -r 2 --steps 12 -q \
    --set world.scale=0.01 --factor interventions.0.strength=0,2 --set interventions.0.start=3 ||
    fail "design ensemble"
"$RICSIM_BIN" plot des -o desplot >/dev/null || fail "plot design"
[ -s desplot/design_0.png ] || fail "no design plot"
[ "$(awk '/^# point means/ { exit } NF > 2 && !/^#/ { n++ } END { print n }' desplot/design_0.dat)" -eq 4 ] ||
    fail "design plot: one line per run expected"
grep -q "set xlabel 'interventions.0.strength'" desplot/design_0.gp || fail "design plot factor axis"
expect_fail 3 "cannot open" "$RICSIM_BIN" plot --network missing.h5 -o p2
exit 0
