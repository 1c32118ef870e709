// The attention output O [batch · seq, heads · D] = dropout(softmax(scores)) · V, one query row of one head
// per invocation, the probabilities recomputed from the row statistics (attentionStats.wgsl).
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let qRow = rowAt(s.b, s.t, s.h);
  #unroll c: let q{c} = Q[qRow + {c}];
  let rowMax = stats[2 * rowStat(s)];
  let rowTotal = stats[2 * rowStat(s) + 1];
  #unroll c: var acc{c} = vec4<f32>();
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let kvRow = rowAt(s.b, j, s.h);
    var dot = 0.0;
    #unroll c: dot = dotInOrder(q{c}, K[kvRow + {c}], dot);
    let p = probabilityOf(scaled(dot) + maskAt(s.b, s.t, j), rowMax, rowTotal) * dropAt(s.b, s.h, s.t, j);
    #unroll c: acc{c} = acc{c} + p * V[kvRow + {c}];
  }
  #unroll c: result[qRow + {c}] = acc{c};
}
