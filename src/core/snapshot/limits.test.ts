/** Snapshots are untrusted: size and count limits are enforced before anything is built. */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gzipBomb } from '../../testing/gzipBomb';
import { INPUT_LIMITS, InputTooLargeError } from '../limits';
import { importSnapshot, snapshotToJson } from '.';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';

async function goodJson() {
  const config = fixtureConfig();
  const evaluation = fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.5, q2: 0.25 } });
  return JSON.parse(snapshotToJson(await fixtureSnapshot(config, [fixtureRun(config, 'adamw', 1, [evaluation])])));
}

const refusal = async (json: unknown) => {
  const error = await importSnapshot(strToU8(JSON.stringify(json)), 's.json').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputTooLargeError);
  return (error as Error).message;
};

describe('snapshot import limits', () => {
  it('a gzip bomb (4 MB inflating to 4 GiB) is refused by its compression ratio after a few MiB of output, in bounded memory', async () => {
    const bomb = gzipBomb(4 * 2 ** 30);
    const before = process.memoryUsage().arrayBuffers;
    const message = await importSnapshot(bomb, 'bomb.json.gz').then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    const inflated =
      /^bomb\.json\.gz: 32\.0 KiB of gzip inflate to more than (\d+\.\d) MiB, over 200 times their size: a gzip bomb\? \(limit 200, INPUT_LIMITS\.gzipRatio\)$/.exec(
        message,
      );
    expect(inflated, message).not.toBeNull();
    // what was inflated before the refusal: about two 16 KiB slices' output (the exact bound), not gigabytes
    expect(Number(inflated![1])).toBeLessThan(40);
    // what was allocated and not yet collected (depends on when the GC ran, hence the loose bound): not gigabytes
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 2 ** 20);
  });

  it('a file over the stored-size limit is refused before it is inflated or parsed', async () => {
    const big = new Uint8Array(INPUT_LIMITS.snapshotFileBytes + 1);
    await expect(importSnapshot(big, 'big.json')).rejects.toThrow(
      /^big\.json: the file is 64\.0 MiB, more than 64\.0 MiB \(limit 67,108,864, INPUT_LIMITS\.snapshotFileBytes\)$/,
    );
  });

  it('counts over the limits are refused, naming where', async () => {
    const json = await goodJson();
    expect(await refusal({ ...json, runs: Array(INPUT_LIMITS.snapshotRuns + 1).fill({}) })).toBe(
      's.json: runs: 4,097 is more than the lab reads (limit 4,096, INPUT_LIMITS.snapshotRuns)',
    );
    expect(await refusal({ ...json, config: { ...json.config, arms: Array(65).fill(json.config.arms[0]) } })).toMatch(/^s\.json: config\.arms: 65 is more/);
    const source = { file: 'a.json.gz', createdAt: json.createdAt, configHash: json.configHash, environment: json.environment };
    expect(await refusal({ ...json, merge: { app: json.environment.app, sources: Array(INPUT_LIMITS.snapshotRuns + 1).fill(source) } })).toBe(
      's.json: merge.sources: 4,097 is more than the lab reads (limit 4,096, INPUT_LIMITS.snapshotRuns)',
    );
    const manyDocs = structuredClone(json);
    manyDocs.runs[0].evaluations[0].run.q2 = Array(INPUT_LIMITS.snapshotDocsPerQuery + 1).fill({ docno: 'd', score: 1 });
    expect(await refusal(manyDocs)).toMatch(/^s\.json: runs\[0\]\.evaluations\[0\]\.run\.q2: 10,001 is more than the lab reads/);
    const manyPoints = structuredClone(json);
    manyPoints.runs[0].curve = { length: 1 }; // not an array: left to the schema, which names it
    await expect(importSnapshot(strToU8(JSON.stringify(manyPoints)), 's.json')).rejects.toThrow(/runs\[0\]\.curve/);
  });

  it('a snapshot within the limits imports', async () => {
    const json = await goodJson();
    expect((await importSnapshot(strToU8(JSON.stringify(json)), 's.json')).runs).toHaveLength(1);
  });
});
