// Fused AdamW, exactly torch.optim.AdamW (amsgrad off), over one segment of parameters, in place:
//   p ← p·(1 − lr·wd)            (decay group only: local index < segment.decayCount)
//   m ← β1·m + (1 − β1)·g         (one rounding, as PyTorch's fused add_(g, alpha); kernel.ts prepends exactFma)
//   v ← β2·v + (1 − β2)·g·g
//   p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
// g is the gradient times the clip factor clip[1] (1 without clipping), computed on the GPU by gradNorm.wgsl.
// Per-step scalars come from `step`, written once per step, so one pipeline serves every step.

// Declared in updateBindings.wgsl (prepended by kernel.ts): segment, param, grad, m, clip, WORKGROUP, PER_THREAD.

// In the order of the AdamW descriptor's stepValues (core/optim/registry.ts).
struct StepValues {
  decay : f32,          // 1 − lr·wd
  beta1 : f32,
  oneMinusBeta1 : f32,
  beta2 : f32,
  oneMinusBeta2 : f32,
  negStepSize : f32,    // −lr / (1 − β1^t)
  bias2Sqrt : f32,      // √(1 − β2^t)
  eps : f32,
}

@group(0) @binding(0) var<uniform> step : StepValues;
@group(0) @binding(5) var<storage, read_write> v : array<f32>;

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let base = (wid.y * nwg.x + wid.x) * (WORKGROUP * PER_THREAD) + lid;
  let scale = clip[1];
  for (var k = 0u; k < PER_THREAD; k++) {
    let i = base + k * WORKGROUP;
    if (i >= segment.count) {
      return;
    }
    let g = grad[i] * scale;
    var p = param[i];
    if (i < segment.decayCount) {
      p = p * step.decay;
    }
    let mi = exactFma(g, step.oneMinusBeta1, step.beta1 * m[i]);
    let vi = step.beta2 * v[i] + (step.oneMinusBeta2 * g) * g;
    m[i] = mi;
    v[i] = vi;
    let denom = sqrt(vi) / step.bias2Sqrt + step.eps;
    param[i] = p + (step.negStepSize * mi) / denom;
  }
}
