/**
 * Equality with the real trec_eval 9.0.8, byte for byte, every line of every output:
 * - its own conformance suite (fixtures/data/trec_eval_tests/v9.0.8, commands from its Makefile quicktest,
 *   listed in fixtures/SOURCES.md);
 * - outputs generated with the trec_eval 9.0.8 binary on TREC DL19/DL20 runs, the edge cases and the -J / -N
 *   flags (fixtures/data/trec_eval_expected).
 */
import { describe, expect, it } from 'vitest';
import { readShared } from '../../testing/shared';
import { evaluate, formatTrecEval, parseQrels, parseRunWithTag, parseZscores, type EvaluateOptions } from './index';

interface Invocation {
  perQuery: boolean;
  options: EvaluateOptions;
}

/** The trec_eval flags used by the reference commands (-q -c -J -l N -M N -N N -Z FILE -m SPEC, attached or separate). */
function invocation(args: string, dir: string[]): Invocation {
  const tokens = args.split(/\s+/).filter(Boolean);
  const result: Invocation = { perQuery: false, options: { measures: [] } };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const value = () => (t.length > 2 ? t.slice(2) : tokens[++i]);
    if (t === '-q') result.perQuery = true;
    else if (t === '-c') result.options.averageOverQrels = true;
    else if (t === '-J') result.options.judgedOnly = true;
    else if (t.startsWith('-l')) result.options.relevanceLevel = Number(value());
    else if (t.startsWith('-M')) result.options.depth = Number(value());
    else if (t.startsWith('-N')) result.options.numDocsInCollection = Number(value());
    else if (t.startsWith('-m')) result.options.measures!.push(value());
    else if (t.startsWith('-Z')) {
      // A bare name sits beside the qrels; a path is relative to fixtures/.
      const file = value();
      result.options.zscores = parseZscores(readShared(...(file.includes('/') ? file.split('/') : [...dir, file])), file);
    } else throw new Error(`unexpected argument ${t}`);
  }
  return result;
}

