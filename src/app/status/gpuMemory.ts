/**
 * What the lab holds on the GPU now, for the status bar: the training workers' estimated memory (parameters,
 * gradients, optimizer state and activations of each running arm, core/experiment/memoryEstimate). The
 * workers' real allocations are not visible to the page; the estimate is the one Start checks against the
 * adapter, so it is labelled "≈".
 */
import { useEffect, useSyncExternalStore } from 'react';
import { estimateExperimentMemory } from '../../core/experiment/memoryEstimate';
import type { ExperimentState } from '../lab/experimentController';

export interface GpuHoldings {
  /** Running training workers. */
  workers: number;
  /** Their estimated bytes; null when a running model's shape is not known to the page (a local or Hub model). */
  bytes: number | null;
}

let holdings: GpuHoldings = { workers: 0, bytes: 0 };
const listeners = new Set<() => void>();

export function publishGpuHoldings(next: GpuHoldings) {
  if (next.workers === holdings.workers && next.bytes === holdings.bytes) return;
  holdings = next;
  for (const listener of listeners) listener();
}

export function useGpuHoldings(): GpuHoldings {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => holdings,
  );
}

/** The holdings of an experiment's state: every arm whose worker is running or pausing. */
export function gpuHoldingsOf(state: ExperimentState): GpuHoldings {
  const active = state.order.map((id) => state.runs[id]).filter((run) => run.status === 'running' || run.status === 'pausing');
  if (active.length === 0 || !state.config) return { workers: 0, bytes: 0 };
  const estimate = estimateExperimentMemory(state.config);
  if (!estimate) return { workers: active.length, bytes: null };
  const armIndex = new Map(state.config.arms.map((arm, i) => [arm.name, i]));
  const bytes = active.reduce((sum, run) => sum + (estimate.perArmBytes[armIndex.get(run.spec.arm.name) ?? 0] ?? 0), 0);
  return { workers: active.length, bytes };
}

/** LabPage publishes its controller's holdings with this (one line). */
export function usePublishGpuHoldings(state: ExperimentState) {
  const next = gpuHoldingsOf(state);
  useEffect(() => publishGpuHoldings(next), [next.workers, next.bytes]); // eslint-disable-line react-hooks/exhaustive-deps
}
