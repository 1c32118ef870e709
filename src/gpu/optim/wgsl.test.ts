// Each registered optimizer's kernel is the file its descriptor names, and declares what the kernel layer
// binds: a StepValues struct with one f32 per per-step value, and a binding per state slot after m.
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, STATE_SLOT_BINDINGS, defaultHyper } from '../../core/optim';
import { OPTIMIZER_WGSL } from './wgsl';

describe.each(OPTIMIZERS.map((o) => [o.name, o] as const))('%s kernel', (name, descriptor) => {
  const { file, source } = OPTIMIZER_WGSL[name];

  it('is the descriptor’s file and matches its per-step values and state slots', () => {
    expect(file).toBe(descriptor.wgsl);
    const struct = /struct StepValues \{([^}]*)\}/.exec(source);
    expect(struct, 'struct StepValues').not.toBeNull();
    const fields = struct![1].split('\n').filter((line) => /^\s*\w+\s*:\s*f32,/.test(line));
    expect(fields.length).toBe(descriptor.stepValues(defaultHyper(name), 1e-3, 2).length);
    expect(source).toMatch(/@group\(0\) @binding\(0\) var<uniform> step : StepValues;/);
    descriptor.stateSlots.slice(1).forEach((slot, k) => {
      expect(source).toMatch(new RegExp(`@binding\\(${STATE_SLOT_BINDINGS[k + 1]}\\) var<storage, read_write> ${slot} : array<f32>`));
    });
  });
});
