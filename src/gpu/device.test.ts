import { describe, expect, it } from 'vitest';
import { acquireGpu, describeAdapter, NoWebGpuError } from './device';

function fakeAdapter(description: string): GPUAdapter {
  return {
    info: { vendor: 'acme', architecture: 'arch-9', device: 'dev', description },
    features: new Set(['timestamp-query', 'shader-f16']),
    limits: { maxBufferSize: 1 << 30, maxComputeInvocationsPerWorkgroup: 256 },
    requestDevice: async () => ({}) as GPUDevice,
  } as unknown as GPUAdapter;
}

describe('acquireGpu', () => {
  it('throws a typed error naming the runtime and the fix when there is no WebGPU API', async () => {
    const error = await acquireGpu({ gpu: undefined, runtime: 'node' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoWebGpuError);
    expect((error as NoWebGpuError).reason).toBe('no-gpu-api');
    expect((error as NoWebGpuError).message).toMatch(/node.*apt-get install -y chromium/s);
  });

  it('throws a typed error when requestAdapter() returns null', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    const error = await acquireGpu({ gpu, runtime: 'browser-page' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoWebGpuError);
    expect((error as NoWebGpuError).reason).toBe('no-adapter');
    expect((error as NoWebGpuError).message).toMatch(/requestAdapter\(\) returned null.*--enable-unsafe-webgpu/s);
  });

  it('wraps a refused device request', async () => {
    const adapter = fakeAdapter('x');
    (adapter as unknown as { requestDevice: () => Promise<never> }).requestDevice = async () => {
      throw new Error('limit too high');
    };
    const gpu = { requestAdapter: async () => adapter } as unknown as GPU;
    const error = await acquireGpu({ gpu, runtime: 'browser-worker' }).catch((e: unknown) => e);
    expect((error as NoWebGpuError).reason).toBe('device-request-failed');
    expect((error as NoWebGpuError).message).toContain('limit too high');
  });

  it('returns the device and the adapter facts', async () => {
    const gpu = { requestAdapter: async () => fakeAdapter('Acme Turbo') } as unknown as GPU;
    const { facts } = await acquireGpu({ gpu, runtime: 'browser-worker' });
    expect(facts).toMatchObject({
      runtime: 'browser-worker',
      vendor: 'acme',
      architecture: 'arch-9',
      description: 'Acme Turbo',
      isSoftware: false,
      features: ['shader-f16', 'timestamp-query'],
      limits: { maxBufferSize: 1 << 30, maxComputeInvocationsPerWorkgroup: 256 },
    });
  });
});

describe('describeAdapter', () => {
  it('marks SwiftShader as a software adapter', () => {
    expect(describeAdapter(fakeAdapter('SwiftShader Device (Subzero)'), 'node').isSoftware).toBe(true);
  });
});
