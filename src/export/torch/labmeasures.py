"""Per-query trec_eval 9.0.8 measures as the lab computes them (src/core/trec/evaluate.ts, measures.ts), in pure Python.

evaluate.py writes them beside each TREC run; `npm run import-torch` recomputes them with the lab's code and refuses
a file that disagrees by more than 1e-6. The rules (trec_eval's, as the lab reads its C source):
- Ranking: scores rounded to C float (float32), sorted descending, ties by docno descending (strcmp: UTF-8 bytes).
- Grades: a retrieved document's qrels grade; unjudged -1; negative qrels grades -2 (pooled, unjudged).
- Binary measures count grade >= relevance_level; ndcg / ndcg_cut use the grade itself as gain (ignoring the level).
- Every judged query counts (trec_eval -c): one absent from the run, or with no results, scores 0; a query with no
  relevant documents scores 0.
- mrr_cut_K is recip_rank over the top K only (trec_eval -M K).
Measures not implemented here are listed as not computed; import computes them itself.
"""
import math
import struct

NOT_IN_POOL = -1
POOLED_UNJUDGED = -2


def float32(x):
    """x as C stores it in a float (round to nearest even); -0 becomes +0, which C compares equal."""
    if math.isnan(x):
        raise ValueError('a score is NaN')
    try:
        return struct.unpack('<f', struct.pack('<f', x))[0] + 0.0
    except OverflowError:
        return math.copysign(math.inf, x)


def rank(docs):
    """[(docno, score)] in trec_eval's order: float32 score descending, then docno descending by bytes."""
    by_docno = sorted(docs, key=lambda d: d[0].encode('utf-8'), reverse=True)
    return sorted(by_docno, key=lambda d: -float32(d[1]))  # stable: equal scores keep docno descending


def parse_name(name):
    """(kind, cutoff) of a measure name as experiments spell it (ndcg_cut_10, map, mrr_cut_10), or None."""
    if name in ('num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'recip_rank', 'ndcg'):
        return name, None
    for kind in ('ndcg_cut', 'map_cut', 'mrr_cut', 'recall', 'success', 'P'):
        prefix = kind + '_'
        if name.startswith(prefix):
            text = name[len(prefix):]
            if text.isdigit() and text.isascii() and not text.startswith('0'):
                return kind, int(text)
    return None


def supported(name):
    return parse_name(name) is not None


def _ideal_gains(judged):
    return sorted((g for g in judged.values() if g >= 1), reverse=True)


def _dcg(gains):
    return sum(g / math.log2(r + 2) for r, g in enumerate(gains) if g > 0)


def query_value(name, grades, judged, level):
    """One measure of one query. grades: the ranked documents' grade codes (all of them; cut here)."""
    kind, k = parse_name(name)
    num_rel = sum(1 for g in judged.values() if g >= 0 and g >= level)
    if kind == 'mrr_cut':
        grades = grades[:k]
    relevant = [g >= level for g in grades]
    if kind == 'num_q':
        return 1.0
    if kind == 'num_ret':
        return float(len(grades))
    if kind == 'num_rel':
        return float(num_rel)
    if kind == 'num_rel_ret':
        return float(sum(1 for g in grades if g >= 0 and g >= level))
    if kind in ('map', 'gm_map', 'map_cut'):
        top = relevant if kind != 'map_cut' else relevant[:k]
        found, total = 0, 0.0
        for r, rel in enumerate(top):
            if rel:
                found += 1
                total += found / (r + 1)
        if kind == 'map_cut':
            return total / num_rel if num_rel else 0.0
        return total / num_rel if found else total
    if kind == 'Rprec':
        look = min(len(grades), num_rel)
        return 0.0 if look == 0 else sum(relevant[:look]) / num_rel
    if kind in ('recip_rank', 'mrr_cut'):
        for r, rel in enumerate(relevant):
            if rel:
                return 1.0 / (r + 1)
        return 0.0
    if kind == 'P':
        return sum(relevant[:k]) / k
    if kind == 'recall':
        return sum(relevant[:k]) / num_rel if num_rel else 0.0
    if kind == 'success':
        return 1.0 if any(relevant[:k]) else 0.0
    if kind in ('ndcg', 'ndcg_cut'):
        top = grades if kind == 'ndcg' else grades[:k]
        ideal_gains = _ideal_gains(judged)
        dcg = _dcg(top)
        ideal = _dcg(ideal_gains if kind == 'ndcg' else ideal_gains[:k])
        return dcg / ideal if ideal > 0 else (0.0 if kind == 'ndcg' else dcg)
    raise ValueError(name)


def per_query(qrels, run, measures, level):
    """{qid: {measure: value}} over every query of qrels (trec_eval -c), for the supported measures.

    qrels: {qid: {docno: grade}}; run: {qid: [(docno, score)]}."""
    names = [m for m in measures if supported(m)]
    out = {}
    for qid in sorted(qrels, key=lambda q: q.encode('utf-8')):
        judged = qrels[qid]
        docs = run.get(qid) or []
        values = {}
        if not docs:
            for name in names:
                values[name] = 0.0
            if 'num_q' in values:
                values['num_q'] = 1.0
            if 'num_rel' in values:
                values['num_rel'] = float(sum(1 for g in judged.values() if g >= 0 and g >= level))
        else:
            grades = []
            for docno, _ in rank(docs):
                g = judged.get(docno)
                grades.append(NOT_IN_POOL if g is None else (POOLED_UNJUDGED if g < 0 else g))
            for name in names:
                values[name] = query_value(name, grades, judged, level)
        out[qid] = values
    return out
