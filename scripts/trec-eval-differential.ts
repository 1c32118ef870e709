// Differential check of src/core/trec against a real trec_eval 9.0.8 binary on random small cases (random qrels
// with grades -1..4, runs with tied scores, random -q -c -l -M -J -N -Z and measure parameters):
//   npx vite-node scripts/trec-eval-differential.ts -- --trec-eval /path/to/trec_eval [--cases 500] [--seed 1] [--docs 20]
// Prints each case whose output differs (its command and the first differing lines) and a count. Cases trec_eval
// cannot run are skipped: a qrels query whose judgments are all negative (it stops or reuses the previous query's
// grade levels), and -Z with a query sorting after every Zmean query (it reads past its table), which a last
// `zzzz zzzz 0 1` line rules out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, reportCliError } from '../src/cli/args';
import { evaluate, formatTrecEval, parseQrels, parseRunWithTag, parseZscores, type EvaluateOptions } from '../src/core/trec';

const SPEC_SETS = [
  ['all_trec'],
  ['official'],
  ['set', 'yaap'],
  ['ndcg.1=2.5', 'G.2=0.4,1=0.9', 'Rndcg.0=1,3=-2', 'ndcg_rel.1=0.5,2=1.2'],
  ['ndcg.-1=2', 'G.0=3', 'Rndcg.2=0', 'ndcg_rel.3=0.2'],
  ['11pt_avg..5,.1,.9', 'Rprec_mult.0.1,3.5,1', 'iprec_at_recall.0.05,.33,1.5', 'relstring.3', 'set_F.0.5', 'utility.3,-2,1,0.5'],
  ['P.1,2,50', 'recall.3', 'map_cut.2,7', 'relative_P.1,4', 'success.2', 'ndcg_cut.1,3'],
];

/** mulberry32: a small seeded generator. */
function generator(seed: number) {
  let state = seed | 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)] };
}

interface Case {
  qrels: string;
  run: string;
  zscores?: string;
  args: string[];
}

function randomCase(r: ReturnType<typeof generator>, maxDocs: number): Case | null {
  const judged = new Map<string, Map<string, number>>();
  const ranked = new Map<string, Map<string, number>>();
  for (let q = r.int(1, 6); q > 0; q--) {
    const qid = `q${r.int(0, 12)}`;
    if (r.next() < 0.85)
      for (let d = r.int(1, maxDocs); d > 0; d--)
        (judged.get(qid) ?? judged.set(qid, new Map()).get(qid)!).set(`d${r.int(0, maxDocs + 10)}`, r.pick([-1, 0, 0, 0, 1, 1, 2, 3, 4]));
    if (r.next() < 0.85)
      for (let d = r.int(1, maxDocs); d > 0; d--)
        (ranked.get(qid) ?? ranked.set(qid, new Map()).get(qid)!).set(`d${r.int(0, maxDocs + 10)}`, r.pick([1, 2, 3, 2.5, r.int(0, 100) / 10]));
  }
  if (judged.size === 0 || ranked.size === 0 || [...judged.values()].some((docs) => Math.max(...docs.values()) < 0)) return null;
  const qrels = [...judged].flatMap(([q, docs]) => [...docs].map(([d, g]) => `${q} 0 ${d} ${g}\n`)).join('');
  const run = [...ranked].flatMap(([q, docs]) => [...docs].map(([d, s], i) => `${q} Q0 ${d} ${i + 1} ${s} tag\n`)).join('');
  const args: string[] = [];
  if (r.next() < 0.6) args.push('-q');
  if (r.next() < 0.5) args.push('-c');
  if (r.next() < 0.4) args.push(`-l${r.int(0, 3)}`);
  if (r.next() < 0.3) args.push(`-M${r.int(1, 8)}`);
  if (r.next() < 0.3) args.push('-J');
  if (r.next() < 0.2) args.push(`-N${r.int(0, 1000)}`);
  let zscores: string | undefined;
  if (r.next() < 0.15) {
    const lines: string[] = [];
    for (let q = 0; q <= 12; q++) {
      if (r.next() < 0.5) continue;
      for (const m of ['map', 'P_5', 'num_ret', 'gm_map', 'ndcg', 'recall_10', 'set_F', 'num_q', 'utility']) {
        if (r.next() < 0.6) lines.push(`q${q} ${m} ${r.int(-5, 5) / 4} ${r.pick(['0', '0.5', '1', '2', 'nan'])}`);
      }
    }
    zscores = [...lines, 'zzzz zzzz 0 1'].join('\n') + '\n';
    args.push('-Z', 'ZMEAN_FILE');
  }
  for (const spec of r.pick(SPEC_SETS)) args.push('-m', spec);
  return { qrels, run, zscores, args };
}

