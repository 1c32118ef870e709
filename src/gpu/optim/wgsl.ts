/**
 * The update kernel of every registered optimizer (core/optim/registry.ts), by name. The Record type makes a
 * registered optimizer without a kernel a type error; each file is its descriptor's `wgsl`
 * (registry.gpu.test.ts checks the two agree).
 */
import type { OptimizerName } from '../../core/optim';
import adamw from './adamw.wgsl?raw';
import lion from './lion.wgsl?raw';
import sgd from './sgd.wgsl?raw';

export const OPTIMIZER_WGSL: Readonly<Record<OptimizerName, { file: string; source: string }>> = {
  adamw: { file: 'adamw.wgsl', source: adamw },
  lion: { file: 'lion.wgsl', source: lion },
  sgd: { file: 'sgd.wgsl', source: sgd },
};
