/**
 * Property-based tests of merging (merge.ts): a random study (arms adamw and lion, seeds 1–3, random per-query values,
 * some runs diverged, initial-weights hashes on some seeds) cut into two to four pieces at random — each piece's config
 * holding only its own runs' seeds and arms, or the whole config as a PyTorch import has it — merges back into the study
 * (config, config hash, runs and summary), and every order of the pieces gives the same merged snapshot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../testing/property';
import { pieceOf, withoutProvenance } from '../../testing/mergeParts';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';
import { mergeSnapshots } from './merge';
import type { Snapshot } from './schema';
import { summarizeSnapshot } from './summary';

const OPTIONS = { app: { version: '0.1.0', commit: 'property' }, createdAt: new Date('2026-02-01T00:00:00Z') };
const config = fixtureConfig({ seeds: [1, 2, 3] });
const CELLS = config.seeds.flatMap((seed) => config.arms.map((arm) => ({ arm: arm.name, seed })));
const QIDS = ['q1', 'q2', 'q3'];

const values = fc.tuple(...QIDS.map(() => fc.double({ min: 0, max: 1, noNaN: true }))).map((v) => Object.fromEntries(QIDS.map((q, i) => [q, v[i]!])));
const cell = fc.record({ ndcg: values, map: values, diverged: fc.boolean(), piece: fc.nat(3) });

const studies = fc
  .record({
    cells: fc.tuple(...CELLS.map(() => cell)),
    hashedSeeds: fc.subarray([1, 2, 3]),
    fullConfig: fc.boolean(),
    keys: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  })
  .map(async ({ cells, hashedSeeds, fullConfig, keys }) => {
    const runs = CELLS.map(({ arm, seed }, i) => {
      const c = cells[i];
      const run = fixtureRun(
        config,
        arm,
        seed,
        ['dl19', 'dl20'].map((set) => fixtureEvaluation(set, 3, { ndcg_cut_10: c.ndcg, map: c.map })),
        c.diverged ? { reason: 'non-finite', step: 3, quantity: 'loss' } : undefined,
      );
      return hashedSeeds.includes(seed) ? { ...run, initialWeightsHash: String(seed).repeat(64) } : run;
    });
    const study = await fixtureSnapshot(config, runs);
    const pieceOfCell = new Map(CELLS.map(({ arm, seed }, i) => [`${arm}/${seed}`, cells[i].piece]));
    const pieces: Snapshot[] = [];
    for (const p of new Set(pieceOfCell.values())) pieces.push(await pieceOf(study, (r) => pieceOfCell.get(`${r.arm}/${r.seed}`) === p, { fullConfig }));
    const inputs = pieces.map((snapshot, i) => ({ file: `machine-${i}.json.gz`, snapshot }));
    // The inputs in a random order: the merge must not depend on the order it is given them in.
    const shuffled = inputs
      .map((input, i) => ({ input, key: keys[i]! }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.input);
    return { study, inputs, shuffled };
  });

describe('merge (property)', () => {
  it('split ∘ merge gives the study back, with its summary, whatever the order of the pieces', async () => {
    await checkProperty(
      fc.asyncProperty(studies, async (pending) => {
        const { study, inputs, shuffled } = await pending;
        fc.pre(inputs.length >= 2);
        const merged = await mergeSnapshots(inputs, OPTIONS);
        const again = await mergeSnapshots(shuffled, OPTIONS);
        expect(again).toEqual(merged);
        const snapshot = merged.snapshot as Snapshot;
        expect(snapshot.configHash).toBe(study.configHash);
        expect(withoutProvenance(snapshot)).toEqual(withoutProvenance(study));
        expect(summarizeSnapshot(snapshot)).toEqual(summarizeSnapshot(study));
        expect(new Set(snapshot.runs.map((r) => r.origin!.file))).toEqual(new Set(inputs.map((i) => i.file)));
      }),
      25,
    );
  });
});
