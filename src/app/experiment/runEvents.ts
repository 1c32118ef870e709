/**
 * How a training worker's report changes its run as the page shows it: a step extends the curve, an evaluation
 * replaces the one of the same step and set, a pause or an end settles the status. Pure, so the run scheduler
 * only decides what else a report sets off (a retired worker, the next run, a relaunch).
 */
import type { WorkerEvent } from '../../train/protocol';
import type { LiveRun } from './experimentState';

/** The reports that change their run's record (the others are the adapter, the log, checkpoints and errors). */
export type RunReport = Extract<WorkerEvent, { type: 'held' | 'step' | 'download' | 'eval-progress' | 'evaluation' | 'paused' | 'run-end' }>;

export function isRunReport(event: WorkerEvent): event is RunReport {
  return ['held', 'step', 'download', 'eval-progress', 'evaluation', 'paused', 'run-end'].includes(event.type);
}

/** What `event` changes in `run`. */
export function runChangeFrom(run: LiveRun, event: RunReport): Partial<LiveRun> {
  switch (event.type) {
    case 'held':
      return { heldBefore: event.step };
    case 'step':
      // a resumed run reports again from its checkpoint: the steps after it are replaced
      return {
        heldBefore: undefined,
        curve: [...run.curve.slice(0, event.point.step - 1), event.point],
        batchHashes: [...run.batchHashes.slice(0, event.point.step - 1), event.batchHash],
        ...(event.gpuBytes !== undefined ? { gpuBytes: event.gpuBytes } : {}),
      };
    case 'download':
      return {
        download: event.loaded === event.total ? undefined : { file: event.file, loaded: event.loaded, total: event.total, fromCache: event.fromCache },
      };
    case 'eval-progress':
      return {
        evalProgress: {
          evalSet: event.evalSet,
          done: event.done,
          total: event.total,
          ...(event.pairsPerSecond !== undefined ? { pairsPerSecond: event.pairsPerSecond } : {}),
        },
      };
    case 'evaluation':
      return {
        evalProgress: undefined,
        evaluations: [...run.evaluations.filter((e) => !(e.step === event.record.step && e.evalSet === event.record.evalSet)), event.record],
      };
    case 'paused':
      return { status: 'paused', evalProgress: undefined, heldBefore: undefined };
    case 'run-end':
      return {
        status: 'finished',
        heldBefore: undefined,
        stop: event.record.stop,
        ...(event.record.initialWeightsHash ? { initialWeightsHash: event.record.initialWeightsHash } : {}),
        ...(event.record.precision ? { precision: event.record.precision } : {}),
        curve: event.record.curve,
        batchHashes: event.record.batchHashes,
        evaluations: event.record.evaluations,
        evalProgress: undefined,
      };
  }
}
