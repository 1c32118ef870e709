import { describe, expect, it } from 'vitest';
import { importSnapshot } from '../snapshot/io';
import type { Snapshot } from '../snapshot/schema';
import { summarizeSnapshot } from '../snapshot/summary';
import { readSharedBytes } from '../../testing/shared';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';
import { REPORT_CSV_COLUMNS, REPORT_DEFAULTS, ReportInputError, buildReport, buildReports, escapeLatex, formatReport, resolveReportMeasures } from './index';

const demo = () => importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'snapshot.json.gz');

/** Three arms over 12 queries and two seeds: lion clearly above adamw, sgd_big clearly below. */
async function threeArms(): Promise<Snapshot> {
  const config = fixtureConfig({
    arms: [{ optimizer: 'adamw' }, { optimizer: 'lion' }, { optimizer: 'sgd', name: 'sgd_big' }],
    evalSets: [{ name: 'dl19', topics: 't', qrels: 'q', candidates: 'c', measures: ['ndcg_cut_10', 'map'] }],
  });
  const base = [0.31, 0.52, 0.44, 0.67, 0.29, 0.58, 0.61, 0.35, 0.49, 0.72, 0.4, 0.55];
  const shift: Record<string, number> = { adamw: 0, lion: 0.12, sgd_big: -0.2 };
  const runs = config.arms.flatMap((arm, a) =>
    config.seeds.map((seed) => {
      const noise = (q: number) => 0.01 * (((q * 7 + seed * 3 + a * 2) % 5) - 2);
      const values = Object.fromEntries(base.map((v, q) => [`q${q}`, Math.min(1, Math.max(0, v + shift[arm.name] + noise(q)))]));
      return fixtureRun(config, arm.name, seed, [fixtureEvaluation('dl19', 3, { ndcg_cut_10: values, map: values })]);
    }),
  );
  return fixtureSnapshot(config, runs);
}

describe('the Demo report has the results view’s numbers', () => {
  it.each(['ttest', 'randomization', 'tukey'] as const)('%s: every mean is summarizeSnapshot’s; the baseline comparison is the summary’s', async (test) => {
    const snapshot = await demo();
    const summary = summarizeSnapshot(snapshot);
    const [report] = buildReports([{ snapshot, source: 'snapshot.json.gz' }], { ...REPORT_DEFAULTS, test });
    expect(report.sections.map((s) => s.evalSet)).toEqual(['dl19', 'dl20']);
    const cells = report.sections.flatMap((s) => s.cells.map((c) => ({ ...c, evalSet: s.evalSet })));
    expect(cells).toHaveLength(summary.cells.length);
    for (const cell of summary.cells) {
      const ours = cells.find((c) => c.evalSet === cell.evalSet && c.system === cell.arm && c.measure === cell.measure)!;
      expect([ours.mean, ours.seeds, ours.queries]).toEqual([cell.mean, cell.seeds, cell.queries]);
    }
    for (const c of summary.comparisons) {
      const pair = report.sections.find((s) => s.evalSet === c.evalSet)!.pairs.find((p) => p.measure === c.measure)!;
      expect(pair.effect).toEqual({ system: 'lion', meanDifference: c.meanDifference, ciLow: c.ci95.low, ciHigh: c.ci95.high });
      if (test === 'ttest') expect(pair.p).toBe(c.tTest.p);
      if (test === 'randomization') expect(pair.p).toBe(c.randomizationP);
      // Two systems: Tukey's HSD is the t-test (Q = √2 |t|), to the precision of the integral
      if (test === 'tukey') expect(Math.abs(pair.p - c.tTest.p)).toBeLessThan(1e-9);
    }
    expect(report.notes).toContain('Not measured in this snapshot, so not shown: judged@10.');
  });
});

