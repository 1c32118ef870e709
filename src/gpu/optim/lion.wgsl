// Fused Lion, exactly the lion-pytorch update (Chen et al. 2023), over one segment of parameters, in place:
//   p ← p·(1 − lr·wd)                     (decay group only: local index < segment.decayCount)
//   p ← p − lr·sign(β1·m + (1 − β1)·g)    (sign(0) = 0, as torch.sign and WGSL sign)
//   m ← β2·m + (1 − β2)·g
// The interpolations are rounded once, as PyTorch's fused add(g, alpha) (kernel.ts prepends exactFma). g is the gradient times the clip
// factor clip[1]. One uniform of per-step scalars serves every step.

// Declared in updateBindings.wgsl (prepended by kernel.ts): segment, param, grad, m, clip, WORKGROUP, PER_THREAD.

// In the order of the Lion descriptor's stepValues (core/optim/registry.ts).
struct StepValues {
  decay : f32,          // 1 − lr·wd
  beta1 : f32,
  oneMinusBeta1 : f32,
  beta2 : f32,
  oneMinusBeta2 : f32,
  negLr : f32,
}

@group(0) @binding(0) var<uniform> step : StepValues;

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
    let mOld = m[i];
    var p = param[i];
    if (i < segment.decayCount) {
      p = p * step.decay;
    }
    param[i] = p + step.negLr * sign(exactFma(g, step.oneMinusBeta1, step.beta1 * mOld));
    m[i] = exactFma(g, step.oneMinusBeta2, step.beta2 * mOld);
  }
}
