// Backward: dQ_i = scale · Σ_j dS_ij K_j, with dS_ij = P_ij (drop_ij · (dO_i · V_j) − D_i), per query row.
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let row = rowAt(s.b, s.t, s.h);
  let qi = queryRow(row);
  var doi : array<vec4<f32>, D4>;
  for (var c = 0; c < D4; c = c + 1) {
    doi[c] = dO[row + c];
  }
  let delta = D[rowStat(s)];
  var acc : array<vec4<f32>, D4>;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let p = probability(scoreAt(qi, s.b, s.h, s.t, j), 2 * rowStat(s));
    let kvj = rowAt(s.b, j, s.h);
    var dp = 0.0;
    for (var c = 0; c < D4; c = c + 1) {
      dp = dotInOrder(doi[c], V[kvj + c], dp);
    }
    let ds = p * (dp * dropAt(s.b, s.h, s.t, j) - delta);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + ds * K[kvj + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[row + c] = vec4<f32>(scaled(acc[c].x), scaled(acc[c].y), scaled(acc[c].z), scaled(acc[c].w));
  }
}
