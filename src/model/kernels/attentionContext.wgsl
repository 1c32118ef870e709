// The attention output O [batch · seq, heads · D] = dropout(softmax(scores)) · V, one query row of one head
// per invocation, the probabilities recomputed from the row statistics (attentionStats.wgsl).
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let qRow = rowAt(s.b, s.t, s.h);
  let qi = queryRow(qRow);
  var acc : array<vec4<f32>, D4>;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let p = probability(scoreAt(qi, s.b, s.h, s.t, j), 2 * rowStat(s)) * dropAt(s.b, s.h, s.t, j);
    let vj = rowAt(s.b, j, s.h);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + p * V[vj + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[qRow + c] = acc[c];
  }
}
