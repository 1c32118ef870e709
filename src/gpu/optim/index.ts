// Fused optimizers on WebGPU. Callers on tfjs use createFusedOptimizer; raw-buffer users (CLI, bench,
// kernel tests) use RawFusedOptimizer / FusedUpdateKernel. All need `await prepareFusedKernels(device)`
// once per device first (initTfjsWebgpu and gpuForTests do it).
export { createFusedOptimizer, DEFAULT_ADAMW, DEFAULT_LION, hyperFromSettings } from './fusedOptimizer';
export type { FusedOptimizer, NamedVariable, OptimizerName, OptimizerSettings, OptimizerState } from './fusedOptimizer';
export type { TfjsWebgpu } from '../tfjsBackend';
export { RawFusedOptimizer } from './raw';
export type { RawLayout, RawTensorSpec, RawOptimizerOptions } from './raw';
export { FusedUpdateKernel, readBuffer } from './kernel';
export type { SegmentSpec, SegmentBuffers } from './kernel';
export { runTrace } from './runTrace';
export { prepareFusedKernels, fmaModeOf } from './fmaProbe';
export type { FmaMode, FmaProbe } from './fmaProbe';
