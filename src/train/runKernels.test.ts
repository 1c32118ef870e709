import { describe, expect, it } from 'vitest';
import { kernelPathForRun } from './runKernels';

describe('kernelPathForRun', () => {
  it('a fresh run takes the path asked for, own by default', () => {
    expect(kernelPathForRun(undefined, undefined)).toBe('own');
    expect(kernelPathForRun(undefined, 'tfjs')).toBe('tfjs');
    expect(kernelPathForRun(undefined, 'own')).toBe('own');
  });

  it('a resumed run keeps its own path whatever is asked, and a run stored without one trained on tfjs', () => {
    expect(kernelPathForRun({ kernels: 'own' }, 'tfjs')).toBe('own');
    expect(kernelPathForRun({ kernels: 'tfjs' }, 'own')).toBe('tfjs');
    expect(kernelPathForRun({}, 'own')).toBe('tfjs');
    expect(kernelPathForRun({}, undefined)).toBe('tfjs');
  });
});
