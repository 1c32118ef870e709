"""Reranks every evaluation set of the exported Rerank Lab experiment with one trained arm × seed.

  python3 evaluate.py --arm NAME --seed S                          (one process)
  torchrun --nproc_per_node=N evaluate.py --arm NAME --seed S      (pairs split across the ranks)

Reads runs/NAME.seed-S.model.safetensors (written by train.py) and writes, per evaluation set, the headless
runner's files: runs/NAME.seed-S.EVALSET.trec (TREC run: each query's top rerankDepth candidates by the model's
score, the rest below them in first-stage order), runs/NAME.seed-S.EVALSET.scores.json (the scores as numbers) and
runs/NAME.seed-S.EVALSET.perquery.json (the eval set's measures per query, trec_eval 9.0.8 as the lab computes them:
labmeasures.py). `npm run import-torch -- DIR --out SNAPSHOT.json.gz` measures the runs with the lab's trec_eval-exact
code and refuses per-query values that differ from its own by more than 1e-6.
"""
import argparse
import functools
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the project's own modules, however the script is launched
from labargs import check_arm_seed  # noqa: E402 (torch-free)


def strcmp_key(docno):
    return docno.encode('utf-8')


def trec_lines(run, tag):
    """train/trecRun.ts formatTrecRun: qids in byte order; score descending, ties by docno descending."""
    lines = []
    for qid in sorted(run, key=strcmp_key):

        def order(a, b):
            if a[1] != b[1]:
                return -1 if a[1] > b[1] else 1
            da, db = strcmp_key(a[0]), strcmp_key(b[0])
            return -1 if da > db else (1 if da < db else 0)

        ranked = sorted(run[qid], key=functools.cmp_to_key(order))
        for i, (docno, score) in enumerate(ranked):
            lines.append(f'{qid} Q0 {docno} {i + 1} {js_number(score)} {tag}')
    return ''.join(line + '\n' for line in lines)


def js_number(x):
    """A float as JavaScript's String(x) writes it (shortest round trip; integers without ".0")."""
    if x == int(x) and abs(x) < 1e21:
        return str(int(x))
    text = repr(x)
    if 'e' in text:
        mantissa, exponent = text.split('e')
        return f'{mantissa}e{"+" if int(exponent) > 0 else "-"}{abs(int(exponent))}'
    return text


def write_per_query(prepared, out, tag, name, run):
    """runs/TAG.EVALSET.perquery.json from prepared/eval.EVALSET.qrels.json; returns the means, for the log line."""
    import labmeasures
    import labtorch

    path = os.path.join(prepared, f'eval.{name}.qrels.json')
    if not os.path.exists(path):
        return f' (no {path}: re-export the project for per-query values)'
    judged = labtorch.read_json(path)
    level, measures = judged['relevanceLevel'], judged['measures']
    per_query = labmeasures.per_query(judged['qrels'], run, measures, level)
    computed = [m for m in measures if labmeasures.supported(m)]
    labtorch.write_json(
        os.path.join(out, f'{tag}.{name}.perquery.json'),
        {
            'format': 'rerank-lab-torch-perquery',
            'evalSet': name,
            'relevanceLevel': level,
            'measures': computed,
            'notComputed': [m for m in measures if m not in computed],
            'perQuery': per_query,
        },
    )
    means = ', '.join(f'{m} {sum(v[m] for v in per_query.values()) / len(per_query):.4f}' for m in computed)
    return f'; {means}' if means else ''


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--arm', required=True)
    p.add_argument('--seed', required=True, type=int)
    p.add_argument('--batch-size', type=int, default=64, help='pairs per forward pass (the lab uses 64)')
    p.add_argument('--model', choices=['auto', 'compact', 'transformers'], default='auto')
    p.add_argument('--device', default=None)
    p.add_argument('--dir', default=HERE)
    p.add_argument('--check', action='store_true', help='check the arguments against experiment.json and exit')
    args = p.parse_args()
    root = args.dir
    check_arm_seed(root, args.arm, args.seed)
    if args.check:
        return
    import torch
    import torch.distributed as dist

    import labtorch
    prepared = os.path.join(root, 'prepared')
    plan = labtorch.read_json(os.path.join(prepared, 'plan.json'))
    tag = f'{args.arm}.seed-{args.seed}'
    weights = os.path.join(root, 'runs', f'{tag}.model.safetensors')
    if not os.path.exists(weights):
        raise SystemExit(f'{weights}: not found; train first: torchrun --nproc_per_node=N train.py --arm {args.arm} --seed {args.seed}')

    record = labtorch.read_json(os.path.join(root, 'runs', f'{tag}.train.json'))
    if record['stop']['reason'] != 'completed':
        raise SystemExit(f'{tag} stopped at step {record["stop"]["step"]} ({record["stop"]["reason"]}): nothing to evaluate')

    world, rank, device, use_cuda = labtorch.setup_distributed(args.device)

    model, _ = labtorch.build_model(prepared, plan['family'], args.model)
    labtorch.load_weights(model, weights)
    model.to(device).eval()

    for spec in plan['evalSets']:
        name = spec['name']
        meta = labtorch.read_json(os.path.join(prepared, f'eval.{name}.json'))
        tensors = labtorch.read_safetensors(os.path.join(prepared, f'eval.{name}.safetensors'))
        count = len(meta['pairs'])
        share = math.ceil(count / world)
        mine = range(rank * share, min(count, (rank + 1) * share))
        scores = []
        lengths = tensors['row_start'][1:] - tensors['row_start'][:-1]
        with torch.no_grad():
            for start in range(mine.start, mine.stop, args.batch_size):
                stop = min(mine.stop, start + args.batch_size)
                seq_len = int(lengths[start:stop].max())
                ids, types, mask = labtorch.pad_rows(tensors, start, stop, seq_len, meta['padId'])
                scores.extend(float(s) for s in model(ids.to(device), types.to(device), mask.to(device)).cpu())
        if world > 1:
            gathered = [None] * world
            with labtorch.collective(rank, f'gathering the scores of {name}'):
                dist.all_gather_object(gathered, scores)
            scores = [s for part in gathered for s in part]
        if rank != 0:
            continue
        run = {}
        for (qid, docno), score in zip(meta['pairs'], scores):
            run.setdefault(qid, []).append((docno, score))
        for qid, rest in meta['belowDepth'].items():
            # evaluate.ts rerank: whole steps below the lowest model score keep first-stage order exact.
            floor = math.floor(min(s for _, s in run[qid])) - 1
            run[qid].extend((docno, floor - i) for i, docno in enumerate(rest))
        out = os.path.join(root, 'runs')
        with open(os.path.join(out, f'{tag}.{name}.trec'), 'w') as f:
            f.write(trec_lines(run, tag))
        labtorch.write_json(os.path.join(out, f'{tag}.{name}.scores.json'), {'evalSet': name, 'pairs': meta['pairs'], 'scores': scores})
        summary = write_per_query(prepared, out, tag, name, run)
        print(f'{tag}: wrote {out}/{tag}.{name}.trec ({len(run)} queries){summary}', flush=True)
    labtorch.finish_distributed(rank)


if __name__ == '__main__':
    main()