describe('letters, daggers and corrections', () => {
  it('rows get letters in order; a cell carries the letters it beats, † when it loses to the baseline', async () => {
    const report = buildReport(await threeArms(), REPORT_DEFAULTS);
    const [section] = report.sections;
    expect(section.systems.map((s) => `${s.letter}:${s.name}`)).toEqual(['a:adamw', 'b:lion', 'c:sgd_big']);
    const cell = (system: string) => section.cells.find((c) => c.system === system && c.measure === 'ndcg_cut_10')!;
    expect([cell('adamw').beats, cell('lion').beats, cell('sgd_big').beats]).toEqual([['sgd_big'], ['adamw', 'sgd_big'], []]);
    expect([cell('adamw').lossToBaseline, cell('lion').lossToBaseline, cell('sgd_big').lossToBaseline]).toEqual([false, false, true]);
    const md = formatReport([report], 'md');
    expect(md).toMatch(/^\| a \| adamw \| 0\.\d{4}<sup>c<\/sup> \| 0\.\d{4}<sup>c<\/sup> \|$/m);
    expect(md).toMatch(/^\| b \| lion \| 0\.\d{4}<sup>ac<\/sup> \| /m);
    expect(md).toMatch(/^\| c \| sgd_big \| 0\.\d{4}† \| 0\.\d{4}† \|$/m);
    // with lion as the baseline, adamw loses to it too
    const lionBase = buildReport(await threeArms(), { ...REPORT_DEFAULTS, baseline: 'lion' });
    expect(lionBase.sections[0].cells.filter((c) => c.lossToBaseline && c.measure === 'map').map((c) => c.system)).toEqual(['adamw', 'sgd_big']);
  });
  it('Bonferroni multiplies by the pairs of a column; none leaves p; Tukey ignores the correction', async () => {
    const snapshot = await threeArms();
    const p = (correction: 'holm' | 'bonferroni' | 'none', test: 'ttest' | 'tukey' = 'ttest') =>
      buildReport(snapshot, { ...REPORT_DEFAULTS, correction, test }).sections[0].pairs.filter((x) => x.measure === 'map');
    const none = p('none');
    expect(none.map((x) => x.pAdjusted)).toEqual(none.map((x) => x.p));
    expect(p('bonferroni').map((x) => x.pAdjusted)).toEqual(none.map((x) => Math.min(1, 3 * x.p)));
    expect(p('none', 'tukey')).toEqual(p('bonferroni', 'tukey'));
    expect(p('none', 'tukey')[0].pAdjusted).toBe(p('none', 'tukey')[0].p);
  });
});

