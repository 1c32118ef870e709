/**
 * One way to get a WebGPU device, wherever the lab runs: a page, a Web Worker (both `navigator.gpu`)
 * or Node (Dawn through the `webgpu` package, see ./nodeGpu.ts). The adapter facts returned here go
 * into every result the lab produces, so a number can always be traced to the hardware that made it.
 */

export type GpuRuntime = 'browser-page' | 'browser-worker' | 'node';

export interface AdapterFacts {
  runtime: GpuRuntime;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software/fallback adapter (SwiftShader reports it through its description, not always this flag). */
  isFallbackAdapter: boolean;
  /** True when the adapter is a CPU implementation such as SwiftShader or lavapipe: timings are not GPU timings. */
  isSoftware: boolean;
  features: string[];
  limits: Record<string, number>;
}

export interface AcquiredGpu {
  adapter: GPUAdapter;
  device: GPUDevice;
  facts: AdapterFacts;
}

export type NoWebGpuReason = 'no-gpu-api' | 'no-adapter' | 'device-request-failed';

/** WebGPU could not be had. `message` says why and what to do next. */
export class NoWebGpuError extends Error {
  override readonly name = 'NoWebGpuError';
  constructor(
    readonly reason: NoWebGpuReason,
    message: string,
  ) {
    super(message);
  }
}

const ADVICE: Record<GpuRuntime, string> = {
  'browser-page':
    'Use a browser with WebGPU enabled (Chrome/Edge 113+, or Chromium started with --enable-unsafe-webgpu), and make sure hardware acceleration is on.',
  'browser-worker': 'Use a browser with WebGPU enabled in workers (Chrome/Edge 113+, or Chromium started with --enable-unsafe-webgpu).',
  node: 'Install a Vulkan driver Dawn can use: `apt-get install -y chromium` provides SwiftShader; run through scripts/with-webgpu.mjs, which sets VK_ICD_FILENAMES and LD_LIBRARY_PATH for it.',
};

/** The limits that matter for the lab's kernels and model sizes. */
const REPORTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBufferBindingSize',
] as const;

/** What an adapter says it is: GPUAdapterInfo, or the plain copy of it a page hands back (the gpu e2e project). */
export interface AdapterIdentity {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

// CPU implementations, by the words Dawn and browsers use for them: SwiftShader (architecture "swiftshader"),
// Mesa's llvmpipe/lavapipe (vendor "mesa", architecture "software"), WARP ("warp", "Microsoft Basic Render Driver").
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|\bwarp\b|software|basic render driver/i;

/**
 * Why `info` is a software (CPU) WebGPU adapter, or null when nothing says so. Pure, so the gpu e2e project can
 * judge the adapter Chromium reports with the same rule the lab uses for its own "software" label.
 */
export function softwareAdapterReason(info: AdapterIdentity): string | null {
  if (info.isFallbackAdapter) return 'it is a fallback adapter (isFallbackAdapter)';
  const match = SOFTWARE_ADAPTER.exec([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' '));
  return match ? `its info names "${match[0]}", a CPU implementation` : null;
}

export function describeAdapter(adapter: GPUAdapter, runtime: GpuRuntime): AdapterFacts {
  // GPUAdapterInfo exposes its fields as getters, so copy them one by one.
  const info = adapter.info;
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const limits: Record<string, number> = {};
  for (const name of REPORTED_LIMITS) {
    const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === 'number') limits[name] = value;
  }
  const isFallbackAdapter = Boolean(
    (info as unknown as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
    (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter,
  );
  return {
    runtime,
    vendor,
    architecture,
    device,
    description,
    isFallbackAdapter,
    isSoftware: softwareAdapterReason({ vendor, architecture, device, description, isFallbackAdapter }) !== null,
    features: [...adapter.features].map(String).sort(),
    limits,
  };
}

export interface AcquireOptions {
  /** The GPU entry point; defaults to `navigator.gpu`. Node callers pass Dawn's (see nodeGpu.ts). */
  gpu?: GPU | undefined;
  runtime?: GpuRuntime;
  powerPreference?: GPUPowerPreference;
  /** Raise these limits to the adapter's maxima (large models need big storage bindings). */
  requestMaxLimits?: readonly (keyof GPUSupportedLimits)[];
}

export function detectRuntime(): GpuRuntime {
  const g = globalThis as unknown as { window?: unknown; WorkerGlobalScope?: unknown; process?: { versions?: { node?: string } } };
  if (typeof g.window !== 'undefined') return 'browser-page';
  if (typeof g.WorkerGlobalScope !== 'undefined') return 'browser-worker';
  return 'node';
}

export async function acquireGpu(options: AcquireOptions = {}): Promise<AcquiredGpu> {
  const runtime = options.runtime ?? detectRuntime();
  const gpu = options.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    throw new NoWebGpuError('no-gpu-api', `WebGPU is not available here (${runtime}: no navigator.gpu). ${ADVICE[runtime]}`);
  }
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter) {
    throw new NoWebGpuError('no-adapter', `WebGPU found no adapter (${runtime}: requestAdapter() returned null). ${ADVICE[runtime]}`);
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of options.requestMaxLimits ?? ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage']) {
    const value = (adapter.limits as unknown as Record<string, number>)[name as string];
    if (typeof value === 'number') requiredLimits[name as string] = value;
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits });
  } catch (cause) {
    throw new NoWebGpuError(
      'device-request-failed',
      `The WebGPU adapter refused to create a device (${(cause as Error)?.message ?? String(cause)}). ${ADVICE[runtime]}`,
    );
  }
  return { adapter, device, facts: describeAdapter(adapter, runtime) };
}

/** Narrowing guard for callers that must have WebGPU (the training engine, GPU tests). */
export function assertAdapter(adapter: GPUAdapter | null, runtime: GpuRuntime): asserts adapter is GPUAdapter {
  if (!adapter) throw new NoWebGpuError('no-adapter', `WebGPU found no adapter (${runtime}). ${ADVICE[runtime]}`);
}
