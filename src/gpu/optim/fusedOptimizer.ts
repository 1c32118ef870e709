/**
 * The tfjs-facing fused optimizer: updates tfjs Variables (webgpu backend) in place with our kernels.
 *
 * How it reaches tfjs's memory (tfjs-backend-webgpu 4.22 internals, read from its source):
 *  - `backend.tensorMap.get(dataId).resource` is the GPUBuffer of a tensor, sized exactly 4·size bytes,
 *    usage STORAGE | COPY_SRC | COPY_DST. A fresh `tf.variable(tf.tensor(...))`, and any small tensor
 *    computed on the CPU path (WEBGPU_CPU_FORWARD, under 1000 elements), has only CPU `values` and no
 *    buffer: we call the backend's own `uploadToGPU(dataId)` for such variables and gradients (it copies
 *    the values into a pooled buffer and drops the CPU copy). We do not change the WEBGPU_CPU_FORWARD flag:
 *    once uploaded, a tensor stays on the GPU, and ops on it run there.
 *  - tfjs batches dispatches in its own command encoder: we end its pass and submit it
 *    (`ensureCommandEncoderReady(); endComputePassEncoder(); submitQueue()`) before our encoder, so the
 *    gradients are complete when our kernels read them (queue order).
 *  - After `data()`, tfjs caches the values on the CPU and later reads return that cache: we set
 *    `values = null` on every updated variable so the next `data()` or CPU-path op reads the new buffer.
 *  - A variable's dataId can change (`assign`), and disposed buffers return to tfjs's pool: buffers are
 *    looked up at every step (bind groups are cached per tensor while its buffers stay the same).
 * In-place means in place: another tensor sharing the variable's dataId (e.g. the tensor passed to
 * tf.variable() and not disposed) sees the update too.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import {
  OPTIMIZER_STATE_FORMAT,
  assertValidHyper,
  checkOptimizerState,
  defaultHyper,
  defaultSettings,
  hfNoDecay,
  optimizerDescriptor,
  ownSettings,
  type OptimizerHyper,
  type OptimizerName,
  type OptimizerSettingValues,
  type OptimizerState,
} from '../../core/optim';
import { flushTfjsQueue, type TfjsWebgpu } from '../tfjsBackend';
import { FusedUpdateKernel, type SegmentBuffers } from './kernel';

export type { OptimizerName, OptimizerState };

/** The optimizer's own settings (beta1, beta2, eps, momentum, …; the registry's defaults fill what is left out). */
export interface OptimizerSettings extends OptimizerSettingValues {
  name: OptimizerName;
  weightDecay: number;
  /** Max global grad norm; default 1.0; null = off. */
  clipNorm?: number | null;
  /** Default: HF Trainer rule — no decay on biases and LayerNorm weights (core/optim/paramGroups.ts). */
  noDecay?: (paramName: string) => boolean;
}

export interface NamedVariable {
  name: string;
  variable: Variable;
}

export interface FusedOptimizer {
  readonly settings: OptimizerSettings;
  readonly stepCount: number;
  /** Encodes and submits one update of every variable in place from `grads` (keyed by param name; tfjs tensors on the webgpu backend). Flushes tfjs's queue first. No readback. */
  step(grads: Record<string, Tensor>, lr: number): void;
  /** Global grad norm (before clipping) of the last step, read back on request. */
  lastGradNorm(): Promise<number>;
  /** Step count + m (+ v) per param, float32 arrays; IndexedDB-storable as is, JSON through core's optimizerStateToJson. */
  exportState(): Promise<OptimizerState>;
  importState(state: OptimizerState): void;
  /** Bytes of the GPU buffers the optimizer holds beside tfjs's (its state); 0 after dispose(). */
  readonly gpuBytes: number;
  dispose(): void;
}

/** The registry's defaults (core/optim/registry.ts): torch.optim.AdamW's with HF Trainer's wd 0.01 and max grad norm 1.0. */
export const DEFAULT_ADAMW: OptimizerSettings = defaultHyper('adamw');
/** lion-pytorch betas; weight decay 5× AdamW's (its authors: 3–10×; see core lionAdviceFor). */
export const DEFAULT_LION: OptimizerSettings = defaultHyper('lion');

/** Only the optimizer's own settings are kept (another optimizer's are dropped); missing ones take the registry's defaults. */
export function hyperFromSettings(settings: OptimizerSettings): OptimizerHyper {
  const known = optimizerDescriptor(settings.name as string) !== undefined;
  const hyper: OptimizerHyper = {
    name: settings.name,
    ...(known ? { ...defaultSettings(settings.name), ...ownSettings(settings.name, settings) } : {}),
    weightDecay: settings.weightDecay,
    clipNorm: settings.clipNorm === undefined ? 1.0 : settings.clipNorm,
  };
  assertValidHyper(hyper);
  return hyper;
}

