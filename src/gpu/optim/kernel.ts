/**
 * The raw-buffer core of the fused optimizers (no tfjs): one compute pipeline per optimizer, its state
 * (its descriptor's state slots: m, and v for AdamW) in one flat buffer per slot with 256-byte-aligned regions, and the global-norm clipping
 * passes. The parameters are "segments": a range of a parameter buffer and of a gradient buffer, with
 * how many of its leading elements decay. A step writes one uniform of per-step scalars, encodes the
 * norm passes and one dispatch per segment into one command encoder, and submits once. No readback.
 */
import { STATE_SLOT_BINDINGS, optimizerDescriptor, type OptimizerHyper, type OptimizerName } from '../../core/optim';
import { OPTIMIZER_WGSL } from './wgsl';
import gradNormSource from './gradNorm.wgsl?raw';
import updateBindingsSource from './updateBindings.wgsl?raw';
import { exactFmaPrelude, requireFmaProbe, type FmaMode } from './fmaProbe';

/** The update kernels' sizes, passed to their WGSL `override` constants (updateBindings.wgsl): one source of truth. */
export const UPDATE_KERNEL_SIZES = { WORKGROUP: 256, PER_THREAD: 4 } as const;
/** The norm kernels' sizes (gradNorm.wgsl's `override` constants): each thread sums PER_THREAD values into its own partial. */
export const NORM_KERNEL_SIZES = { WORKGROUP: 256, PER_THREAD: 16 } as const;
/** Elements one update workgroup handles. */
export const ELEMENTS_PER_WORKGROUP = UPDATE_KERNEL_SIZES.WORKGROUP * UPDATE_KERNEL_SIZES.PER_THREAD;
/** Elements one norm workgroup sums. */
export const NORM_ELEMENTS_PER_WORKGROUP = NORM_KERNEL_SIZES.WORKGROUP * NORM_KERNEL_SIZES.PER_THREAD;
const NORM_PARTIALS_PER_WORKGROUP = NORM_KERNEL_SIZES.WORKGROUP;
/** Moment regions start at multiples of 64 floats: storage bindings need 256-byte-aligned offsets. */
export const STATE_ALIGN_ELEMENTS = 64;
const MAX_WORKGROUPS_PER_DIM = 65535;
const STEP_UNIFORM_BYTES = 48;

export interface SegmentSpec {
  /** Elements in the segment. */
  count: number;
  /** Its first `decayCount` elements get weight decay (0: none, count: all). */
  decayCount: number;
}

export interface SegmentBuffers {
  param: GPUBuffer;
  /** Byte offset of the segment in `param` (multiple of 256). */
  paramOffset?: number;
  grad: GPUBuffer;
  gradOffset?: number;
}

export interface FusedKernelOptions {
  /** Compute the global grad norm even with clipping off, so it can be logged (costs one read of the grads). */
  trackGradNorm?: boolean;
  label?: string;
}

interface CachedBindings {
  key: string;
  update: GPUBindGroup;
  norm: GPUBindGroup | null;
}

export function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The 2-D grid covering `workgroups` workgroups within the per-dimension limit. */
export function dispatchGrid(workgroups: number): [number, number] {
  const x = Math.min(workgroups, MAX_WORKGROUPS_PER_DIM);
  return [x, Math.ceil(workgroups / x)];
}

/** The update shader of `optimizer` after the exactFma of `mode` (fmaProbe.ts picks the mode per device) and the declarations every update kernel shares. */
export function updateShaderSource(optimizer: OptimizerName, mode: FmaMode): string {
  return exactFmaPrelude(mode) + updateBindingsSource + OPTIMIZER_WGSL[optimizer].source;
}

/** One update pipeline per optimizer per device, built for the device's probed fma mode. */
const updatePipelines = new WeakMap<GPUDevice, Map<OptimizerName, GPUComputePipeline>>();
function updatePipelineFor(device: GPUDevice, optimizer: OptimizerName): GPUComputePipeline {
  const { mode } = requireFmaProbe(device, `fused ${optimizer}`);
  let pipelines = updatePipelines.get(device);
  if (!pipelines) updatePipelines.set(device, (pipelines = new Map()));
  let pipeline = pipelines.get(optimizer);
  if (!pipeline) {
    const label = `fused-${optimizer}-update-${mode}-fma`;
    const module = device.createShaderModule({ label, code: updateShaderSource(optimizer, mode) });
    pipeline = device.createComputePipeline({ label, layout: 'auto', compute: { module, entryPoint: 'main', constants: { ...UPDATE_KERNEL_SIZES } } });
    pipelines.set(optimizer, pipeline);
  }
  return pipeline;
}