describe('bad input is refused, naming it', () => {
  it('an unknown measure, a baseline that is not a system, a measure the snapshot lacks, Tukey with one system', async () => {
    expect(() => resolveReportMeasures('ndcg_cut_10,nDCG@1O')).toThrow(/unknown measure 'nDCG@1O'/);
    expect(resolveReportMeasures('NDCG@10, map,judged@10,mrr_cut_10')).toEqual(['ndcg_cut_10', 'map', 'judged_10', 'mrr_cut_10']);
    const snapshot = await demo();
    expect(() => buildReport(snapshot, { ...REPORT_DEFAULTS, baseline: 'sgd' }, 'demo.json.gz')).toThrow(
      "baseline 'sgd' is not a system of demo.json.gz (systems: adamw, lion)",
    );
    expect(() => buildReport(snapshot, { ...REPORT_DEFAULTS, measures: ['ndcg_cut_10', 'judged_10'] }, 'demo.json.gz')).toThrow(
      /demo.json.gz: no per-query values of judged_10 \(judged@10\)/,
    );
    const config = fixtureConfig({ arms: [{ optimizer: 'adamw' }] });
    const one = await fixtureSnapshot(config, [fixtureRun(config, 'adamw', 1, [fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.5, q2: 0.2 } })])]);
    expect(() => buildReport(one, { ...REPORT_DEFAULTS, test: 'tukey' }, 'one.json')).toThrow(ReportInputError);
    expect(() => buildReport(one, { ...REPORT_DEFAULTS, test: 'tukey' }, 'one.json')).toThrow("Tukey's HSD needs at least two systems; one.json has 1");
  });
  it('two snapshots of one experiment: merge first; two experiments: a section each', async () => {
    const snapshot = await demo();
    expect(() =>
      buildReports(
        [
          { snapshot, source: 'a.json.gz' },
          { snapshot, source: 'b.json.gz' },
        ],
        REPORT_DEFAULTS,
      ),
    ).toThrow(/a.json.gz and b.json.gz are snapshots of the same experiment \(demo, .*npm run merge/);
    const reports = buildReports(
      [
        { snapshot, source: 'a.json.gz' },
        { snapshot: await threeArms(), source: 'c.json' },
      ],
      REPORT_DEFAULTS,
    );
    expect(formatReport(reports, 'md').match(/^# .*$/gm)).toEqual(['# demo: comparison report', '# fixture: comparison report']);
  });
});

describe('formats', () => {
  it('CSV: long form; every mean recomputed here from the per-query values agrees', async () => {
    const snapshot = await demo();
    const csv = formatReport(buildReports([{ snapshot, source: 's' }], REPORT_DEFAULTS), 'csv');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header.split(',')).toEqual([...REPORT_CSV_COLUMNS]);
    for (const column of [
      'eval_set',
      'system',
      'measure',
      'mean',
      'n_queries',
      'seeds',
      'baseline',
      'delta',
      'ci_low',
      'ci_high',
      'p_value',
      'p_adjusted',
      'test',
      'significant_vs',
    ])
      expect(REPORT_CSV_COLUMNS).toContain(column);
    expect(rows).toHaveLength(2 * 2 * 4);
    const at = (name: string) => header.split(',').indexOf(name);
    for (const line of rows) {
      const row = line.split(',');
      const [set, arm, measure] = [row[at('eval_set')], row[at('system')], row[at('measure')]];
      // independently: completed runs' evaluation at their last step, mean over queries, then over seeds
      const perSeed = snapshot.runs
        .filter((r) => r.arm === arm && r.stop.reason === 'completed')
        .map((r) => r.evaluations.filter((e) => e.evalSet === set && e.step === r.stop.step).pop()!)
        .map((e) => {
          const values = Object.values(e.perQuery).map((v) => v[measure]);
          return values.reduce((s, v) => s + v, 0) / values.length;
        });
      const expected = perSeed.reduce((s, v) => s + v, 0) / perSeed.length;
      expect(Math.abs(Number(row[at('mean')]) - expected)).toBeLessThanOrEqual(1e-12 * expected);
      expect(Number(row[at('seeds')])).toBe(perSeed.length);
    }
  });
  it('LaTeX: ASCII, names escaped, booktabs tabular in a stand-alone document; HTML: escaped, standalone', async () => {
    expect(escapeLatex('a_b 5% & #1 {x} ~^\\ α − †')).toBe(
      'a\\_b 5\\% \\& \\#1 \\{x\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{} $\\alpha$ $-$ \\dag{}',
    );
    const reports = [buildReport(await threeArms(), REPORT_DEFAULTS, 'three_arms.json')];
    const latex = formatReport(reports, 'latex');
    expect(/^[\x20-\x7e\n]*$/.test(latex)).toBe(true);
    expect(latex.startsWith('\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}')).toBe(true);
    expect(latex).toMatch(/^c & sgd\\_big & 0\.\d{4}\\dag\{\} & /m);
    expect(latex).toMatch(/^b & lion & 0\.\d{4}\\textsuperscript\{ac\} & /m);
    expect(latex.trim().endsWith('\\end{document}')).toBe(true);
    const html = formatReport(reports, 'html');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toMatch(/<tr><td>b<\/td><td>lion<\/td><td>0\.\d{4}<sup>ac<\/sup><\/td>/);
    expect(formatReport([buildReport(await threeArms(), REPORT_DEFAULTS, 'a<b>&.json')], 'html')).toContain('<code>a&#60;b&#62;&#38;.json</code>');
  });
});
