import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { configHash } from '../../core/experiment/hash';
import { sweepGapPoints } from '../../core/snapshot/results';
import { LabStorage } from '../../storage/stores';
import { fixtureEvaluation, fixtureRun, fixtureSnapshot, fixtureSweepMemberConfig, FIXTURE_ENVIRONMENT } from '../../testing/snapshots';
import { storeSnapshot } from '../../testing/storedSnapshots';
import { storedSweep } from './sweepSequencer';

describe('a sweep reopened from storage', () => {
  it('is the finished experiments’ snapshots, read back from IndexedDB, with the gaps of the snapshots that were stored', async () => {
    const storage = new LabStorage({ dbPrefix: `sweep-${Math.random().toString(36).slice(2)}` });
    const member = async (hidden: number, lift: number) => {
      const config = fixtureSweepMemberConfig('sw', hidden);
      const evals = (lift: number) => [fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.2 + lift, q2: 0.4, q3: 0.6 + lift / 2 } })];
      return fixtureSnapshot(
        config,
        [1, 2].flatMap((seed) => [fixtureRun(config, 'adamw', seed, evals(0)), fixtureRun(config, 'lion', seed, evals(lift))]),
      );
    };
    const [small, large, unfinished] = [await member(8, 0.2), await member(16, -0.1), await member(24, 0.3)];
    for (const snapshot of [small, large]) await storeSnapshot(storage, snapshot);
    await storeSnapshot(storage, unfinished, false);
    await storage.saveSweep('sw', [
      ...[small, large, unfinished].map((s) => ({ name: s.config.name, configHash: s.configHash })),
      { name: 'sw/L1-H32', configHash: await configHash(fixtureSweepMemberConfig('sw', 32)) },
    ]);
    const view = await storedSweep(storage, () => FIXTURE_ENVIRONMENT, 'sw');
    expect(view.name).toBe('sw');
    expect(view.total).toBe(4);
    expect(view.finished.map((f) => f.id)).toEqual(['sw/L1-H8', 'sw/L1-H16']);
    // the snapshot the page exports for it: the stored runs, in the config's run order, with the recorded adapter
    expect(view.finished.map((f) => f.snapshot.runs)).toEqual([small.runs, large.runs]);
    expect(view.finished[0]!.snapshot.environment).toEqual(FIXTURE_ENVIRONMENT);
    const gaps = sweepGapPoints(view.finished);
    expect(gaps).toEqual(sweepGapPoints([small, large].map((snapshot) => ({ id: snapshot.config.name, snapshot }))));
    // per query (+0.2, 0, +0.1) and (−0.1, 0, −0.05): means +0.1 and −0.05
    expect(gaps.map((g) => +g.meanDifference.toFixed(12))).toEqual([0.1, -0.05]);
    await expect(storedSweep(storage, () => FIXTURE_ENVIRONMENT, 'gone')).rejects.toThrow('The sweep gone is no longer in this browser’s storage.');
  });
});