function run(qrelsPath: string[], runPath: string[], args: string): string {
  const qrels = parseQrels(readShared(...qrelsPath), qrelsPath.join('/'));
  const { run, runTag } = parseRunWithTag(readShared(...runPath), runPath.join('/'));
  const { perQuery, options } = invocation(args, qrelsPath.slice(0, -1));
  return formatTrecEval(evaluate(qrels, run, options), { perQuery, runTag });
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

/** Byte equality, compared line by line first so that a failure names the lines that differ. */
function expectSameOutput(ours: string, expected: string, expectedLines: number) {
  expect(lines(ours)).toEqual(lines(expected));
  expect(ours).toBe(expected);
  expect(lines(expected)).toHaveLength(expectedLines);
}

const V9 = ['data', 'trec_eval_tests', 'v9.0.8'];

describe('trec_eval 9.0.8 quicktest suite', () => {
  const cases: Array<[string, string, string, string, number]> = [
    ['out.test', 'qrels.test', 'results.test', '', 30],
    ['out.test.a', 'qrels.test', 'results.test', '-m all_trec', 94],
    ['out.test.aq', 'qrels.test', 'results.test', '-m all_trec -q', 367],
    ['out.test.aqc', 'qrels.test', 'results.trunc', '-m all_trec -q -c', 276],
    ['out.test.aqcM', 'qrels.test', 'results.trunc', '-m all_trec -q -c -M100', 276],
    ['out.test.aql', 'qrels.rel_level', 'results.test', '-m all_trec -mrelstring.20 -q -l2', 367],
    [
      'out.test.meas_params',
      'qrels.test',
      'results.test',
      '-q -miprec_at_recall..10,.20,.25,.75,.50 -m P.5,7,3 -m recall.20,2000 -m Rprec_mult.5.0,0.2,0.35 -mutility.2,-1,0,0 -m 11pt_avg..25,.5,.75 -mndcg.1=3,2=9,4=4.5 -mndcg_cut.10,20,23.4 -msuccess.2,5,20',
      88,
    ],
    ['out.test.aqZ', 'qrels.test', 'results.test', '-q -m all_trec -Z zscores_file', 367],
  ];
  for (const [expected, qrels, results, args, count] of cases) {
    it(`${expected}: trec_eval ${args} ${qrels} ${results}`, () => {
      expectSameOutput(run([...V9, qrels], [...V9, results], args), readShared(...V9, expected), count);
    });
  }
});

describe('-J and -N against trec_eval 9.0.8 output', () => {
  const cases: Array<[string, string, string]> = [
    ['out.test.J.aqc', 'qrels.test', '-J -q -c -m all_trec'],
    ['out.rel_level.J.l2.aqc', 'qrels.rel_level', '-J -l 2 -q -c -m all_trec'],
    ['out.test.N100000.aqc', 'qrels.test', '-N 100000 -q -c -m all_trec'],
  ];
  for (const [expected, qrels, args] of cases) {
    it(`${expected}: trec_eval ${args} ${qrels} results.test`, () => {
      const output = run([...V9, qrels], [...V9, 'results.test'], args);
      expectSameOutput(output, readShared('data', 'trec_eval_expected', 'flags', expected), 367);
    });
  }
  it('-N enters utility through its fourth coefficient only', () => {
    const [withN, without] = ['-N 100000 -m utility.0,0,0,1', '-m utility.0,0,0,1'].map((a) => run([...V9, 'qrels.test'], [...V9, 'results.test'], a));
    // p4 · (N + relevant retrieved − retrieved − relevant), averaged: 100000 + (131 − 1500 − 561) / 3.
    expect(withN).toBe(`${'utility_0,0,0,1'.padEnd(22)}\tall\t${(100000 + (131 - 1500 - 561) / 3).toFixed(4)}\n`);
    expect(without).toBe(`${'utility_0,0,0,1'.padEnd(22)}\tall\t${((131 - 1500 - 561) / 3).toFixed(4)}\n`);
  });
});

describe('parameters, -N, -Z and -J corners against trec_eval 9.0.8 output', () => {
  const PARAMS = ['data', 'trec_eval_expected', 'params'];
  const cases: Array<[string, string, string, string, number]> = [
    // Gains less than 1 apart compare equal in trec_eval's (int)(a - b) sort; negative and grade-0 gains.
    ['out.rel_level.gains.q', 'qrels.rel_level', 'results.test', '-q -m ndcg.1=2.5,2=0.4 -m G.1=0.5,0=2 -m Rndcg.1=1.5,4=-1 -m ndcg_rel.1=0.3', 16],
    [
      'out.rel_level.l2.params.q',
      'qrels.rel_level',
      'results.test',
      '-q -l 2 -m yaap -m relstring.15 -m 11pt_avg..5,.1,.9 -m set_F.0.25 -m Rprec_mult.0.1,3.5 -m iprec_at_recall.0.05,.33,1.5 -m infAP -m gm_bpref',
      40,
    ],
    ['out.test.set.N5000.qc', 'qrels.test', 'results.trunc', '-q -c -N 5000 -m set -m utility.1,-1,-0.5,0.01', 29],
    // A measure name after all of a query's Zmean lines meets the next query's first line (301's ndcg uses 302's).
    ['out.test.overread.Z.q', 'qrels.test', 'results.test', '-q -m map -m ndcg -m P.5 -Z data/trec_eval_expected/params/zscores.overread', 12],
  ];
  for (const [expected, qrels, results, args, count] of cases) {
    it(`${expected}: trec_eval ${args} ${qrels} ${results}`, () => {
      expectSameOutput(run([...V9, qrels], [...V9, results], args), readShared(...PARAMS, expected), count);
    });
  }
});

describe('TREC DL19/DL20 top-100 runs against trec_eval 9.0.8 output', () => {
  for (const year of ['19', '20']) {
    for (const system of ['bm25', 'splade_pp_ed']) {
      const qrels = ['data', 'trec-dl', `qrels.dl${year}-passage.txt`];
      const runFile = ['data', 'trec-dl', `rank_llm.${system}.trec_results_dl${year}.txt`];
      const stem = `dl${year}.${system}.top100`;
      for (const [suffix, args] of [
        ['c.q.all_trec', '-c -q -m all_trec'],
        ['c.q.l2.all_trec', '-c -q -l 2 -m all_trec'],
      ]) {
        it(`${stem}.${suffix}`, () => {
          const expected = readShared('data', 'trec_eval_expected', `${stem}.${suffix}.txt`);
          expectSameOutput(run(qrels, runFile, args), expected, year === '19' ? 4007 : 5008);
        });
      }
      it(`${stem}.summary (each '## ARGS' section)`, () => {
        const summary = readShared('data', 'trec_eval_expected', `${stem}.summary.txt`);
        const sections = summary.split(/^## /m).slice(1);
        expect(sections.length).toBeGreaterThanOrEqual(10);
        for (const section of sections) {
          const [args, ...expectedLines] = section.split('\n');
          expect(lines(run(qrels, runFile, args)), args).toEqual(expectedLines.filter((l) => l.length > 0));
        }
      });
    }
  }
});

describe('edge cases against trec_eval 9.0.8 output', () => {
  const qrels = ['data', 'trec_eval_expected', 'edge_cases', 'qrels.edge.txt'];
  const runFile = ['data', 'trec_eval_expected', 'edge_cases', 'run.edge.txt'];
  for (const [file, args] of [
    ['out.edge.q.all_trec.txt', '-q -m all_trec'],
    ['out.edge.c.q.all_trec.txt', '-c -q -m all_trec'],
    ['out.edge.c.q.l2.all_trec.txt', '-c -q -l 2 -m all_trec'],
    ['out.edge.c.q.M2.all_trec.txt', '-c -q -M 2 -m all_trec'],
  ]) {
    it(`${file}: trec_eval ${args}`, () => {
      expectSameOutput(run(qrels, runFile, args), readShared('data', 'trec_eval_expected', 'edge_cases', file), 367);
    });
  }
});

describe('-J leaving a query no documents, against trec_eval 9.0.8 output', () => {
  it('out.judged.c.q.J.all_trec.txt: trec_eval -q -c -J -m all_trec (0/0 prints -nan, as trec_eval on x86-64)', () => {
    const dir = ['data', 'trec_eval_expected', 'edge_cases'];
    const output = run([...dir, 'qrels.judged.txt'], [...dir, 'run.judged.txt'], '-q -c -J -m all_trec');
    expectSameOutput(output, readShared(...dir, 'out.judged.c.q.J.all_trec.txt'), 367);
  });
});
