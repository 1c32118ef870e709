/**
 * What the lab holds on the GPU now, for the status bar: once every running arm has taken a step, the sum of what
 * its worker measured (tfjs's allocated buffers, pooled ones included, plus the fused optimizer's state); before
 * that, the estimate Start checks against the adapter (parameters, gradients, optimizer state and activations,
 * core/experiment/memoryEstimate), labelled "≈" and "estimated".
 */
import { useEffect, useSyncExternalStore } from 'react';
import { estimateExperimentMemory } from '../../../core/experiment/memoryEstimate';
import type { ExperimentState } from '../../experiment/experimentController';

export interface GpuHoldings {
  /** Running training workers. */
  workers: number;
  /** Their bytes; null when not measured yet and the model's shape is not known to the page (a local or Hub model). */
  bytes: number | null;
  /** Whether `bytes` is what the workers measured (else the estimate). */
  measured: boolean;
}

let holdings: GpuHoldings = { workers: 0, bytes: 0, measured: false };
const listeners = new Set<() => void>();

export function publishGpuHoldings(next: GpuHoldings) {
  if (next.workers === holdings.workers && next.bytes === holdings.bytes && next.measured === holdings.measured) return;
  holdings = next;
  for (const listener of listeners) listener();
}

// One subscribe function for every render: a new one each time would make React unsubscribe and subscribe again.
function subscribeHoldings(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
const currentHoldings = () => holdings;

export function useGpuHoldings(): GpuHoldings {
  return useSyncExternalStore(subscribeHoldings, currentHoldings);
}

/** The holdings of an experiment's state: every arm whose worker is running or pausing. */
export function gpuHoldingsOf(state: ExperimentState): GpuHoldings {
  const active = state.order.map((id) => state.runs[id]).filter((run) => run.status === 'running' || run.status === 'pausing');
  if (active.length === 0 || !state.config) return { workers: 0, bytes: 0, measured: false };
  if (active.every((run) => run.gpuBytes !== undefined))
    return { workers: active.length, bytes: active.reduce((sum, run) => sum + run.gpuBytes!, 0), measured: true };
  const estimate = estimateExperimentMemory(state.config);
  if (!estimate) return { workers: active.length, bytes: null, measured: false };
  const armIndex = new Map(state.config.arms.map((arm, i) => [arm.name, i]));
  const bytes = active.reduce((sum, run) => sum + (estimate.perArmBytes[armIndex.get(run.spec.arm.name) ?? 0] ?? 0), 0);
  return { workers: active.length, bytes, measured: false };
}

/** LabPage publishes its controller's holdings with this (one line). */
export function usePublishGpuHoldings(state: ExperimentState) {
  const next = gpuHoldingsOf(state);
  useEffect(() => publishGpuHoldings(next), [next.workers, next.bytes, next.measured]); // eslint-disable-line react-hooks/exhaustive-deps
}
