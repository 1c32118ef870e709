import { describe, expect, it } from 'vitest';
import { acquireGpu, describeAdapter, NoWebGpuError, softwareAdapterReason, type AdapterIdentity } from './device';

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

describe('softwareAdapterReason', () => {
  // Measured on this project's CPU-only machine (Chromium 156 with the gpu project's Vulkan flags falls back to
  // SwiftShader; Dawn in Node through scripts/with-webgpu.mjs with lavapipe and with SwiftShader).
  const measured: Record<string, AdapterIdentity> = {
    'Chromium SwiftShader': { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true },
    'Dawn lavapipe': {
      vendor: 'mesa',
      architecture: 'software',
      device: 'llvmpipe-llvm-15-0-6-256-bits-',
      description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
      isFallbackAdapter: true,
    },
    'Dawn SwiftShader': {
      vendor: 'google',
      architecture: 'swiftshader',
      device: 'swiftshader-device-subzero-',
      description: 'SwiftShader driver 5.0.0',
      isFallbackAdapter: true,
    },
  };
  // Not measured here: the vendor and architecture words Dawn's gpu_info gives these (description is empty in
  // Chrome without developer features), and WARP's Windows name.
  const hardware: Record<string, AdapterIdentity> = {
    'NVIDIA Ada': { vendor: 'nvidia', architecture: 'lovelace', device: '', description: '', isFallbackAdapter: false },
    'NVIDIA Hopper (no Dawn architecture name)': { vendor: 'nvidia', architecture: '', device: '', description: '' },
    'Apple silicon': { vendor: 'apple', architecture: 'metal-3', device: '', description: '', isFallbackAdapter: false },
    'Intel Xe': { vendor: 'intel', architecture: 'gen-12lp', device: '', description: '' },
    'AMD RDNA 3 on RADV': { vendor: 'amd', architecture: 'rdna-3', device: '', description: 'radv: Mesa 25.0.7' },
  };

  it.each(Object.entries(measured))('calls %s software', (_name, info) => {
    expect(softwareAdapterReason(info)).toMatch(/fallback adapter/);
  });

  it.each(Object.entries(measured))('calls %s software by its words alone, where isFallbackAdapter is missing (older browsers)', (_name, info) => {
    expect(softwareAdapterReason({ ...info, isFallbackAdapter: undefined })).toMatch(/^its info names "(swiftshader|software)"/i);
  });

  it('calls WARP software by its architecture or by its Windows name', () => {
    expect(softwareAdapterReason({ vendor: 'microsoft', architecture: 'warp' })).toBe('its info names "warp", a CPU implementation');
    expect(softwareAdapterReason({ description: 'Microsoft Basic Render Driver' })).toBe('its info names "Basic Render Driver", a CPU implementation');
  });

  it.each(Object.entries(hardware))('calls %s hardware', (_name, info) => {
    expect(softwareAdapterReason(info)).toBeNull();
  });

  it('agrees with describeAdapter, which labels what the lab shows and stores', () => {
    const adapter = { info: measured['Dawn lavapipe'], features: new Set(), limits: {} } as unknown as GPUAdapter;
    expect(describeAdapter(adapter, 'node').isSoftware).toBe(true);
    const nvidia = { info: hardware['NVIDIA Ada'], features: new Set(), limits: {} } as unknown as GPUAdapter;
    expect(describeAdapter(nvidia, 'node').isSoftware).toBe(false);
  });
});
