#!/usr/bin/env python3
"""SciPy reference values for the report's statistics (src/core/stats), written as JSON on stdout.

    /usr/bin/python3 scripts/stats_reference.py > fixtures/golden/stats/scipy-reference.json

Needs NumPy and SciPy (Debian: apt-get install -y python3-scipy). Everything is computed here from fixed inputs:
- scipy.stats.studentized_range.sf(q, k, df) on a grid (df "inf" for the normal range);
- Tukey's HSD from its definition (Carterette 2012): systems x queries as a two-way ANOVA without replication,
  MSE = sum of squared residuals y - row mean - column mean + grand mean over (k - 1)(n - 1) degrees of freedom,
  q = |mean_i - mean_j| / sqrt(MSE / n), p = studentized_range.sf(q, k, (k - 1)(n - 1));
- scipy.stats.ttest_rel on every pair of the same matrices (the paired t-test the report also offers).
Inputs: seeded NumPy matrices shaped like IR per-query scores, and trec_eval's own per-query NDCG@10 of the BM25 and
SPLADE runs on DL19 (fixtures/data/trec_eval_expected). The Vitest suite compares the TypeScript against this file,
and runs this script live when SciPy is present (src/core/stats/scipyReference.test.ts).
"""
import gzip
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

GRID = [
    (0.5, 3, 10), (1.0, 3, 2), (2.0, 4, 1), (3.5, 3, 20), (3.0, 4, 126), (3.0, 4, "inf"), (4.0, 5, 42), (5.0, 10, 30),
    (8.0, 10, 30), (6.5, 3, 2), (4.1, 20, 200), (2.5, 6, 1000), (7.0, 3, 84), (3.3, 2, 42), (15.0, 2, 3), (0.01, 3, 10),
]


def synthetic(seed, systems, queries):
    """Per-query scores in [0, 1]: a query difficulty shared by every system, a system effect, noise; 4 decimals."""
    rng = np.random.default_rng(seed)
    difficulty = rng.uniform(0.1, 0.9, queries)
    effect = rng.normal(0.0, 0.04, systems)
    noise = rng.normal(0.0, 0.1, (systems, queries))
    return np.round(np.clip(difficulty[None, :] + effect[:, None] + noise, 0.0, 1.0), 4)


def trec_eval_per_query(path, measure):
    values = {}
    with gzip.open(os.path.join(ROOT, path), "rt") as f:
        for line in f:
            name, qid, value = line.split()
            if name == measure and qid != "all":
                values[qid] = float(value)
    return values


def tukey(scores):
    scores = np.asarray(scores, dtype=float)
    k, n = scores.shape
    row = scores.mean(axis=1)
    col = scores.mean(axis=0)
    grand = scores.mean()
    residual = scores - row[:, None] - col[None, :] + grand
    df = (k - 1) * (n - 1)
    mse = float((residual ** 2).sum() / df)
    pairs = []
    for i in range(k):
        for j in range(i + 1, k):
            q = abs(row[i] - row[j]) / math.sqrt(mse / n)
            pairs.append({"i": i, "j": j, "q": float(q), "p": float(stats.studentized_range.sf(q, k, df))})
    return {"mse": mse, "df": df, "means": [float(m) for m in row], "pairs": pairs}


def ttests(scores):
    out = []
    for i in range(len(scores)):
        for j in range(i + 1, len(scores)):
            r = stats.ttest_rel(scores[i], scores[j])
            out.append({"i": i, "j": j, "t": float(r.statistic), "p": float(r.pvalue), "df": len(scores[i]) - 1})
    return out


def main():
    bm25 = trec_eval_per_query("fixtures/data/trec_eval_expected/dl19.bm25.top100.c.q.l2.all_trec.txt.gz", "ndcg_cut_10")
    splade = trec_eval_per_query("fixtures/data/trec_eval_expected/dl19.splade_pp_ed.top100.c.q.l2.all_trec.txt.gz", "ndcg_cut_10")
    qids = sorted(set(bm25) & set(splade))
    matrices = [
        ("synthetic seed 1: 3 systems x 43 queries", synthetic(1, 3, 43).tolist()),
        ("synthetic seed 2: 4 systems x 54 queries", synthetic(2, 4, 54).tolist()),
        ("synthetic seed 3: 5 systems x 20 queries", synthetic(3, 5, 20).tolist()),
        ("trec_eval DL19 NDCG@10 per query: BM25, SPLADE++ ED", [[bm25[q] for q in qids], [splade[q] for q in qids]]),
    ]
    reference = {
        "generator": "scripts/stats_reference.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
        "studentizedRangeSf": [
            {"q": q, "k": k, "df": df, "sf": float(stats.studentized_range.sf(q, k, math.inf if df == "inf" else df))} for q, k, df in GRID
        ],
        "matrices": [{"name": name, "scores": scores, "tukey": tukey(scores), "ttest": ttests(scores)} for name, scores in matrices],
    }
    json.dump(reference, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
