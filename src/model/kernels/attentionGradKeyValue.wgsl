// Backward, per key row j (the loop runs over query rows i), dK and dV together, as they need the same P_ij:
// dK_j = scale · Σ_i dS_ij Q_i with dS_ij = P_ij (drop_ij · (dO_i · V_j) − D_i), and dV_j = Σ_i drop_ij · P_ij · dO_i.
// result is [2 · batch · seq, heads · D]: dK in the first batch · seq rows, dV in the rest.
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
  var accK : array<vec4<f32>, D4>;
  var accV : array<vec4<f32>, D4>;
  for (var i = 0; i < uniforms.seq; i = i + 1) {
    let qRow = rowAt(s.b, i, s.h);
    let qi = queryRow(qRow);
    var doi : array<vec4<f32>, D4>;
    var dp = 0.0;
    for (var c = 0; c < D4; c = c + 1) {
      doi[c] = dO[qRow + c];
      dp = dotInOrder(doi[c], vj[c], dp);
    }
    let queryStat = rowStat(Slot(i, s.h, s.b));
    let p = probabilityOf(scoreOf(qi, kj, s.b, i, j), stats[2 * queryStat], stats[2 * queryStat + 1]);
    let drop = dropAt(s.b, s.h, i, j);
    let ds = p * (dp * drop - D[queryStat]);
    let pv = p * drop;
    for (var c = 0; c < D4; c = c + 1) {
      accK[c] = accK[c] + ds * qi[c];
      accV[c] = accV[c] + pv * doi[c];
    }
  }
  let valueRows = uniforms.batch * uniforms.seq * uniforms.heads * D4;
  for (var c = 0; c < D4; c = c + 1) {
    result[row + c] = vec4<f32>(scaled(accK[c].x), scaled(accK[c].y), scaled(accK[c].z), scaled(accK[c].w));
    result[valueRows + row + c] = accV[c];
  }
}
