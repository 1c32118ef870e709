import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../optim/registry';
import { FIXTURE_ENVIRONMENT, fixtureConfig, fixtureRun } from '../../testing/snapshots';
import { modelCardMarkdown } from './modelCard';

describe('the model card names the optimizer as the registry does', () => {
  it.each(OPTIMIZERS.map((o) => [o.label, o] as const))('%s: its label, reference and every setting, nothing undefined', (_label, optimizer) => {
    const config = fixtureConfig({ arms: [{ name: 'only', optimizer: optimizer.name, lr: 0.001 }] });
    const card = modelCardMarkdown({
      config,
      configHash: 'a'.repeat(64),
      record: fixtureRun(config, 'only', 1, []),
      family: 'bert',
      environment: FIXTURE_ENVIRONMENT,
    });
    const line = card.split('\n').find((l) => l.startsWith('Optimizer '))!;
    expect(line).toContain(`Optimizer ${optimizer.label} (as ${optimizer.reference}): lr 0.001, weight decay ${config.arms[0].weightDecay}`);
    for (const setting of optimizer.settings) {
      expect(line).toContain(`, ${setting.key} ${String(config.arms[0][setting.key] ?? setting.default)} (${setting.doc})`);
    }
    expect(card).not.toMatch(/undefined|NaN/);
  });
});
