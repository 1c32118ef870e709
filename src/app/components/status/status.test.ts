import { describe, expect, it } from 'vitest';
import { estimateExperimentMemory } from '../../../core/experiment/memoryEstimate';
import { expandRunMatrix } from '../../../core/experiment/runMatrix';
import type { AdapterFacts } from '../../../gpu/device';
import { fixtureConfig } from '../../../testing/snapshots';
import type { ExperimentState, LiveRun } from '../../experiment/experimentController';
import { adapterSummary } from './adapterSummary';
import { gpuHoldingsOf } from './gpuMemory';

const facts = (over: Partial<AdapterFacts>): AdapterFacts => ({
  runtime: 'browser-page',
  vendor: '',
  architecture: '',
  device: '',
  description: '',
  isFallbackAdapter: false,
  isSoftware: false,
  features: [],
  limits: {},
  ...over,
});

describe('status bar', () => {
  it('names the adapter as a researcher knows it', () => {
    expect(adapterSummary(facts({ vendor: 'google', architecture: 'swiftshader', isSoftware: true }))).toBe('SwiftShader (CPU)');
    expect(adapterSummary(facts({ vendor: 'mesa', description: 'llvmpipe (LLVM 19)', isSoftware: true }))).toBe('lavapipe (CPU)');
    expect(adapterSummary(facts({ vendor: 'nvidia', architecture: 'hopper' }))).toBe('nvidia · hopper');
    expect(adapterSummary(facts({ description: 'Some GPU' }))).toBe('Some GPU');
  });

  it('GPU memory held: what the running workers measured, the estimate until each has stepped, none when nothing runs', () => {
    const config = fixtureConfig();
    const specs = expandRunMatrix(config);
    const run = (i: number, status: LiveRun['status'], gpuBytes?: number): LiveRun => ({
      spec: specs[i]!,
      status,
      curve: [],
      batchHashes: [],
      evaluations: [],
      ...(gpuBytes !== undefined ? { gpuBytes } : {}),
    });
    const state = (statuses: LiveRun['status'][], measured: (number | undefined)[] = []): ExperimentState => ({
      config,
      configHash: 'h',
      runs: Object.fromEntries(specs.map((s, i) => [s.runId, run(i, statuses[i] ?? 'pending', measured[i])])),
      order: specs.map((s) => s.runId),
      facts: null,
      log: [],
      held: false,
      heldArms: [],
      clock: null,
      sweep: null,
    });
    const estimate = estimateExperimentMemory(config)!;
    expect(specs.map((s) => s.arm.name)).toEqual(['adamw', 'lion', 'adamw', 'lion']);
    expect(gpuHoldingsOf(state(['running', 'pausing']))).toEqual({ workers: 2, bytes: estimate.perArmBytes[0]! + estimate.perArmBytes[1]!, measured: false });
    expect(estimate.perArmBytes[0]).toBeGreaterThan(estimate.perArmBytes[1]!); // AdamW keeps two moments, Lion one
    expect(gpuHoldingsOf(state(['finished', 'running']))).toEqual({ workers: 1, bytes: estimate.perArmBytes[1], measured: false });
    expect(gpuHoldingsOf(state(['finished', 'finished', 'paused']))).toEqual({ workers: 0, bytes: 0, measured: false });
    // measured as soon as every running arm has reported; a finished arm's last figure no longer counts
    expect(gpuHoldingsOf(state(['running', 'running'], [1000, undefined]))).toEqual({
      workers: 2,
      bytes: estimate.perArmBytes[0]! + estimate.perArmBytes[1]!,
      measured: false,
    });
    expect(gpuHoldingsOf(state(['running', 'running'], [1000, 2500]))).toEqual({ workers: 2, bytes: 3500, measured: true });
    expect(gpuHoldingsOf(state(['finished', 'running'], [1000, 2500]))).toEqual({ workers: 1, bytes: 2500, measured: true });
  });
});
