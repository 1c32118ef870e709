/**
 * Which exactFma the update kernels get on a device. PyTorch's moment updates are fused multiply-adds
 * (one rounding), and the goldens' moments differ by ~1.5e-5 relative without one. WGSL's fma() is fused
 * on some adapters and not on others (SwiftShader: mul then add), and the float emulation
 * (exactFma.wgsl) is broken by compilers that contract mul+add pairs (lavapipe's LLVM; real GPU drivers
 * may). Neither can be assumed, so it is measured: a tiny kernel evaluates each candidate on cases where
 * fused and unfused results differ, against a float64 reference, and the first exact one wins.
 *
 * Usage: `await prepareFusedKernels(device)` once per GPUDevice (initTfjsWebgpu and gpuForTests do it);
 * the fused optimizers' constructors are synchronous and throw if it was not awaited.
 */
import emulatedFmaSource from './exactFma.wgsl?raw';
import probeSource from './fmaProbe.wgsl?raw';
import { caseReference, fmaCases, type FmaCase } from './fmaReference';

export type FmaMode = 'native' | 'emulated';

export interface FmaProbe {
  /** The exactFma the update kernels use on this device. */
  mode: FmaMode;
  /** false: no mode matched the reference on every case; mode is then 'native' and results may differ from PyTorch's. */
  exact: boolean;
  /** Probe cases, and how many each mode got wrong. */
  cases: number;
  mismatches: Record<FmaMode, number>;
}

/** Modes in order of preference: a native fused fma() is one instruction and immune to contraction. */
const MODES: readonly FmaMode[] = ['native', 'emulated'];
const PROBE_CASES = 128;

/** WGSL defining `fn exactFma(a, b, c) -> f32` for `mode`; prepended to the update and probe shaders. */
export function exactFmaPrelude(mode: FmaMode): string {
  if (mode === 'native') return 'fn exactFma(a : f32, b : f32, c : f32) -> f32 {\n  return fma(a, b, c);\n}\n';
  return `${emulatedFmaSource}\nfn exactFma(a : f32, b : f32, c : f32) -> f32 {\n  return emulatedFma(a, b, c);\n}\n`;
}

/** Runs exactFma of `mode` on `cases` on the device and reads the results back. */
export async function evaluateExactFma(device: GPUDevice, mode: FmaMode, cases: readonly FmaCase[]): Promise<Float32Array> {
  if (cases.length === 0) return new Float32Array(0);
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: `fma-probe-${mode}`, code: exactFmaPrelude(mode) + probeSource });
  const pipeline = device.createComputePipeline({ label: `fma-probe-${mode}`, layout: 'auto', compute: { module, entryPoint: 'main' } });
  const input = device.createBuffer({ label: 'fma-probe-cases', size: cases.length * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const output = device.createBuffer({ label: 'fma-probe-results', size: cases.length * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ label: 'fma-probe-read', size: cases.length * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    device.queue.writeBuffer(input, 0, Float32Array.from(cases.flatMap((k) => [k.a, k.b, k.c1, k.c2])));
    const encoder = device.createCommandEncoder({ label: `fma-probe-${mode}` });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: input } },
          { binding: 1, resource: { buffer: output } },
        ],
      }),
    );
    pass.dispatchWorkgroups(Math.ceil(cases.length / 64));
    pass.end();
    encoder.copyBufferToBuffer(output, 0, staging, 0, cases.length * 4);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) throw new Error(`fma probe (${mode}): ${error.message}`);
    await staging.mapAsync(GPUMapMode.READ);
    const results = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    return results;
  } finally {
    input.destroy();
    output.destroy();
    staging.destroy();
  }
}

/** Indices of the cases where `got` is not bit-equal to the float64 reference (−0 and +0 count as equal). */
export function fmaMismatches(cases: readonly FmaCase[], got: Float32Array): number[] {
  const bad: number[] = [];
  cases.forEach((k, i) => {
    const want = caseReference(k);
    if (want === null) throw new Error(`fma case ${i} has no unambiguous reference`);
    if (got[i] !== want) bad.push(i);
  });
  return bad;
}

/** Measures both modes on the device (uncached; prefer prepareFusedKernels). */
export async function probeFma(device: GPUDevice): Promise<FmaProbe> {
  const cases = fmaCases(PROBE_CASES);
  const mismatches = { native: 0, emulated: 0 } as Record<FmaMode, number>;
  for (const mode of MODES) mismatches[mode] = fmaMismatches(cases, await evaluateExactFma(device, mode, cases)).length;
  const exactMode = MODES.find((mode) => mismatches[mode] === 0);
  return { mode: exactMode ?? 'native', exact: exactMode !== undefined, cases: cases.length, mismatches };
}

/**
 * Kept on globalThis, like initTfjsWebgpu's device: test runners re-import modules per file while the
 * device (and initTfjsWebgpu's cached promise, which will not probe again) survives.
 */
const CACHE = Symbol.for('rerank-lab.fmaProbe');
type GlobalWithCache = typeof globalThis & { [CACHE]?: { pending: WeakMap<GPUDevice, Promise<FmaProbe>>; settled: WeakMap<GPUDevice, FmaProbe> } };
const { pending, settled } = ((globalThis as GlobalWithCache)[CACHE] ??= { pending: new WeakMap(), settled: new WeakMap() });

/**
 * Probes the device's fma once (cached per GPUDevice); must be awaited before any fused optimizer is
 * created on the device. Warns once when no mode is exact (the optimizers still run, close to PyTorch).
 */
export function prepareFusedKernels(device: GPUDevice): Promise<FmaProbe> {
  let probe = pending.get(device);
  if (!probe) {
    probe = probeFma(device).then((result) => {
      settled.set(device, result);
      if (!result.exact) {
        console.warn(
          `fused optimizers: neither native fma() (${result.mismatches.native}/${result.cases} wrong) nor its emulation (${result.mismatches.emulated}/${result.cases} wrong) is exact on this adapter; using native fma(), moments may differ from PyTorch's in the last bits.`,
        );
      }
      return result;
    });
    pending.set(device, probe);
    probe.catch(() => {
      if (pending.get(device) === probe) pending.delete(device);
    });
  }
  return probe;
}

/** The probe result of a prepared device, or undefined before prepareFusedKernels(device) has resolved. */
export function fmaModeOf(device: GPUDevice): FmaProbe | undefined {
  return settled.get(device);
}

/** The probe result, or a clear error for a constructor called on an unprepared device. */
export function requireFmaProbe(device: GPUDevice, who: string): FmaProbe {
  const probe = settled.get(device);
  if (!probe) {
    throw new Error(
      `${who}: this GPUDevice has not been prepared; call \`await prepareFusedKernels(device)\` (src/gpu/optim) once for it first ` +
        '(initTfjsWebgpu() and gpuForTests() do it for their devices). It measures whether fma() is fused on the adapter.',
    );
  }
  return probe;
}
