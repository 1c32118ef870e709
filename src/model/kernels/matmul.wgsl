// C [M, N] = op(A) · B (+ bias [N]), with op(A) = A [M, K] or Aᵀ for A [K, M] (the host prepends aAt and
// epilogue), B [K, N] row-major and read as vec4 along N, C written as vec4.
// An invocation computes 4 adjacent columns of ROWS rows. The rows come from the workgroup id, so every
// invocation of a workgroup loads the same A values (uniform loads, which CPU adapters broadcast) while the
// B loads are contiguous across invocations: on lavapipe this runs 2–3× faster than tfjs's tiled matMul.
// Every output sums k = 0 … K−1 in order, as tfjs's matMul does, so both give the same bits.
const ROWS = 8;

fn main() {
  let n4 = i32(workgroupId.x * workgroupSizeX + localId.x);
  let m0 = i32(workgroupId.y) * ROWS;
  if (n4 >= uniforms.n4) {
    return;
  }
  var acc : array<vec4<f32>, ROWS>;
  for (var k = 0; k < uniforms.k; k = k + 1) {
    let b = B[k * uniforms.n4 + n4];
    for (var r = 0; r < ROWS; r = r + 1) {
      acc[r] = acc[r] + aAt(min(m0 + r, uniforms.m - 1), k) * b;
    }
  }
  for (var r = 0; r < ROWS; r = r + 1) {
    if (m0 + r < uniforms.m) {
      result[(m0 + r) * uniforms.n4 + n4] = epilogue(acc[r], n4);
    }
  }
}
