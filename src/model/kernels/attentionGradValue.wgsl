// Backward: dV_j = Σ_i drop_ij · P_ij · dO_i, per key row j (the loop runs over query rows i).
fn main() {
  let s = slot();
  let j = s.t;
  if (j >= uniforms.seq) {
    return;
  }
  let row = rowAt(s.b, j, s.h);
  let kj = keyRow(row);
  var acc : array<vec4<f32>, D4>;
  for (var i = 0; i < uniforms.seq; i = i + 1) {
    let qRow = rowAt(s.b, i, s.h);
    var qk = 0.0;
    for (var c = 0; c < D4; c = c + 1) {
      qk = dotInOrder(Q[qRow + c], kj[c], qk);
    }
    let p = probability(scaled(qk) + maskAt(s.b, i, j), 2 * rowStat(Slot(i, s.h, s.b))) * dropAt(s.b, s.h, i, j);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + p * dO[qRow + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[row + c] = acc[c];
  }
}
