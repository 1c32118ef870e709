/**
 * Test-only: a snapshot's experiment and runs written into the lab's storage as runs in the page leave them (the
 * experiment, each run's record with its adapter (and, once finished, its initial-weights hash and precision), curve points with their batch hashes, evaluations). Used in Node
 * (fake-indexeddb) and, through the dev server, inside the page by the e2e specs.
 */
import type { Snapshot } from '../core/snapshot/schema';
import type { LabStorage } from '../storage/stores';

/** `finished` false leaves the runs paused (no stop record), as an interrupted experiment is stored. */
export async function storeSnapshot(
  storage: Pick<LabStorage, 'saveExperiment' | 'saveRun' | 'appendSteps' | 'saveEvaluation'>,
  snapshot: Snapshot,
  finished = true,
): Promise<void> {
  await storage.saveExperiment(snapshot.config, snapshot.configHash);
  for (const run of snapshot.runs) {
    await storage.saveRun({
      runId: run.runId,
      configHash: snapshot.configHash,
      arm: run.arm,
      seed: run.seed,
      status: finished ? 'finished' : 'paused',
      ...(finished ? { stop: run.stop } : {}),
      ...(finished && run.initialWeightsHash ? { initialWeightsHash: run.initialWeightsHash } : {}),
      ...(finished && run.precision ? { precision: run.precision } : {}),
      adapter: snapshot.environment.adapter,
    });
    await storage.appendSteps(
      run.runId,
      run.curve.map((p, i) => ({ ...p, batchHash: run.batchHashes[i]! })),
    );
    for (const evaluation of run.evaluations) await storage.saveEvaluation(run.runId, evaluation);
  }
}
