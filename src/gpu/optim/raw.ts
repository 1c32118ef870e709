/**
 * Fused optimizers over GPUBuffers this module owns (no tfjs): for the trace CLI, the kernel tests
 * and the benchmark. Two layouts of the same kernels:
 *  - 'per-tensor': one parameter and one gradient buffer per tensor, one dispatch per tensor — how
 *    tfjs variables are laid out, so this is what the tfjs layer does;
 *  - 'flat': all parameters in one buffer and all gradients in another (decaying tensors first,
 *    256-byte-aligned regions), one dispatch for the whole model (split only at the binding-size limit).
 */
import { OPTIMIZER_STATE_FORMAT, assertValidHyper, checkOptimizerState, optimizerDescriptor, type OptimizerHyper, type OptimizerState } from '../../core/optim';
import { requireFmaProbe } from './fmaProbe';
import { FusedUpdateKernel, STATE_ALIGN_ELEMENTS, alignUp, readBuffer, type SegmentBuffers, type SegmentSpec } from './kernel';

export type RawLayout = 'per-tensor' | 'flat';

export interface RawTensorSpec {
  name: string;
  size: number;
  /** Weight decay applies to this tensor. */
  decay: boolean;
}

export interface RawOptimizerOptions {
  layout?: RawLayout;
  trackGradNorm?: boolean;
}

