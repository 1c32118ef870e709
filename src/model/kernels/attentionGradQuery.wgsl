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
  let rowMax = stats[2 * rowStat(s)];
  let rowTotal = stats[2 * rowStat(s) + 1];
  var acc : array<vec4<f32>, D4>;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let kvj = rowAt(s.b, j, s.h);
    let kj = keyRow(kvj);
    let p = probabilityOf(scoreOf(qi, kj, s.b, s.t, j), rowMax, rowTotal);
    var dp = 0.0;
    for (var c = 0; c < D4; c = c + 1) {
      dp = dotInOrder(doi[c], V[kvj + c], dp);
    }
    let ds = p * (dp * dropAt(s.b, s.h, s.t, j) - delta);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + ds * kj[c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[row + c] = vec4<f32>(scaled(acc[c].x), scaled(acc[c].y), scaled(acc[c].z), scaled(acc[c].w));
  }
}
