// Backward: dQ_i = scale · Σ_j dS_ij K_j, with dS_ij = P_ij (drop_ij · (dO_i · V_j) − D_i), per query row.
fn main() {
  let i = i32(workgroupId.x) * 64 + i32(localId.x);
  let h = i32(workgroupId.y);
  let b = i32(workgroupId.z);
  if (i >= uniforms.seq) {
    return;
  }
  let row = rowAt(b, i, h);
  var qi : array<vec4<f32>, D4>;
  var doi : array<vec4<f32>, D4>;
  for (var c = 0; c < D4; c = c + 1) {
    qi[c] = Q[row + c];
    doi[c] = dO[row + c];
  }
  let statsAt = ((b * uniforms.heads + h) * uniforms.seq + i) * 2;
  let rowMax = stats[statsAt];
  let total = stats[statsAt + 1];
  let delta = D[(b * uniforms.heads + h) * uniforms.seq + i];
  var acc : array<vec4<f32>, D4>;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let p = exp(scoreAt(qi, b, h, i, j) - rowMax) / total;
    let kvj = rowAt(b, j, h);
    var dp = 0.0;
    for (var c = 0; c < D4; c = c + 1) {
      dp = dotInOrder(doi[c], V[kvj + c], dp);
    }
    let ds = p * (dp * dropAt(b, h, i, j) - delta);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + ds * K[kvj + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[row + c] = vec4<f32>(scaled(acc[c].x), scaled(acc[c].y), scaled(acc[c].z), scaled(acc[c].w));
  }
}