// A function: in Node, GPUBufferUsage exists only once Dawn is loaded.
const bufferUsage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class RawFusedOptimizer {
  readonly layout: RawLayout;
  readonly kernel: FusedUpdateKernel;
  /** Per tensor: its buffer and byte offset in it. */
  readonly paramAt: { buffer: GPUBuffer; offset: number }[];
  readonly gradAt: { buffer: GPUBuffer; offset: number }[];
  private readonly segmentBuffers: SegmentBuffers[];
  private readonly owned: GPUBuffer[] = [];

  constructor(
    readonly device: GPUDevice,
    readonly tensors: readonly RawTensorSpec[],
    readonly hyper: OptimizerHyper,
    options: RawOptimizerOptions = {},
  ) {
    assertValidHyper(hyper);
    // Before any buffer is created: the kernel needs the device's probed fma mode.
    requireFmaProbe(device, `raw ${hyper.name}`);
    this.layout = options.layout ?? 'per-tensor';
    tensors.forEach((t, i) => {
      if (!Number.isInteger(t.size) || t.size < 1) throw new Error(`raw ${hyper.name}: tensor ${i} (${t.name}) size must be an integer ≥ 1, got ${t.size}`);
    });
    if (this.layout === 'per-tensor') {
      const make = (kind: string) =>
        tensors.map((t) => {
          const buffer = device.createBuffer({ label: `${t.name}.${kind}`, size: t.size * 4, usage: bufferUsage() });
          this.owned.push(buffer);
          return { buffer, offset: 0 };
        });
      this.paramAt = make('param');
      this.gradAt = make('grad');
      this.kernel = new FusedUpdateKernel(
        device,
        hyper,
        tensors.map((t) => ({ count: t.size, decayCount: t.decay ? t.size : 0 })),
        { trackGradNorm: options.trackGradNorm },
      );
      this.segmentBuffers = tensors.map((_, i) => ({ param: this.paramAt[i].buffer, grad: this.gradAt[i].buffer }));
    } else {
      // Decaying tensors first, so one segment's decay group is a prefix.
      const order = [...tensors.keys()].sort((a, b) => Number(tensors[b].decay) - Number(tensors[a].decay));
      const offsets = new Array<number>(tensors.length);
      let total = 0;
      let decayEnd = 0;
      for (const i of order) {
        offsets[i] = total;
        total += alignUp(tensors[i].size, STATE_ALIGN_ELEMENTS);
        if (tensors[i].decay) decayEnd = total;
      }
      total = Math.max(total, STATE_ALIGN_ELEMENTS);
      const chunk = Math.floor(device.limits.maxStorageBufferBindingSize / 4 / STATE_ALIGN_ELEMENTS) * STATE_ALIGN_ELEMENTS;
      const segments: SegmentSpec[] = [];
      for (let start = 0; start < total; start += chunk) {
        const count = Math.min(chunk, total - start);
        segments.push({ count, decayCount: Math.max(0, Math.min(count, decayEnd - start)) });
      }
      const param = device.createBuffer({ label: 'flat.param', size: total * 4, usage: bufferUsage() });
      const grad = device.createBuffer({ label: 'flat.grad', size: total * 4, usage: bufferUsage() });
      this.owned.push(param, grad);
      this.paramAt = offsets.map((o) => ({ buffer: param, offset: o * 4 }));
      this.gradAt = offsets.map((o) => ({ buffer: grad, offset: o * 4 }));
      this.kernel = new FusedUpdateKernel(device, hyper, segments, { trackGradNorm: options.trackGradNorm });
      // Chunks are multiples of 64 elements, so the kernel's state offsets equal the chunk starts.
      this.segmentBuffers = segments.map((_, s) => ({
        param,
        paramOffset: this.kernel.stateOffsets[s] * 4,
        grad,
        gradOffset: this.kernel.stateOffsets[s] * 4,
      }));
    }
  }

  get stepCount(): number {
    return this.kernel.stepCount;
  }

  private check(i: number, data: Float32Array, what: string): void {
    const t = this.tensors[i];
    if (!t) throw new Error(`raw ${this.hyper.name}: no tensor ${i}`);
    if (data.length !== t.size) throw new Error(`raw ${this.hyper.name}: ${what} of ${t.name} has ${data.length} values, expected ${t.size}`);
  }

  writeParam(i: number, data: Float32Array): void {
    this.check(i, data, 'param');
    this.device.queue.writeBuffer(this.paramAt[i].buffer, this.paramAt[i].offset, data as Float32Array<ArrayBuffer>);
  }

  writeGrad(i: number, data: Float32Array): void {
    this.check(i, data, 'grad');
    this.device.queue.writeBuffer(this.gradAt[i].buffer, this.gradAt[i].offset, data as Float32Array<ArrayBuffer>);
  }

  /** One update of every tensor from the gradients in the grad buffers: one encoder, one submit. */
  step(lr: number): void {
    this.kernel.step(this.segmentBuffers, lr);
  }

  /** Encodes a step into the caller's encoder (for benchmarks that batch or time encoders). */
  encodeStep(encoder: GPUCommandEncoder, lr: number): void {
    this.kernel.encodeStep(encoder, this.segmentBuffers, lr);
  }

  readGradNorm(): Promise<number> {
    return this.kernel.readGradNorm();
  }

  async readParams(): Promise<Float32Array[]> {
    return Promise.all(this.tensors.map((t, i) => readBuffer(this.device, this.paramAt[i].buffer, this.paramAt[i].offset, t.size * 4)));
  }

  /** m and v per tensor (v null when the optimizer has no second moment). */
  async readMoments(): Promise<{ m: Float32Array[]; v: Float32Array[] | null }> {
    if (this.layout === 'per-tensor') return this.kernel.readSegmentMoments();
    const { m, v } = await this.kernel.readMoments();
    const slice = (flat: Float32Array) => this.tensors.map((t, i) => flat.slice(this.paramAt[i].offset / 4, this.paramAt[i].offset / 4 + t.size));
    return { m: slice(m), v: v ? slice(v) : null };
  }

  async exportState(): Promise<OptimizerState> {
    const { m, v } = await this.readMoments();
    return {
      format: OPTIMIZER_STATE_FORMAT,
      optimizer: this.hyper.name,
      step: this.stepCount,
      tensors: this.tensors.map((t, i) => ({ name: t.name, size: t.size, m: m[i], ...(v ? { v: v[i] } : {}) })),
    };
  }

  importState(state: OptimizerState): void {
    checkOptimizerState(state, 'optimizer state', { optimizer: this.hyper.name, tensors: this.tensors });
    const hasV = optimizerDescriptor(this.hyper.name).stateSlots.includes('v');
    if (this.layout === 'per-tensor') {
      this.kernel.writeSegmentMoments(
        state.step,
        state.tensors.map((t) => t.m),
        hasV ? state.tensors.map((t) => t.v!) : null,
      );
      return;
    }
    // Flat: rebuild the whole moment buffers (padding stays zero).
    const m = new Float32Array(this.kernel.stateLength);
    const v = hasV ? new Float32Array(this.kernel.stateLength) : null;
    state.tensors.forEach((t, i) => {
      m.set(t.m, this.paramAt[i].offset / 4);
      v?.set(t.v!, this.paramAt[i].offset / 4);
    });
    const split = (flat: Float32Array) => this.kernel.segments.map((s, k) => flat.subarray(this.kernel.stateOffsets[k], this.kernel.stateOffsets[k] + s.count));
    this.kernel.writeSegmentMoments(state.step, split(m), v ? split(v) : null);
  }

  dispose(): void {
    this.kernel.dispose();
    for (const b of this.owned) b.destroy();
  }
}
