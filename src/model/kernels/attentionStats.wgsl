// Row statistics of the attention probabilities: [batch, heads, seq, 2] = (max score, Σ exp(score − max)) of
// query row i, so the forward and backward kernels compute softmax without writing [seq, seq] probabilities.
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let qi = queryRow(rowAt(s.b, s.t, s.h));
  var rowMax = -3.402823e38;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    rowMax = max(rowMax, scoreAt(qi, s.b, s.h, s.t, j));
  }
  var total = 0.0;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    total = total + exp(scoreAt(qi, s.b, s.h, s.t, j) - rowMax);
  }
  result[2 * rowStat(s)] = rowMax;
  result[2 * rowStat(s) + 1] = total;
}
