import { describe, expect, it } from 'vitest';
import { gpuForTests } from '../testing/gpu';

const gpu = await gpuForTests();

describe.skipIf(!gpu)('a real WebGPU adapter in Node (Dawn)', () => {
  it('reports the adapter facts every result carries', () => {
    const { facts } = gpu!;
    expect(facts.runtime).toBe('node');
    expect(facts.vendor.length + facts.architecture.length + facts.description.length).toBeGreaterThan(0);
    expect(facts.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    expect(facts.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(Array.isArray(facts.features)).toBe(true);
    console.info(`adapter: ${JSON.stringify({ ...facts, limits: undefined, features: facts.features.length })}`);
  });

  it('raised maxStorageBufferBindingSize to the adapter maximum', () => {
    expect(gpu!.device.limits.maxStorageBufferBindingSize).toBe(gpu!.adapter.limits.maxStorageBufferBindingSize);
  });
});
