/** A sweep's snapshot: one file with every finished experiment's snapshot, checked, capped and counted like a snapshot. */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../experiment/issues';
import { INPUT_LIMITS, InputTooLargeError } from '../limits';
import { gzipBomb } from '../../testing/gzipBomb';
import { readSharedBytes } from '../../testing/shared';
import { fixtureEvaluation, fixtureRun, fixtureSnapshot, fixtureSweepMemberConfig, fixtureSweepSnapshot } from '../../testing/snapshots';
import { assembleSweepSnapshot } from './assemble';
import { exportSnapshot, importAnySnapshot, importSnapshot, snapshotToJson } from './io';
import { readAnySnapshot } from './open';
import { sweepGapPoints } from './results';
import { isSweepSnapshot, type SweepSnapshot } from './schema';
import { decodeShareLink, encodeShareLink, shareFragmentOf } from './share';

/** Two sizes; Lion's NDCG@10 is AdamW's + 0.1 on every query of the small model, − 0.05 on the large one. */
async function twoSizeSweep(): Promise<SweepSnapshot> {
  const member = async (hidden: number, gap: number) => {
    const config = fixtureSweepMemberConfig('sw', hidden);
    const adamw = { q1: 0.3, q2: 0.5, q3: 0.7 };
    const lion = Object.fromEntries(Object.entries(adamw).map(([q, v]) => [q, v + gap]));
    const evals = (values: Record<string, number>) => ['dl19', 'dl20'].map((set) => fixtureEvaluation(set, 3, { ndcg_cut_10: values, map: values }));
    return fixtureSnapshot(
      config,
      [1, 2].flatMap((seed) => [fixtureRun(config, 'adamw', seed, evals(adamw)), fixtureRun(config, 'lion', seed, evals(lion))]),
    );
  };
  return fixtureSweepSnapshot('sw', 3, [await member(8, 0.1), await member(16, -0.05)]);
}

const jsonOf = async () => JSON.parse(snapshotToJson(await twoSizeSweep()));
const refusal = (json: unknown, file = 's.json') =>
  importAnySnapshot(strToU8(JSON.stringify(json)), file).then(
    () => 'accepted',
    (e: Error) => {
      expect(e instanceof SchemaValidationError || e instanceof InputTooLargeError, String(e)).toBe(true);
      return e.message;
    },
  );

