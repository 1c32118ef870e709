// Fused SGD, exactly torch.optim.SGD (maximize off), over one segment of parameters, in place:
//   d ← g + wd·p                          (L2 decay, decay group only: local index < segment.decayCount)
//   b ← μ·b + (1 − dampening)·d           (with momentum; b ← d at the first step: bufferScale 0, gradScale 1)
//   d ← d + μ·b (Nesterov), else d ← b
//   p ← p − lr·d
// Each add(x, alpha) is rounded once, as PyTorch's fused multiply-add (kernel.ts prepends exactFma); μ·b is
// rounded on its own (buf.mul_(momentum)). g is the gradient times the clip factor clip[1]. m is the momentum buffer.

// Declared in updateBindings.wgsl (prepended by kernel.ts): segment, param, grad, m, clip, WORKGROUP, PER_THREAD.

// In the order of the SGD descriptor's stepValues (core/optim/registry.ts).
struct StepValues {
  negLr : f32,
  weightDecay : f32,
  bufferScale : f32,    // μ, or 0 at the first step
  gradScale : f32,      // 1 − dampening, or 1 at the first step
  momentum : f32,       // μ, for Nesterov
  nesterov : f32,       // 1 or 0
  hasMomentum : f32,    // 1 when μ ≠ 0 (torch keeps no buffer otherwise)
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
    let p = param[i];
    var d = grad[i] * scale;
    if (i < segment.decayCount && step.weightDecay != 0.0) {
      d = exactFma(p, step.weightDecay, d);
    }
    if (step.hasMomentum != 0.0) {
      let b = exactFma(d, step.gradScale, step.bufferScale * m[i]);
      m[i] = b;
      if (step.nesterov != 0.0) {
        d = exactFma(b, step.momentum, d);
      } else {
        d = b;
      }
    }
    param[i] = exactFma(d, step.negLr, p);
  }
}
