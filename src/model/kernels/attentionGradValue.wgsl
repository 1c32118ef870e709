// Backward: dV_j = Σ_i drop_ij · P_ij · dO_i, per key row j (the loop runs over query rows).
fn main() {
  let j = i32(workgroupId.x) * 64 + i32(localId.x);
  let h = i32(workgroupId.y);
  let b = i32(workgroupId.z);
  if (j >= uniforms.seq) {
    return;
  }
  let row = rowAt(b, j, h);
  var kj : array<vec4<f32>, D4>;
  for (var c = 0; c < D4; c = c + 1) {
    kj[c] = K[row + c];
  }
  var acc : array<vec4<f32>, D4>;
  for (var i = 0; i < uniforms.seq; i = i + 1) {
    let qRow = rowAt(b, i, h);
    var qk = 0.0;
    for (var c = 0; c < D4; c = c + 1) {
      qk = dotInOrder(Q[qRow + c], kj[c], qk);
    }
    let statsAt = ((b * uniforms.heads + h) * uniforms.seq + i) * 2;
    let p = exp(scaled(qk) + maskAt(b, i, j) - stats[statsAt]) / stats[statsAt + 1] * dropAt(b, h, i, j);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + p * dO[qRow + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[row + c] = acc[c];
  }
}
