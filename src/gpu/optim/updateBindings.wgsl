// Declarations every update kernel shares (kernel.ts prepends this file to each): the segment uniform and the
// bindings of parameters, gradients, the first state slot (m) and the clip factor. Each kernel declares its own
// per-step uniform `step : StepValues` at binding 0 (the order of its descriptor's stepValues in
// core/optim/registry.ts) and any further state slot (v at binding 5, then 7, 8: STATE_SLOT_BINDINGS).
// Each thread updates PER_THREAD elements WORKGROUP apart, so every load instruction of a workgroup is coalesced.

struct Segment {
  count : u32,
  decayCount : u32,
  partialOffset : u32,
  pad : u32,
}

@group(0) @binding(1) var<uniform> segment : Segment;
@group(0) @binding(2) var<storage, read_write> param : array<f32>;
@group(0) @binding(3) var<storage, read> grad : array<f32>;
@group(0) @binding(4) var<storage, read_write> m : array<f32>;
@group(0) @binding(6) var<storage, read> clip : array<f32>;

// Set by kernel.ts (UPDATE_KERNEL_SIZES) when it builds the pipeline; the defaults are those values.
override WORKGROUP : u32 = 256u;
override PER_THREAD : u32 = 4u;
