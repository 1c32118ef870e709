// Row statistics of the attention probabilities: [batch, heads, seq, 2] = (max score, Σ exp(score − max)) of
// query row i, so the forward and backward kernels compute softmax without writing [seq, seq] probabilities.
// One pass (online softmax): the sum so far is rescaled whenever the max grows, so each score is computed once.
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let qi = queryRow(rowAt(s.b, s.t, s.h));
  var rowMax = -3.402823e38;
  var total = 0.0;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let score = scoreOf(qi, keyRow(rowAt(s.b, j, s.h)), s.b, s.t, j);
    let grown = max(rowMax, score);
    total = total * exp(rowMax - grown) + exp(score - grown);
    rowMax = grown;
  }
  result[2 * rowStat(s)] = rowMax;
  result[2 * rowStat(s) + 1] = total;
}
