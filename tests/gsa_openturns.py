"""Cross-check of ricsim's Sobol estimators against OpenTURNS on the same design.

Reads a TSV written by tests/unit/test_gsa_openturns.c: a header line
"k N", then N*(k+2) rows of k inputs and one output in the order A, B,
AB_1..AB_k (OpenTURNS's SobolIndicesExperiment order: E_i is A with
column i from B), then k rows "S1 ST" computed by ricsim. Computes the
indices with OpenTURNS (Mauntz-Kucherenko first order, the Saltelli 2010
form; Jansen total order) and prints one line per input:
"i ricsim_S1 ot_S1 ricsim_ST ot_ST". Exit 77 without OpenTURNS.
"""
import sys

try:
    import openturns as ot
except ImportError:
    sys.exit(77)


def main(path):
    with open(path) as f:
        k, n = (int(v) for v in f.readline().split())
        rows = [list(map(float, f.readline().split())) for _ in range(n * (k + 2))]
        ours = [list(map(float, f.readline().split())) for _ in range(k)]
    x = ot.Sample([r[:k] for r in rows])
    y = ot.Sample([[r[k]] for r in rows])
    first = ot.MauntzKucherenkoSensitivityAlgorithm(x, y, n).getFirstOrderIndices()
    total = ot.JansenSensitivityAlgorithm(x, y, n).getTotalOrderIndices()
    for i in range(k):
        print(i, ours[i][0], first[i], ours[i][1], total[i])


if __name__ == "__main__":
    main(sys.argv[1])
