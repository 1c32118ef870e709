// The attention output O [batch · seq, heads · D] = dropout(softmax(scores)) · V, one query row of one head
// per invocation, the probabilities recomputed from the row statistics (attentionStats.wgsl).
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let qRow = rowAt(s.b, s.t, s.h);
  let qi = queryRow(qRow);
  let rowMax = stats[2 * rowStat(s)];
  let rowTotal = stats[2 * rowStat(s) + 1];
  var acc : array<vec4<f32>, D4>;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let vj = rowAt(s.b, j, s.h);
    let p = probabilityOf(scoreOf(qi, keyRow(vj), s.b, s.t, j), rowMax, rowTotal) * dropAt(s.b, s.h, s.t, j);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + p * V[vj + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[qRow + c] = acc[c];
  }
}
