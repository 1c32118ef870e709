// Backward: dK_j = scale · Σ_i dS_ij Q_i, per key row j (the loop runs over query rows i).
fn main() {
  let s = slot();
  let j = s.t;
  if (j >= uniforms.seq) {
    return;
  }
  let row = rowAt(s.b, j, s.h);
  let kj = keyRow(row);
  var vj : array<vec4<f32>, D4>;
  for (var c = 0; c < D4; c = c + 1) {
    vj[c] = V[row + c];
  }
  var acc : array<vec4<f32>, D4>;
  for (var i = 0; i < uniforms.seq; i = i + 1) {
    let qRow = rowAt(s.b, i, s.h);
    var qk = 0.0;
    var dp = 0.0;
    for (var c = 0; c < D4; c = c + 1) {
      qk = dotInOrder(Q[qRow + c], kj[c], qk);
      dp = dotInOrder(dO[qRow + c], vj[c], dp);
    }
    let queryStat = Slot(i, s.h, s.b);
    let p = probability(scaled(qk) + maskAt(s.b, i, j), 2 * rowStat(queryStat));
    let ds = p * (dp * dropAt(s.b, s.h, i, j) - D[rowStat(queryStat)]);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + ds * Q[qRow + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[row + c] = vec4<f32>(scaled(acc[c].x), scaled(acc[c].y), scaled(acc[c].z), scaled(acc[c].w));
  }
}
