// Declarations shared by adamw.wgsl and lion.wgsl (kernel.ts prepends this file to each): the per-step uniform,
// the segment uniform and the bindings both update kernels use. adamw.wgsl adds binding 5 (v); Lion has no v.
// Each thread updates PER_THREAD elements WORKGROUP apart, so every load instruction of a workgroup is coalesced.

struct StepValues {
  decay : f32,          // 1 − lr·wd
  beta1 : f32,
  oneMinusBeta1 : f32,
  beta2 : f32,
  oneMinusBeta2 : f32,
  negStepSize : f32,    // AdamW: −lr / (1 − β1^t)
  bias2Sqrt : f32,      // AdamW: √(1 − β2^t)
  eps : f32,
  negLr : f32,          // Lion
  pad0 : f32,
  pad1 : f32,
  pad2 : f32,
}

struct Segment {
  count : u32,
  decayCount : u32,
  partialOffset : u32,
  pad : u32,
}

@group(0) @binding(0) var<uniform> step : StepValues;
@group(0) @binding(1) var<uniform> segment : Segment;
@group(0) @binding(2) var<storage, read_write> param : array<f32>;
@group(0) @binding(3) var<storage, read> grad : array<f32>;
@group(0) @binding(4) var<storage, read_write> m : array<f32>;
@group(0) @binding(6) var<storage, read> clip : array<f32>;

const WORKGROUP : u32 = 256u;
const PER_THREAD : u32 = 4u;
