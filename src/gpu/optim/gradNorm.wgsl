// Global gradient norm on the GPU, without atomics (the same input always gives the same bits):
//  `partialSums`: each thread sums the squares of its PER_THREAD gradient values of one segment into its own
//  slot of partials[] (no workgroup reduction: on SwiftShader every workgroup barrier switches all of a
//  workgroup's invocations, and the 9-barrier tree reduction took ~380 ms of a 1 M-parameter step; without it, 11 ms);
//  `finalize`: one workgroup sums all partials in a fixed order, writes clip[0] = ‖g‖ and
//  clip[1] = min(1, maxNorm / (‖g‖ + 1e-6)) (torch.nn.utils.clip_grad_norm_), or 1 when clipping is off.
// The update kernels read clip[1]; clip[0] is read back only when someone asks for it.

struct Segment {
  count : u32,
  decayCount : u32,
  partialOffset : u32,
  pad : u32,
}

struct NormSettings {
  partialCount : u32,
  clipEnabled : u32,
  maxNorm : f32,
  pad : u32,
}

@group(0) @binding(0) var<uniform> segment : Segment;
@group(0) @binding(1) var<storage, read> grad : array<f32>;
@group(0) @binding(2) var<storage, read_write> partials : array<f32>;
@group(0) @binding(3) var<uniform> settings : NormSettings;
@group(0) @binding(4) var<storage, read_write> clip : array<f32>;

// A workgroup covers WORKGROUP · PER_THREAD values and writes WORKGROUP partials. Set by kernel.ts
// (NORM_KERNEL_SIZES) when it builds the pipelines; the defaults are those values.
override WORKGROUP : u32 = 256u;
override PER_THREAD : u32 = 16u;

var<workgroup> scratch : array<f32, WORKGROUP>;

fn reduceScratch(lid : u32) {
  workgroupBarrier();
  for (var stride = WORKGROUP / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      scratch[lid] = scratch[lid] + scratch[lid + stride];
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WORKGROUP)
fn partialSums(@builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let group = wid.y * nwg.x + wid.x;
  // A 2-D dispatch may round up past the segment: those workgroups write nothing.
  if (group * (WORKGROUP * PER_THREAD) >= segment.count) {
    return;
  }
  let base = group * (WORKGROUP * PER_THREAD) + lid;
  var acc = 0.0;
  for (var k = 0u; k < PER_THREAD; k++) {
    let i = base + k * WORKGROUP;
    if (i < segment.count) {
      let g = grad[i];
      acc = acc + g * g;
    }
  }
  partials[segment.partialOffset + group * WORKGROUP + lid] = acc;
}

@compute @workgroup_size(WORKGROUP)
fn finalize(@builtin(local_invocation_index) lid : u32) {
  var acc = 0.0;
  for (var i = lid; i < settings.partialCount; i = i + WORKGROUP) {
    acc = acc + partials[i];
  }
  scratch[lid] = acc;
  reduceScratch(lid);
  if (lid == 0u) {
    let norm = sqrt(scratch[0]);
    clip[0] = norm;
    clip[1] = select(1.0, min(1.0, settings.maxNorm / (norm + 1e-6)), settings.clipEnabled != 0u);
  }
}
