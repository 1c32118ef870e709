import { gunzipSync, strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../experiment/issues';
import { exportSnapshot, importSnapshot, snapshotSchema, snapshotToJson, tuningRecordSchema, mergeRecordSchema, summarizeSnapshot, summaryMarkdown } from '.';
import type { Snapshot } from '.';
import { bootstrapCI, pairedTTest } from '../stats';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';

const config = fixtureConfig();
const adamwValues = [
  { q1: 0.5, q2: 0.2, q3: 0.8 },
  { q1: 0.7, q2: 0.1, q3: 0.4 },
];
const lionValues = [
  { q1: 0.6, q2: 0.2, q3: 0.9 },
  { q1: 0.8, q2: 0.3, q3: 0.4 },
];

function evaluations(values: Record<string, number>, step = 3) {
  return ['dl19', 'dl20'].map((set) =>
    fixtureEvaluation(set, step, { ndcg_cut_10: values, map: Object.fromEntries(Object.entries(values).map(([q, v]) => [q, v / 2])) }),
  );
}

async function handSnapshot(): Promise<Snapshot> {
  return fixtureSnapshot(config, [
    fixtureRun(config, 'adamw', 1, [...evaluations({ q1: 0, q2: 0, q3: 0 }, 0), ...evaluations(adamwValues[0])]),
    fixtureRun(config, 'lion', 1, evaluations(lionValues[0])),
    fixtureRun(config, 'adamw', 2, evaluations(adamwValues[1])),
    fixtureRun(config, 'lion', 2, evaluations(lionValues[1])),
  ]);
}

describe('summarizeSnapshot recomputes everything from per-query values', () => {
  it('arm means: mean over queries per seed, then over seeds', async () => {
    const summary = summarizeSnapshot(await handSnapshot());
    const cell = summary.cells.find((c) => c.arm === 'adamw' && c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10')!;
    expect(cell.seeds).toEqual([1, 2]);
    expect(cell.seedMeans[0]).toBeCloseTo(0.5, 15);
    expect(cell.seedMeans[1]).toBeCloseTo(0.4, 15);
    expect(cell.mean).toBeCloseTo(0.45, 15);
    expect(cell.seedStd).toBeCloseTo(Math.SQRT1_2 / 10, 15);
    expect(cell.queries).toBe(3);
    const lionMap = summary.cells.find((c) => c.arm === 'lion' && c.evalSet === 'dl20' && c.measure === 'map')!;
    expect(lionMap.mean).toBeCloseTo((1.7 / 3 + 1.5 / 3) / 4, 15);
    expect(summary.cells).toHaveLength(2 * 2 * 2);
    expect(summary.excludedRuns).toEqual([]);
  });

  it('Lion − AdamW: per query averaged over seeds first, then paired; Holm over all comparisons', async () => {
    const summary = summarizeSnapshot(await handSnapshot());
    expect(summary.comparisons.map((c) => [c.evalSet, c.measure])).toEqual([
      ['dl19', 'ndcg_cut_10'],
      ['dl19', 'map'],
      ['dl20', 'ndcg_cut_10'],
      ['dl20', 'map'],
    ]);
    const c = summary.comparisons[0];
    // Per-query seed averages: Lion (0.7, 0.25, 0.65), AdamW (0.6, 0.15, 0.6): differences (0.1, 0.1, 0.05).
    expect(c.meanDifference).toBeCloseTo(0.25 / 3, 15);
    expect([c.wins, c.ties, c.losses, c.queries, c.seeds]).toEqual([3, 0, 0, 3, [1, 2]]);
    // By hand: sd of the differences = 1/sqrt(1200), so t = 5 with df 2, and for df 2 p = 1 − t/sqrt(2 + t²).
    expect(c.tTest.t).toBeCloseTo(5, 9);
    expect(c.tTest.df).toBe(2);
    expect(c.tTest.p).toBeCloseTo(1 - 5 / Math.sqrt(27), 9);
    expect(c.tTest.p).toBeCloseTo(pairedTTest([0.7, 0.25, 0.65], [0.6, 0.15, 0.6]).p, 9);
    // Exact sign-flip test over 2³ assignments: only all-plus and all-minus reach |0.25|.
    expect(c.randomizationP).toBe(0.25);
    // A percentile bootstrap interval lies within the smallest and largest difference and holds the mean.
    expect(c.ci95.low).toBeGreaterThanOrEqual(0.05 - 1e-12);
    expect(c.ci95.high).toBeLessThanOrEqual(0.1 + 1e-12);
    expect(c.ci95.low).toBeLessThan(c.meanDifference);
    expect(c.ci95.high).toBeGreaterThan(c.meanDifference);
    expect(c.ci95.low).toBeCloseTo(bootstrapCI([0.7, 0.25, 0.65], [0.6, 0.15, 0.6], { seed: 20_230_213 }).lower, 12);
    // Four comparisons with equal p: Holm multiplies each by 4.
    for (const comparison of summary.comparisons) {
      expect(comparison.holmTTestP).toBeCloseTo(4 * (1 - 5 / Math.sqrt(27)), 9);
      expect(comparison.holmRandomizationP).toBe(1);
    }
  });

  it('a run stopped by a non-finite loss is left out, and its seed is dropped from the pairing', async () => {
    const snapshot = await fixtureSnapshot(config, [
      fixtureRun(config, 'adamw', 1, evaluations(adamwValues[0])),
      fixtureRun(config, 'lion', 1, evaluations(lionValues[0])),
      fixtureRun(config, 'adamw', 2, evaluations(adamwValues[1])),
      fixtureRun(config, 'lion', 2, evaluations(lionValues[1], 1), { reason: 'non-finite', step: 2, quantity: 'loss' }),
    ]);
    const summary = summarizeSnapshot(snapshot);
    expect(summary.excludedRuns).toEqual([{ runId: 'fixture/lion/seed-2', reason: 'stopped at step 2: non-finite loss' }]);
    expect(summary.comparisons[0].seeds).toEqual([1]);
    expect(summary.comparisons[0].meanDifference).toBeCloseTo((0.1 + 0 + 0.1) / 3, 15);
    expect(summary.cells.find((c) => c.arm === 'adamw')!.seeds).toEqual([1, 2]);
    expect(summary.notes).toContain('lion − adamw on dl19: seed 2 left out (finished by one arm only)');
  });

  it('a configured measure with no per-query values gets no cell (not a NaN mean) and a note', async () => {
    const oneArm = fixtureConfig({ seeds: [1], arms: [{ optimizer: 'adamw', lr: 1e-3 }] });
    const only = (set: string) => fixtureEvaluation(set, 3, { ndcg_cut_10: { q1: 0.5, q2: 0.25 } });
    const summary = summarizeSnapshot(await fixtureSnapshot(oneArm, [fixtureRun(oneArm, 'adamw', 1, [only('dl19'), only('dl20')])]));
    expect(summary.cells.map((c) => `${c.evalSet}/${c.measure}=${c.mean}`)).toEqual(['dl19/ndcg_cut_10=0.375', 'dl20/ndcg_cut_10=0.375']);
    expect(summary.notes).toContain('adamw on dl19 (map): no per-query values for seed 1');
  });
});

describe('snapshot files', () => {
  it('export → import gives the same snapshot and the same recomputed numbers (NaN curve values included)', async () => {
    const snapshot = await fixtureSnapshot(config, [
      fixtureRun(config, 'adamw', 1, evaluations(adamwValues[0])),
      fixtureRun(config, 'lion', 1, evaluations(lionValues[0]), { reason: 'non-finite', step: 3, quantity: 'gradient' }),
    ]);
    const bytes = exportSnapshot(snapshot);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(exportSnapshot(snapshot)).toEqual(bytes);
    const back = await importSnapshot(bytes, 'result.json.gz');
    expect(back).toEqual(snapshot);
    expect(Number.isNaN(back.runs[1].curve[2].loss)).toBe(true);
    expect(back.runs[1].curve[2].gradNorm).toBe(Number.POSITIVE_INFINITY);
    expect(summarizeSnapshot(back)).toEqual(summarizeSnapshot(snapshot));
    // Plain JSON imports too.
    expect(await importSnapshot(strToU8(snapshotToJson(snapshot)), 'result.json')).toEqual(snapshot);
  });

  it('an edited per-query value changes the recomputed numbers (nothing is cached)', async () => {
    const snapshot = await handSnapshot();
    const json = JSON.parse(strFromU8(gunzipSync(exportSnapshot(snapshot))));
    json.runs[1].evaluations[0].perQuery.q2.ndcg_cut_10 = 0.95;
    const tampered = await importSnapshot(strToU8(JSON.stringify(json)), 'tampered.json');
    const before = summarizeSnapshot(snapshot);
    const after = summarizeSnapshot(tampered);
    expect(after.comparisons[0].meanDifference).toBeCloseTo(before.comparisons[0].meanDifference + 0.75 / 2 / 3, 12);
    expect(after.cells.find((c) => c.arm === 'lion' && c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10')!.mean).not.toBe(
      before.cells.find((c) => c.arm === 'lion' && c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10')!.mean,
    );
    expect(summaryMarkdown(after)).not.toBe(summaryMarkdown(before));
  });

  it('an edited config no longer matches its hash', async () => {
    const json = JSON.parse(snapshotToJson(await handSnapshot()));
    json.config.arms[1].lr = 2e-5;
    await expect(importSnapshot(strToU8(JSON.stringify(json)), 'edited.json')).rejects.toThrow(
      /^edited\.json: configHash: the stored hash .* does not match the config/,
    );
  });

  it('bad files get errors naming the file and the field', async () => {
    const good = JSON.parse(snapshotToJson(await handSnapshot()));
    const problems = async (mutate: (s: typeof good) => void) => {
      const copy = structuredClone(good);
      mutate(copy);
      try {
        await importSnapshot(strToU8(JSON.stringify(copy)), 's.json');
      } catch (error) {
        expect(error).toBeInstanceOf(SchemaValidationError);
        return (error as SchemaValidationError).problems;
      }
      throw new Error('expected a rejection');
    };
    expect(await problems((s) => (s.runs[0].evaluations[0].perQuery.q1.map = 'NaN'))).toEqual([
      's.json: runs[0].evaluations[0].perQuery.q1.map: expected a number (got "NaN")',
    ]);
    expect(await problems((s) => (s.runs[2].seed = 9))).toEqual([
      "s.json: runs[2].seed: seed 9 is not among the config's seeds (1, 2)",
      's.json: runs[2].runId: expected "fixture/adamw/seed-9" for arm adamw, seed 9',
    ]);
    expect(await problems((s) => s.runs[1].batchHashes.pop())).toEqual(['s.json: runs[1].batchHashes: 2 batch hashes for 3 steps (one per step)']);
    expect(await problems((s) => (s.runs[1].evaluations[1].evalSet = 'dl21'))).toEqual([
      's.json: runs[1].evaluations[1].evalSet: no evaluation set "dl21" in the config',
    ]);
    expect(await problems((s) => (s.runs[0].stop = { reason: 'crashed', step: 3 }))).toEqual([
      's.json: runs[0].stop.reason: expected "completed" or "non-finite" or "stopped-by-user" (got "crashed")',
    ]);
    expect(await problems((s) => (s.schemaVersion = 2))).toEqual(['s.json: schemaVersion: this lab reads snapshot schema version 1, the file says 2']);
    expect(await problems((s) => delete s.kind)).toEqual(['s.json: not a Rerank Lab snapshot (expected "kind": "rerank-lab-snapshot")']);
    const truncated = exportSnapshot(await handSnapshot()).slice(0, 40);
    await expect(importSnapshot(truncated, 'cut.json.gz')).rejects.toThrow(/^cut\.json\.gz: not a readable gzip file/);
  });

  it('the schema holds no summary numbers', () => {
    expect(Object.keys(snapshotSchema.shape)).toEqual(['schemaVersion', 'kind', 'createdAt', 'config', 'configHash', 'environment', 'runs', 'tuning', 'merge']);
    // A merged snapshot's provenance: who merged it and its sources (files, times, config hashes, environments).
    expect(Object.keys(mergeRecordSchema.shape)).toEqual(['app', 'sources']);
    // A tuning study's part: the study and its trials' runs; the selection and time to target are recomputed from them.
    expect(Object.keys(tuningRecordSchema.shape)).toEqual(['study', 'runs']);
    expect(Object.keys(snapshotSchema.shape.runs.element.shape)).toEqual([
      'runId',
      'arm',
      'seed',
      'stop',
      'curve',
      'batchHashes',
      'evaluations',
      'runtime',
      'hardware',
      'initialWeightsHash',
      'precision',
      'origin',
    ]);
  });
});

describe('summaryMarkdown', () => {
  it('renders per arm × eval set tables and Lion − AdamW rows with fixed formatting', async () => {
    const summary = summarizeSnapshot(await handSnapshot());
    const markdown = summaryMarkdown(summary);
    const lines = markdown.split('\n');
    expect(lines).toContain('## dl19 (binary measures at relevance ≥ 2, trec_eval -l 2)');
    expect(lines).toContain('| arm | optimizer | seeds | queries | NDCG@10 | MAP |');
    expect(lines).toContain('| adamw | AdamW | 2 | 3 | 0.4500 ± 0.0707 | 0.2250 ± 0.0354 |');
    expect(lines).toContain('| lion | Lion | 2 | 3 | 0.5333 ± 0.0471 | 0.2667 ± 0.0236 |');
    const row = lines.find((l) => l.startsWith('| dl19 | NDCG@10 |'))!;
    expect(row).toMatch(
      /^\| dl19 \| NDCG@10 \| \+0\.0833 \| \[\+0\.0\d{3}, \+0\.\d{4}\] \| 0\.0377 \| 0\.2500 \| 0\.1510 \| 1\.0000 \| 3 \/ 0 \/ 0 \| 3 \| 2 \|$/,
    );
    expect(summaryMarkdown(summarizeSnapshot(await handSnapshot()))).toBe(markdown);
  });
});

describe('the baseline arm', () => {
  const threeArms = { arms: [{ optimizer: 'adamw' }, { optimizer: 'lion' }, { optimizer: 'sgd' }] };
  const sgdValues = [
    { q1: 0.1, q2: 0.2, q3: 0.3 },
    { q1: 0.3, q2: 0.2, q3: 0.1 },
  ];
  async function snapshotWith(overrides: Record<string, unknown>) {
    const c = fixtureConfig({ ...threeArms, ...overrides });
    return fixtureSnapshot(c, [
      ...[0, 1].flatMap((k) => [
        fixtureRun(c, 'adamw', k + 1, evaluations(adamwValues[k])),
        fixtureRun(c, 'lion', k + 1, evaluations(lionValues[k])),
        fixtureRun(c, 'sgd', k + 1, evaluations(sgdValues[k])),
      ]),
    ]);
  }

  it('every other arm is compared with it: the AdamW arm by default, or the one the config names', async () => {
    const byDefault = summarizeSnapshot(await snapshotWith({}));
    expect(new Set(byDefault.comparisons.map((c) => `${c.treatment} − ${c.baseline}`))).toEqual(new Set(['lion − adamw', 'sgd − adamw']));
    // Lion − AdamW is the same comparison as in the two-arm study (Holm now spans more comparisons).
    const lion = byDefault.comparisons.find((c) => c.treatment === 'lion' && c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10')!;
    const twoArms = summarizeSnapshot(await handSnapshot()).comparisons[0];
    expect([lion.meanDifference, lion.tTest, lion.randomizationP, lion.ci95]).toEqual([
      twoArms.meanDifference,
      twoArms.tTest,
      twoArms.randomizationP,
      twoArms.ci95,
    ]);
    const markdown = summaryMarkdown(byDefault).split('\n');
    expect(markdown).toContain('## Lion, SGD − AdamW');
    // Several pairs: each row names its arms.
    expect(markdown.filter((l) => l.startsWith('| dl19 | NDCG@10 (')).map((l) => l.split(' | ')[1])).toEqual([
      'NDCG@10 (lion − adamw)',
      'NDCG@10 (sgd − adamw)',
    ]);
    expect(markdown).toContain('| sgd | SGD | 2 | 3 | 0.2000 ± 0.0000 | 0.1000 ± 0.0000 |');

    const sgdBase = summarizeSnapshot(await snapshotWith({ baselineArm: 'sgd' }));
    expect(new Set(sgdBase.comparisons.map((c) => `${c.treatment} − ${c.baseline}`))).toEqual(new Set(['adamw − sgd', 'lion − sgd']));
    const adamwVsSgd = sgdBase.comparisons.find((c) => c.treatment === 'adamw' && c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10')!;
    // Per-query seed averages: AdamW (0.6, 0.15, 0.6), SGD (0.2, 0.2, 0.2).
    expect(adamwVsSgd.meanDifference).toBeCloseTo((0.4 - 0.05 + 0.4) / 3, 15);
    expect(summaryMarkdown(sgdBase).split('\n')).toContain('## AdamW, Lion − SGD');
  });
});
