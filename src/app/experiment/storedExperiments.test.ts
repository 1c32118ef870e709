import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LabStorage } from '../../storage/stores';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot, FIXTURE_ENVIRONMENT } from '../../testing/snapshots';
import { storeSnapshot } from '../../testing/storedSnapshots';
import { storedSnapshot } from './storedExperiments';

describe('an experiment reopened from storage', () => {
  it("keeps each finished run's initial-weights hash and precision, as the worker stored them; runs stored before them have neither", async () => {
    const storage = new LabStorage({ dbPrefix: `stored-${Math.random().toString(36).slice(2)}` });
    const config = fixtureConfig({ seeds: [1] });
    const evals = [fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.2, q2: 0.4 } })];
    const snapshot = await fixtureSnapshot(config, [
      { ...fixtureRun(config, 'adamw', 1, evals), initialWeightsHash: '7'.repeat(64), precision: 'float32' },
      fixtureRun(config, 'lion', 1, evals),
    ]);
    await storeSnapshot(storage, snapshot);
    const back = await storedSnapshot(storage, () => FIXTURE_ENVIRONMENT, snapshot.configHash);
    expect(back!.runs).toEqual(snapshot.runs);
    expect('initialWeightsHash' in back!.runs[1]).toBe(false);
  });
});
