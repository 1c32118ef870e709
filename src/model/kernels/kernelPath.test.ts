import { afterEach, describe, expect, it, vi } from 'vitest';
import { environmentSchema } from '../../core/snapshot/schema';
import { kernelPath, parseKernelPath, setKernelPath, withKernelPath } from './kernelPath';

describe('kernel path switch', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('defaults to own, follows RERANK_LAB_KERNELS, and names the setting when it is wrong', () => {
    vi.stubEnv('RERANK_LAB_KERNELS', '');
    expect(kernelPath()).toBe('own');
    vi.stubEnv('RERANK_LAB_KERNELS', 'own');
    expect(kernelPath()).toBe('own');
    vi.stubEnv('RERANK_LAB_KERNELS', 'fast');
    expect(() => kernelPath()).toThrow('RERANK_LAB_KERNELS="fast": expected one of tfjs, own');
    expect(() => parseKernelPath('OWN', '--kernels')).toThrow('--kernels="OWN"');
  });

  it('withKernelPath overrides the environment for its body only, even when the body throws', async () => {
    vi.stubEnv('RERANK_LAB_KERNELS', 'tfjs');
    expect(await withKernelPath('own', async () => kernelPath())).toBe('own');
    await expect(
      withKernelPath('own', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(kernelPath()).toBe('tfjs');
    setKernelPath('own');
    expect(kernelPath()).toBe('own');
    setKernelPath('tfjs');
  });

  it("the snapshot's environment records the path, and older snapshots without it stay valid", () => {
    const environment = {
      adapter: {
        runtime: 'node',
        vendor: 'v',
        architecture: 'a',
        device: 'd',
        description: '',
        isFallbackAdapter: false,
        isSoftware: true,
        features: [],
        limits: {},
      },
      runtime: { kind: 'node', userAgent: 'Node' },
      app: { version: '0.1.0', commit: 'abc' },
    };
    expect(environmentSchema.safeParse(environment).success).toBe(true);
    expect(environmentSchema.parse({ ...environment, kernels: 'own' }).kernels).toBe('own');
    expect(environmentSchema.safeParse({ ...environment, kernels: 'fast' }).success).toBe(false);
  });
});
