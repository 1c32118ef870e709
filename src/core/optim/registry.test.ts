// Every registered optimizer yields what the rest of the lab derives from it: the schema's enum and arm
// defaults, validated settings, a state format, a reference step, a label and colours.
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../experiment/validate';
import { referenceStep, referenceTensor } from './reference';
import { OPTIMIZERS, OPTIMIZER_NAMES, allSettings, assertValidHyper, defaultHyper, optimizerLabel, settingProblem } from './registry';
import { OPTIMIZER_STATE_FORMAT, checkOptimizerState, type OptimizerState } from './state';

const experiment = (arms: unknown[]) => ({
  schemaVersion: 1,
  name: 'study',
  model: { kind: 'hub', id: 'x/y', revision: 'main' },
  trainingData: { source: 'url', url: 'https://example.org/t.tsv', format: 'triples' },
  steps: 10,
  arms,
});

describe.each(OPTIMIZERS.map((o) => [o.name, o] as const))('registry entry %s', (name, descriptor) => {
  it('is an arm the experiment schema accepts, with its defaults filled in', () => {
    const [arm] = validateExperiment(experiment([{ optimizer: name }])).arms;
    expect(arm.optimizer).toBe(name);
    for (const s of descriptor.settings) expect(arm[s.key], s.key).toBe(s.default);
    expect(arm.lr).toBeGreaterThan(0);
    expect(arm.weightDecay).toBeGreaterThanOrEqual(0);
  });

  it('has valid defaults, a label, colours, a kernel file and a state layout starting with m', () => {
    expect(() => assertValidHyper(defaultHyper(name))).not.toThrow();
    for (const s of descriptor.settings) expect(settingProblem(s.kind, s.default), s.key).toBeNull();
    expect(optimizerLabel(name)).toBe(descriptor.label);
    expect(descriptor.colours.length).toBeGreaterThan(0);
    for (const colour of descriptor.colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(descriptor.wgsl).toBe(`${name}.wgsl`);
    expect(descriptor.stateSlots[0]).toBe('m');
  });

  it('gives per-step uniform values that fit the 12-float uniform, and a reference step that moves the weights', () => {
    const hyper = { ...defaultHyper(name), weightDecay: 0.01 };
    for (const step of [1, 2, 100]) {
      const values = descriptor.stepValues(hyper, 1e-3, step);
      expect(values.length).toBeLessThanOrEqual(12);
      for (const v of values) expect(Number.isFinite(v)).toBe(true);
    }
    const t = referenceTensor([1, -1, 0.5], name);
    expect(t.state.length).toBe(descriptor.stateSlots.length);
    referenceStep(hyper, [t], [[0.3, -0.2, 0.1]], 1e-2, 1, 'float32');
    expect(Array.from(t.param)).not.toEqual([1, -1, 0.5]);
    const state: OptimizerState = {
      format: OPTIMIZER_STATE_FORMAT,
      optimizer: name,
      step: 1,
      tensors: [{ name: 'w', size: 3, m: Float32Array.from(t.m), ...(t.v ? { v: Float32Array.from(t.v) } : {}) }],
    };
    expect(() => checkOptimizerState(state)).not.toThrow();
  });
});

describe('the registry as a whole', () => {
  it('names are unique and a setting key means the same in every optimizer', () => {
    expect(new Set(OPTIMIZER_NAMES).size).toBe(OPTIMIZER_NAMES.length);
    expect(() => allSettings()).not.toThrow();
  });

  it('invalid settings are named', () => {
    expect(() => assertValidHyper({ ...defaultHyper('adamw'), beta2: 1 })).toThrow(/beta2 must be a finite number in \[0, 1\), got 1/);
    expect(() => assertValidHyper({ ...defaultHyper('sgd'), nesterov: true, momentum: 0 })).toThrow(/nesterov Nesterov momentum needs a momentum > 0/);
    expect(() => assertValidHyper({ ...defaultHyper('sgd'), name: 'adagrad' as never })).toThrow(/name must be one of "adamw", "lion", "sgd"/);
  });
});
