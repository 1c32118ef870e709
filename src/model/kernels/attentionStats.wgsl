// Row statistics of the attention probabilities: [batch, heads, seq, 2] = (max score, Σ exp(score − max)) of
// query row i, so the forward and backward kernels compute softmax without writing [seq, seq] probabilities.
// One pass (online softmax): the sum so far is rescaled whenever the max grows, so each score is computed once.
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let qRow = rowAt(s.b, s.t, s.h);
  #unroll c: let q{c} = Q[qRow + {c}];
  var rowMax = -3.402823e38;
  var total = 0.0;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let kRow = rowAt(s.b, j, s.h);
    var dot = 0.0;
    #unroll c: dot = dotInOrder(q{c}, K[kRow + {c}], dot);
    let score = scaled(dot) + maskAt(s.b, s.t, j);
    let grown = max(rowMax, score);
    total = total * exp(rowMax - grown) + exp(score - grown);
    rowMax = grown;
  }
  result[2 * rowStat(s)] = rowMax;
  result[2 * rowStat(s) + 1] = total;
}
