// Smoke kernel: out = a * x + y, element by element.
// It proves the whole path (shader compile, storage and uniform bindings, dispatch, readback)
// on any adapter; n is deliberately allowed to be a non-multiple of the workgroup size.

struct Params {
  n : u32,
  a : f32,
}

@group(0) @binding(0) var<uniform> params : Params;
@group(0) @binding(1) var<storage, read> x : array<f32>;
@group(0) @binding(2) var<storage, read> y : array<f32>;
@group(0) @binding(3) var<storage, read_write> out : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let i = id.x;
  if (i >= params.n) {
    return;
  }
  out[i] = params.a * x[i] + y[i];
}