/** The lab's output for trec_eval's arguments (those randomCase writes). */
function ours(c: Case): string {
  const options: EvaluateOptions = { measures: [] };
  let perQuery = false;
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i];
    if (a === '-q') perQuery = true;
    else if (a === '-c') options.averageOverQrels = true;
    else if (a === '-J') options.judgedOnly = true;
    else if (a.startsWith('-l')) options.relevanceLevel = Number(a.slice(2));
    else if (a.startsWith('-M')) options.depth = Number(a.slice(2));
    else if (a.startsWith('-N')) options.numDocsInCollection = Number(a.slice(2));
    else if (a === '-Z') {
      options.zscores = parseZscores(c.zscores!, 'z');
      i++;
    } else if (a === '-m') options.measures!.push(c.args[++i]);
  }
  const { run, runTag } = parseRunWithTag(c.run, 'run');
  return formatTrecEval(evaluate(parseQrels(c.qrels, 'qrels'), run, options), { perQuery, runTag });
}

function attempt(output: () => string): string {
  try {
    return output();
  } catch {
    return 'refused';
  }
}

function main(): void {
  const command = parseCommandLine(process.argv.slice(2), {
    usage: 'usage: npx vite-node scripts/trec-eval-differential.ts -- --trec-eval PATH [--cases N] [--seed S] [--docs D]',
    options: { 'trec-eval': { type: 'string' }, cases: { type: 'string' }, seed: { type: 'string' }, docs: { type: 'string' } },
  });
  const binary = command.required('trec-eval');
  const cases = command.positiveInteger('cases', 500);
  const maxDocs = command.positiveInteger('docs', 20);
  const r = generator(command.integer('seed', 1));
  const dir = mkdtempSync(join(tmpdir(), 'trec-eval-diff-'));
  let compared = 0;
  let differ = 0;
  for (let i = 0; i < cases; i++) {
    const c = randomCase(r, maxDocs);
    if (!c) continue;
    const files = { qrels: join(dir, 'qrels'), run: join(dir, 'run'), z: join(dir, 'z') };
    writeFileSync(files.qrels, c.qrels);
    writeFileSync(files.run, c.run);
    if (c.zscores) writeFileSync(files.z, c.zscores);
    const args = c.args.map((a, j) => (c.args[j - 1] === '-Z' ? files.z : a));
    // Both refusing (no query in both files, say) counts as agreeing.
    const expected = attempt(() => execFileSync(binary, [...args, files.qrels, files.run], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const actual = attempt(() => ours(c));
    compared++;
    if (actual === expected) continue;
    differ++;
    console.log(`case ${i} differs: trec_eval ${args.join(' ')} ${files.qrels} ${files.run}`);
    const [e, a] = [expected.split('\n'), actual.split('\n')];
    for (let k = 0, shown = 0; k < Math.max(e.length, a.length) && shown < 4; k++) {
      if (e[k] === a[k]) continue;
      console.log(`  trec_eval: ${JSON.stringify(e[k])}\n  lab:       ${JSON.stringify(a[k])}`);
      shown++;
    }
  }
  console.log(`${compared} cases compared, ${differ} differ`);
  if (differ > 0) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  reportCliError('trec-eval-differential', error);
}
