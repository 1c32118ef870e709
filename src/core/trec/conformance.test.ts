/**
 * Equality with the real trec_eval 9.0.8, to the printed digit:
 * - its own conformance suite (fixtures/data/trec_eval_tests/v9.0.8, commands from its Makefile quicktest,
 *   listed in fixtures/SOURCES.md);
 * - outputs generated with the trec_eval 9.0.8 binary on TREC DL19/DL20 runs and the edge cases
 *   (fixtures/data/trec_eval_expected).
 * For outputs made with `-m all_trec`, every line of a measure implemented here is compared, in order;
 * lines of other trec_eval measures (relstring, infAP, ...) are left out of both sides.
 */
import { describe, expect, it } from 'vitest';
import { readShared } from '../../testing/shared';
import { evaluate, formatTrecEval, parseQrels, parseRunWithTag, type EvaluateOptions } from './index';

interface Invocation {
  perQuery: boolean;
  options: EvaluateOptions;
}

/** The trec_eval flags used by the reference commands (-q -c -l N -M N -m SPEC, attached or separate). */
function invocation(args: string): Invocation {
  const tokens = args.split(/\s+/).filter(Boolean);
  const result: Invocation = { perQuery: false, options: { measures: [] } };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const value = () => (t.length > 2 ? t.slice(2) : tokens[++i]);
    if (t === '-q') result.perQuery = true;
    else if (t === '-c') result.options.averageOverQrels = true;
    else if (t.startsWith('-l')) result.options.relevanceLevel = Number(value());
    else if (t.startsWith('-M')) result.options.depth = Number(value());
    else if (t.startsWith('-m')) result.options.measures!.push(value());
    else throw new Error(`unexpected argument ${t}`);
  }
  return result;
}

function run(qrelsPath: string[], runPath: string[], args: string): string {
  const qrels = parseQrels(readShared(...qrelsPath), qrelsPath.join('/'));
  const { run, runTag } = parseRunWithTag(readShared(...runPath), runPath.join('/'));
  const { perQuery, options } = invocation(args);
  return formatTrecEval(evaluate(qrels, run, options), { perQuery, runTag });
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

/** Compares our lines with the expected file's lines for the measures we print. */
function expectSameForOurMeasures(ours: string, expected: string, minimumLines: number) {
  const ourLines = lines(ours);
  const names = new Set(ourLines.map((l) => l.split('\t')[0].trimEnd()));
  const theirs = lines(expected).filter((l) => names.has(l.split('\t')[0].trimEnd()));
  expect(ourLines.length).toBeGreaterThanOrEqual(minimumLines);
  expect(ourLines).toEqual(theirs);
}

const V9 = ['data', 'trec_eval_tests', 'v9.0.8'];

describe('trec_eval 9.0.8 quicktest suite', () => {
  it('out.test: default measures, byte for byte', () => {
    expect(run([...V9, 'qrels.test'], [...V9, 'results.test'], '')).toBe(readShared(...V9, 'out.test'));
  });

  const cases: Array<[string, string, string, string, number]> = [
    ['out.test.a', 'qrels.test', 'results.test', '-m all_trec', 60],
    ['out.test.aq', 'qrels.test', 'results.test', '-m all_trec -q', 230],
    ['out.test.aqc', 'qrels.test', 'results.trunc', '-m all_trec -q -c', 170],
    ['out.test.aqcM', 'qrels.test', 'results.trunc', '-m all_trec -q -c -M100', 170],
    ['out.test.aql', 'qrels.rel_level', 'results.test', '-m all_trec -q -l2', 230],
    [
      'out.test.meas_params',
      'qrels.test',
      'results.test',
      '-q -miprec_at_recall..10,.20,.25,.75,.50 -m P.5,7,3 -m recall.20,2000 -mndcg_cut.10,20,23.4 -msuccess.2,5,20',
      60,
    ],
  ];
  for (const [expected, qrels, results, args, minimum] of cases) {
    it(`${expected}: trec_eval ${args} ${qrels} ${results}`, () => {
      expectSameForOurMeasures(run([...V9, qrels], [...V9, results], args), readShared(...V9, expected), minimum);
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
          expectSameForOurMeasures(run(qrels, runFile, args), expected, 2500);
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
      expectSameForOurMeasures(run(qrels, runFile, args), readShared('data', 'trec_eval_expected', 'edge_cases', file), 200);
    });
  }
});
