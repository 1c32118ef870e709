// Evaluates exactFma (prepended by fmaProbe.ts, native or emulated) on probe cases (a, b, c1, c2), with
// the addend a product as in the update kernels: exactFma(a, b, c1·c2).
@group(0) @binding(0) var<storage, read> cases : array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> results : array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let i = id.x;
  if (i >= arrayLength(&cases)) {
    return;
  }
  let k = cases[i];
  results[i] = exactFma(k.x, k.y, k.z * k.w);
}
