/**
 * Reading and overwriting parameters that our own kernels (the fused optimizers) update in place on the GPU.
 * tfjs caches a tensor's values on the CPU after `data()`; after an in-place GPU write that cache is stale, so
 * parameters are read straight from their GPU buffer and written with the cache dropped.
 * (Internal API of tfjs-backend-webgpu 4.22: `tensorMap`, `getBufferData`, the queue flush, `uploadToGPU`.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { flushTfjsQueue } from '../gpu/tfjsBackend';

interface TensorData {
  values?: unknown;
  resource?: GPUBuffer | { buffer?: GPUBuffer } | null;
}

interface WebGpuInternals {
  device: GPUDevice;
  tensorMap: { get(dataId: object): TensorData | undefined };
  submitQueue(): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  uploadToGPU(dataId: object): void;
  getBufferData(buffer: GPUBuffer): Promise<ArrayBuffer>;
}

function webgpuInternals(): WebGpuInternals | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return tf.backend() as unknown as WebGpuInternals;
}

function gpuBuffer(data: TensorData | undefined): GPUBuffer | null {
  const resource = data?.resource;
  if (!resource) return null;
  return 'buffer' in resource && resource.buffer ? resource.buffer : (resource as GPUBuffer);
}

/** Moves a tensor's data to the GPU now, so small parameters never take tfjs's CPU shortcut and have a buffer. */
export function ensureOnGpu(tensor: tf.Tensor): void {
  webgpuInternals()?.uploadToGPU(tensor.dataId);
}

/** The tensor's current float32 values, from its GPU buffer when it has one (never a stale CPU cache). */
export async function readFloat32(tensor: tf.Tensor): Promise<Float32Array> {
  const backend = webgpuInternals();
  const buffer = backend ? gpuBuffer(backend.tensorMap.get(tensor.dataId)) : null;
  if (!backend || !buffer) return Float32Array.from((await tensor.data()) as Float32Array);
  const bytes = await backend.getBufferData(buffer);
  return new Float32Array(bytes, 0, tensor.size).slice();
}

/** Overwrites a float32 tensor's values in place (same buffer, same dataId), ordered after tfjs's queued work. */
export function writeFloat32InPlace(tensor: tf.Tensor, values: Float32Array): void {
  if (values.length !== tensor.size) throw new Error(`writeFloat32InPlace: ${values.length} values for a tensor of ${tensor.size}`);
  const backend = webgpuInternals();
  if (!backend) {
    // Other backends have no shared GPU buffer to keep; assign is the in-place update there.
    if (!(tensor instanceof tf.Variable)) throw new Error('writeFloat32InPlace: only variables can be overwritten off the WebGPU backend');
    const next = tf.tensor(values, tensor.shape);
    tensor.assign(next);
    next.dispose();
    return;
  }
  backend.uploadToGPU(tensor.dataId);
  const data = backend.tensorMap.get(tensor.dataId)!;
  const buffer = gpuBuffer(data)!;
  flushTfjsQueue(backend);
  backend.device.queue.writeBuffer(buffer, 0, values as Float32Array<ArrayBuffer>);
  data.values = null;
}