/** The internal parts of tfjs-backend-webgpu 4.22's WebGPUBackend used here (beyond tfjsBackend.ts's). */
interface TensorDataLike {
  resource?: unknown;
  values?: unknown;
  dtype?: string;
  shape?: number[];
}
interface BackendInternals {
  tensorMap: { get(dataId: object): TensorDataLike | undefined; has?(dataId: object): boolean };
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

function gpuBufferOf(backend: BackendInternals, tensor: Tensor, what: string): GPUBuffer {
  const data = backend.tensorMap.get(tensor.dataId);
  if (!data) throw new Error(`fused optimizer: ${what} is not a tensor of the webgpu backend (disposed, or created on another backend)`);
  if (data.dtype !== undefined && data.dtype !== 'float32') throw new Error(`fused optimizer: ${what} must be float32, got ${data.dtype}`);
  if (data.resource == null) backend.uploadToGPU(tensor.dataId);
  const resource = backend.tensorMap.get(tensor.dataId)!.resource;
  if (!(resource instanceof GPUBuffer)) throw new Error(`fused optimizer: ${what} is not backed by a GPUBuffer (a texture or external resource)`);
  if (resource.size < tensor.size * 4) throw new Error(`fused optimizer: ${what}'s buffer has ${resource.size} bytes, expected ${tensor.size * 4}`);
  return resource;
}

export function createFusedOptimizer(tfw: TfjsWebgpu, params: NamedVariable[], settings: OptimizerSettings): FusedOptimizer {
  const hyper = hyperFromSettings(settings);
  const backend = tfw.backend as unknown as BackendInternals;
  const noDecay = settings.noDecay ?? hfNoDecay;
  const names = new Set<string>();
  for (const p of params) {
    if (names.has(p.name)) throw new Error(`fused optimizer: parameter name ${JSON.stringify(p.name)} appears twice`);
    names.add(p.name);
    if (p.variable.dtype !== 'float32') throw new Error(`fused optimizer: ${p.name} must be float32, got ${p.variable.dtype}`);
  }
  const sizes = params.map((p) => p.variable.size);
  const kernel = new FusedUpdateKernel(
    tfw.device,
    hyper,
    params.map((p, i) => ({ count: sizes[i], decayCount: noDecay(p.name) ? 0 : sizes[i] })),
    { trackGradNorm: true, label: `fused-${hyper.name}` },
  );
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error('fused optimizer: used after dispose()');
  };

  return {
    settings,
    get stepCount() {
      return kernel.stepCount;
    },
    get gpuBytes() {
      return disposed ? 0 : kernel.bytes;
    },
    step(grads, lr) {
      alive();
      const buffers: SegmentBuffers[] = params.map((p, i) => {
        const grad = grads[p.name];
        if (!grad) throw new Error(`fused optimizer: no gradient for ${p.name}`);
        if (grad.size !== sizes[i]) throw new Error(`fused optimizer: gradient of ${p.name} has ${grad.size} values, the parameter ${sizes[i]}`);
        if (p.variable.size !== sizes[i]) throw new Error(`fused optimizer: ${p.name} changed size (${sizes[i]} → ${p.variable.size})`);
        return { param: gpuBufferOf(backend, p.variable, p.name), grad: gpuBufferOf(backend, grad, `gradient of ${p.name}`) };
      });
      // Uploads above and the pending backward pass both sit in tfjs's encoder: submit them first.
      flushTfjsQueue(backend);
      kernel.step(buffers, lr);
      // tfjs must not answer data() from a stale CPU copy.
      for (const p of params) backend.tensorMap.get(p.variable.dataId)!.values = null;
    },
    lastGradNorm() {
      alive();
      return kernel.readGradNorm();
    },
    async exportState() {
      alive();
      const { m, v } = await kernel.readSegmentMoments();
      return {
        format: OPTIMIZER_STATE_FORMAT,
        optimizer: hyper.name,
        step: kernel.stepCount,
        tensors: params.map((p, i) => ({ name: p.name, size: sizes[i], m: m[i], ...(v ? { v: v[i] } : {}) })),
      };
    },
    importState(state) {
      alive();
      checkOptimizerState(state, 'optimizer state', { optimizer: hyper.name, tensors: params.map((p, i) => ({ name: p.name, size: sizes[i] })) });
      const hasV = optimizerDescriptor(hyper.name).stateSlots.includes('v');
      kernel.writeSegmentMoments(
        state.step,
        state.tensors.map((t) => t.m),
        hasV ? state.tensors.map((t) => t.v!) : null,
      );
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      kernel.dispose();
    },
  };
}