let bufferIds = new WeakMap<GPUBuffer, number>();
let nextBufferId = 1;
function bufferId(buffer: GPUBuffer): number {
  let id = bufferIds.get(buffer);
  if (id === undefined) bufferIds.set(buffer, (id = nextBufferId++));
  return id;
}
/** Test hook: forget buffer identities (never needed in normal use). */
export function resetBufferIds(): void {
  bufferIds = new WeakMap();
}

export class FusedUpdateKernel {
  readonly stateOffsets: number[];
  readonly stateLength: number;
  readonly partialOffsets: number[];
  readonly partialCount: number;
  readonly computesNorm: boolean;
  /** Updates submitted so far; the next is number stepCount + 1. */
  stepCount = 0;

  /** One buffer per state slot of the optimizer (registry.ts), in its descriptor's order. */
  private readonly state: GPUBuffer[];
  private readonly slots: readonly string[];
  private readonly clip: GPUBuffer;
  private readonly partials: GPUBuffer | null;
  private readonly stepUniform: GPUBuffer;
  private readonly segmentUniform: GPUBuffer;
  private readonly normSettings: GPUBuffer;
  private readonly segmentStride: number;
  private readonly updatePipeline: GPUComputePipeline;
  private readonly partialPipeline: GPUComputePipeline | null;
  private readonly finalizePipeline: GPUComputePipeline | null;
  private readonly finalizeBindGroup: GPUBindGroup | null;
  private readonly cache: (CachedBindings | null)[];
  private readonly stepBytes = new ArrayBuffer(STEP_UNIFORM_BYTES);