describe('sweep snapshots', () => {
  it('export → import keeps every member, and the gap recomputed from it is the members’ own', async () => {
    const sweep = await twoSizeSweep();
    const back = await importAnySnapshot(exportSnapshot(sweep), 'sw.sweep.snapshot.json.gz');
    expect(back).toEqual(sweep);
    if (!isSweepSnapshot(back)) throw new Error('expected a sweep');
    const points = sweepGapPoints(back.members.map((snapshot) => ({ id: snapshot.config.name, snapshot })));
    // per eval set and model: a constant per-query difference, so the mean is it and the bootstrap CI collapses onto it
    expect(points.map((p) => [p.id, p.evalSet, +p.meanDifference.toFixed(12), +p.ciLow.toFixed(12), +p.ciHigh.toFixed(12)])).toEqual([
      ['sw/L1-H8', 'dl19', 0.1, 0.1, 0.1],
      ['sw/L1-H8', 'dl20', 0.1, 0.1, 0.1],
      ['sw/L1-H16', 'dl19', -0.05, -0.05, -0.05],
      ['sw/L1-H16', 'dl20', -0.05, -0.05, -0.05],
    ]);
    expect(points[0]!.parameters).toBeLessThan(points[2]!.parameters!);
  });

  it('a real snapshot from npm run experiment (the Demo) is accepted as a member; an experiment reader says what a sweep file is', async () => {
    const demo = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz');
    const sweep = assembleSweepSnapshot('demo-sweep', 2, [demo], new Date('2026-01-03T00:00:00Z'));
    const bytes = exportSnapshot(sweep);
    expect(await importAnySnapshot(bytes, 'demo-sweep.json.gz')).toEqual(sweep);
    expect(await importAnySnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz')).toEqual(demo);
    await expect(importSnapshot(bytes, 'demo-sweep.json.gz')).rejects.toThrow(
      "demo-sweep.json.gz: a sweep's snapshot, where one experiment's snapshot is expected (open it in the page to see the sweep)",
    );
  });

  it('refuses too many members, and a member over a snapshot cap, before the schema runs, naming the field', async () => {
    const json = await jsonOf();
    expect(await refusal({ ...json, members: Array(INPUT_LIMITS.snapshotSweepMembers + 1).fill(json.members[0]) })).toBe(
      's.json: members: 257 is more than the lab reads (limit 256, INPUT_LIMITS.snapshotSweepMembers)',
    );
    const manyRuns = structuredClone(json);
    manyRuns.members[1].runs = Array(INPUT_LIMITS.snapshotRuns + 1).fill({});
    expect(await refusal(manyRuns)).toBe('s.json: members[1].runs: 4,097 is more than the lab reads (limit 4,096, INPUT_LIMITS.snapshotRuns)');
    const manyArms = structuredClone(json);
    manyArms.members[0].config.arms = Array(INPUT_LIMITS.snapshotArms + 1).fill(manyArms.members[0].config.arms[0]);
    expect(await refusal(manyArms)).toMatch(/^s\.json: members\[0\]\.config\.arms: 65 is more than the lab reads/);
    const manyQueries = structuredClone(json);
    manyQueries.members[1].runs[2].evaluations[1].perQuery = Object.fromEntries(
      Array.from({ length: INPUT_LIMITS.snapshotQueriesPerEvaluation + 1 }, (_, i) => [`q${i}`, {}]),
    );
    expect(await refusal(manyQueries)).toMatch(/^s\.json: members\[1\]\.runs\[2\]\.evaluations\[1\]\.perQuery: 100,001 is more than the lab reads/);
    const manyPoints = structuredClone(json);
    manyPoints.members[0].runs[0].curve = Array(INPUT_LIMITS.snapshotCurvePointsPerRun + 1).fill(0);
    expect(await refusal(manyPoints)).toMatch(/^s\.json: members\[0\]\.runs\[0\]\.curve: 1,000,001 is more than the lab reads/);
  });

  it('refuses a member that breaks the schema, a config edited after the run, and counts that do not add up, naming the field', async () => {
    const json = await jsonOf();
    const badSeed = structuredClone(json);
    badSeed.members[1].runs[0].seed = 7;
    expect(await refusal(badSeed)).toMatch(/members\[1\]\.runs\[0\]\.seed: seed 7 is not among the config's seeds/);
    const edited = structuredClone(json);
    edited.members[0].config.steps = 4;
    expect(await refusal(edited)).toMatch(/^s\.json: members\[0\]\.configHash: the stored hash [0-9a-f]{12}… does not match the config/);
    expect(await refusal({ ...json, sweep: { name: 'sw', experiments: 1 } })).toMatch(
      /members: 2 finished experiments in a sweep of 1 \(sweep\.experiments counts them all\)/,
    );
    expect(await refusal({ ...json, members: [json.members[0], json.members[0]] })).toBe(
      's.json: members[1].config.name: duplicate experiment "sw/L1-H8" in the sweep',
    );
    expect(await refusal({ ...json, members: [] })).toBe('s.json: members: expected at least 1 item (got a list)');
    expect(await refusal({ ...json, schemaVersion: 2 })).toBe('s.json: schemaVersion: this lab reads sweep snapshot schema version 1, the file says 2');
    expect(await refusal({ ...json, extra: 1 })).toBe('s.json: (top level): unknown field "extra" (check the spelling)');
  });

  it('the byte caps hold before and while inflating: an oversized file and a gzip bomb are refused', async () => {
    await expect(importAnySnapshot(new Uint8Array(INPUT_LIMITS.snapshotFileBytes + 1), 'big.json')).rejects.toThrow(/INPUT_LIMITS\.snapshotFileBytes/);
    await expect(readAnySnapshot([gzipBomb(24 * 2 ** 20)], 'bomb.json.gz')).rejects.toThrow(/a gzip bomb\? \(limit 200, INPUT_LIMITS\.gzipRatio\)$/);
  });

  it('a share link carries a sweep like a snapshot; one too large says it is a sweep and offers the file', async () => {
    const sweep = await twoSizeSweep();
    const link = encodeShareLink(sweep, 'https://lab.example/');
    if (!link.ok) throw new Error(link.message);
    expect(link.omitted).toEqual([]);
    expect((await decodeShareLink(shareFragmentOf(new URL(link.url).hash)!)).snapshot).toEqual(sweep);
    const none = encodeShareLink(sweep, 'https://lab.example/', 200);
    expect(none.ok).toBe(false);
    if (!none.ok)
      expect(none.message).toMatch(
        /^This sweep is too large for a link: even without its TREC runs it needs .* Share the snapshot file \(\.json\.gz\) instead\.$/,
      );
  });
});