  constructor(
    readonly device: GPUDevice,
    readonly hyper: OptimizerHyper,
    readonly segments: readonly SegmentSpec[],
    options: FusedKernelOptions = {},
  ) {
    const label = options.label ?? `fused-${hyper.name}`;
    // First, so an unprepared device fails before anything is allocated.
    this.updatePipeline = updatePipelineFor(device, hyper.name);
    this.computesNorm = hyper.clipNorm != null || (options.trackGradNorm ?? true);
    const maxBinding = device.limits.maxStorageBufferBindingSize;
    this.stateOffsets = [];
    this.partialOffsets = [];
    let state = 0;
    let partial = 0;
    segments.forEach((s, i) => {
      if (!Number.isInteger(s.count) || s.count < 0) throw new Error(`${label}: segment ${i} count must be an integer ≥ 0, got ${s.count}`);
      if (!Number.isInteger(s.decayCount) || s.decayCount < 0 || s.decayCount > s.count) {
        throw new Error(`${label}: segment ${i} decayCount must be an integer in [0, ${s.count}], got ${s.decayCount}`);
      }
      if (s.count * 4 > maxBinding)
        throw new Error(`${label}: segment ${i} has ${s.count} elements, over this device's storage binding limit (${maxBinding} bytes)`);
      this.stateOffsets.push(state);
      this.partialOffsets.push(partial);
      state += alignUp(s.count, STATE_ALIGN_ELEMENTS);
      partial += Math.ceil(s.count / NORM_ELEMENTS_PER_WORKGROUP) * NORM_PARTIALS_PER_WORKGROUP;
    });
    this.stateLength = Math.max(state, STATE_ALIGN_ELEMENTS);
    this.partialCount = partial;

    const stateUsage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    // Fresh buffers are zero-filled by WebGPU: the state is 0 before the first step, as in PyTorch.
    this.slots = optimizerDescriptor(hyper.name).stateSlots;
    this.state = this.slots.map((slot) => device.createBuffer({ label: `${label}-${slot}`, size: this.stateLength * 4, usage: stateUsage }));
    this.clip = device.createBuffer({ label: `${label}-clip`, size: 16, usage: stateUsage });
    // Without the norm passes the factor stays 1 forever.
    device.queue.writeBuffer(this.clip, 0, new Float32Array([0, 1, 0, 0]));
    this.partials = this.computesNorm
      ? device.createBuffer({ label: `${label}-partials`, size: Math.max(partial, 1) * 4, usage: GPUBufferUsage.STORAGE })
      : null;
    this.stepUniform = device.createBuffer({ label: `${label}-step`, size: STEP_UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.segmentStride = Math.max(256, device.limits.minUniformBufferOffsetAlignment);
    this.segmentUniform = device.createBuffer({
      label: `${label}-segments`,
      size: Math.max(segments.length, 1) * this.segmentStride,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    const segmentBytes = new ArrayBuffer(Math.max(segments.length, 1) * this.segmentStride);
    segments.forEach((s, i) => new Uint32Array(segmentBytes, i * this.segmentStride, 4).set([s.count, s.decayCount, this.partialOffsets[i], 0]));
    device.queue.writeBuffer(this.segmentUniform, 0, segmentBytes);
    this.normSettings = device.createBuffer({ label: `${label}-norm-settings`, size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const normBytes = new ArrayBuffer(16);
    new Uint32Array(normBytes, 0, 2).set([partial, hyper.clipNorm != null ? 1 : 0]);
    new Float32Array(normBytes, 8, 1)[0] = hyper.clipNorm ?? 0;
    device.queue.writeBuffer(this.normSettings, 0, normBytes);

    if (this.computesNorm) {
      const normModule = device.createShaderModule({ label: `${label}-norm`, code: gradNormSource });
      this.partialPipeline = device.createComputePipeline({
        label: `${label}-norm-partials`,
        layout: 'auto',
        compute: { module: normModule, entryPoint: 'partialSums', constants: { ...NORM_KERNEL_SIZES } },
      });
      this.finalizePipeline = device.createComputePipeline({
        label: `${label}-norm-finalize`,
        layout: 'auto',
        compute: { module: normModule, entryPoint: 'finalize', constants: { ...NORM_KERNEL_SIZES } },
      });
      this.finalizeBindGroup = device.createBindGroup({
        layout: this.finalizePipeline.getBindGroupLayout(0),
        entries: [
          { binding: 2, resource: { buffer: this.partials! } },
          { binding: 3, resource: { buffer: this.normSettings } },
          { binding: 4, resource: { buffer: this.clip } },
        ],
      });
    } else {
      this.partialPipeline = this.finalizePipeline = this.finalizeBindGroup = null;
    }
    this.cache = segments.map(() => null);
  }

  /** The per-step scalars of update number `step` (1-based), as PyTorch computes them in double then float32. */
  private writeStepValues(lr: number, step: number): void {
    const values = optimizerDescriptor(this.hyper.name).stepValues(this.hyper, lr, step);
    if (values.length > STEP_UNIFORM_BYTES / 4)
      throw new Error(`fused ${this.hyper.name}: ${values.length} per-step values, the uniform holds ${STEP_UNIFORM_BYTES / 4}`);
    const floats = new Float32Array(this.stepBytes);
    floats.fill(0);
    floats.set(values);
    this.device.queue.writeBuffer(this.stepUniform, 0, this.stepBytes);
  }

  private bindings(i: number, buffers: SegmentBuffers): CachedBindings {
    const seg = this.segments[i];
    const paramOffset = buffers.paramOffset ?? 0;
    const gradOffset = buffers.gradOffset ?? 0;
    const key = `${bufferId(buffers.param)}:${paramOffset}:${bufferId(buffers.grad)}:${gradOffset}`;
    const cached = this.cache[i];
    if (cached && cached.key === key) return cached;
    const size = seg.count * 4;
    if (buffers.param === buffers.grad && Math.abs(paramOffset - gradOffset) < size) {
      throw new Error(`fused ${this.hyper.name}: segment ${i}'s gradient is the same memory as its parameter`);
    }
    const stateRange = (buffer: GPUBuffer) => ({ buffer, offset: this.stateOffsets[i] * 4, size });
    const segmentRange = { buffer: this.segmentUniform, offset: i * this.segmentStride, size: 16 };
    const entries: GPUBindGroupEntry[] = [
      { binding: 0, resource: { buffer: this.stepUniform } },
      { binding: 1, resource: segmentRange },
      { binding: 2, resource: { buffer: buffers.param, offset: paramOffset, size } },
      { binding: 3, resource: { buffer: buffers.grad, offset: gradOffset, size } },
      { binding: 6, resource: { buffer: this.clip } },
      ...this.state.map((buffer, k) => ({ binding: STATE_SLOT_BINDINGS[k], resource: stateRange(buffer) })),
    ];
    const update = this.device.createBindGroup({ layout: this.updatePipeline.getBindGroupLayout(0), entries });
    const norm = this.partialPipeline
      ? this.device.createBindGroup({
          layout: this.partialPipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: segmentRange },
            { binding: 1, resource: { buffer: buffers.grad, offset: gradOffset, size } },
            { binding: 2, resource: { buffer: this.partials! } },
          ],
        })
      : null;
    const fresh = { key, update, norm };
    this.cache[i] = fresh;
    return fresh;
  }

  /** Encodes the norm passes and every segment's update into `encoder` (update number stepCount + 1). */
  encodeStep(encoder: GPUCommandEncoder, buffers: readonly SegmentBuffers[], lr: number): void {
    if (buffers.length !== this.segments.length)
      throw new Error(`fused ${this.hyper.name}: ${buffers.length} buffer sets for ${this.segments.length} segments`);
    if (!Number.isFinite(lr) || lr < 0) throw new Error(`fused ${this.hyper.name}: lr must be a finite number ≥ 0, got ${lr}`);
    const live = this.segments.map((s, i) => (s.count > 0 ? this.bindings(i, buffers[i]) : null));
    this.stepCount++;
    this.writeStepValues(lr, this.stepCount);
    const pass = encoder.beginComputePass({ label: `fused-${this.hyper.name}-step` });
    if (this.partialPipeline) {
      pass.setPipeline(this.partialPipeline);
      live.forEach((b, i) => {
        if (!b) return;
        pass.setBindGroup(0, b.norm!);
        pass.dispatchWorkgroups(...dispatchGrid(Math.ceil(this.segments[i].count / NORM_ELEMENTS_PER_WORKGROUP)));
      });
      pass.setPipeline(this.finalizePipeline!);
      pass.setBindGroup(0, this.finalizeBindGroup!);
      pass.dispatchWorkgroups(1);
    }
    pass.setPipeline(this.updatePipeline);
    live.forEach((b, i) => {
      if (!b) return;
      pass.setBindGroup(0, b.update);
      pass.dispatchWorkgroups(...dispatchGrid(Math.ceil(this.segments[i].count / ELEMENTS_PER_WORKGROUP)));
    });
    pass.end();
  }

  /** One whole step: per-step uniform, one encoder, one submit. */
  step(buffers: readonly SegmentBuffers[], lr: number): void {
    const encoder = this.device.createCommandEncoder({ label: `fused-${this.hyper.name}` });
    this.encodeStep(encoder, buffers, lr);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Global gradient norm (before clipping) of the last step; NaN when the norm is not computed. */
  async readGradNorm(): Promise<number> {
    if (!this.computesNorm) return Number.NaN;
    return (await readBuffer(this.device, this.clip, 0, 8))[0];
  }

  /** The m slot (first moment or momentum buffer) and the v slot (second moment; null when the optimizer has none). */
  async readMoments(): Promise<{ m: Float32Array; v: Float32Array | null }> {
    const read = (slot: string) => {
      const k = this.slots.indexOf(slot);
      return k < 0 ? null : readBuffer(this.device, this.state[k], 0, this.stateLength * 4);
    };
    const [m, v] = await Promise.all([read('m'), read('v')]);
    return { m: m!, v };
  }

  /** Per-segment copies of the moments. */
  async readSegmentMoments(): Promise<{ m: Float32Array[]; v: Float32Array[] | null }> {
    const { m, v } = await this.readMoments();
    const slice = (flat: Float32Array) => this.segments.map((s, i) => flat.slice(this.stateOffsets[i], this.stateOffsets[i] + s.count));
    return { m: slice(m), v: v ? slice(v) : null };
  }

  writeSegmentMoments(step: number, m: readonly Float32Array[], v: readonly Float32Array[] | null): void {
    if (!Number.isInteger(step) || step < 0) throw new Error(`fused ${this.hyper.name}: step must be an integer ≥ 0, got ${step}`);
    const mBuffer = this.state[this.slots.indexOf('m')];
    const vBuffer = this.slots.includes('v') ? this.state[this.slots.indexOf('v')] : null;
    if (m.length !== this.segments.length || (vBuffer && (!v || v.length !== this.segments.length))) {
      throw new Error(`fused ${this.hyper.name}: state has ${m.length} tensors, this optimizer ${this.segments.length}`);
    }
    this.segments.forEach((s, i) => {
      if (m[i].length !== s.count) throw new Error(`fused ${this.hyper.name}: m of segment ${i} has ${m[i].length} values, expected ${s.count}`);
      if (s.count === 0) return;
      this.device.queue.writeBuffer(mBuffer, this.stateOffsets[i] * 4, m[i] as Float32Array<ArrayBuffer>);
      if (vBuffer) {
        if (v![i].length !== s.count) throw new Error(`fused ${this.hyper.name}: v of segment ${i} has ${v![i].length} values, expected ${s.count}`);
        this.device.queue.writeBuffer(vBuffer, this.stateOffsets[i] * 4, v![i] as Float32Array<ArrayBuffer>);
      }
    });
    this.stepCount = step;
  }

  /** Bytes of the GPU buffers this kernel holds (optimizer state, norm partials, uniforms). */
  get bytes(): number {
    return this.buffers().reduce((sum, b) => sum + b.size, 0);
  }

  private buffers(): GPUBuffer[] {
    return [...this.state, this.clip, this.partials, this.stepUniform, this.segmentUniform, this.normSettings].filter((b): b is GPUBuffer => b !== null);
  }

  dispose(): void {
    for (const b of this.buffers()) b.destroy();
    this.cache.fill(null);
  }
}

/** Copies `size` bytes of `buffer` to a mappable buffer and reads them (async; never inside a step). */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, offset: number, size: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: alignUp(size, 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, offset, staging, 0, alignUp(size, 4));
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}
