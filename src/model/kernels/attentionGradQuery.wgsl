// Backward: dQ_i = scale · Σ_j dS_ij K_j, with dS_ij = P_ij (drop_ij · (dO_i · V_j) − D_i), per query row.
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let row = rowAt(s.b, s.t, s.h);
  #unroll c: let q{c} = Q[row + {c}];
  #unroll c: let do{c} = dO[row + {c}];
  let delta = D[rowStat(s)];
  let rowMax = stats[2 * rowStat(s)];
  let rowTotal = stats[2 * rowStat(s) + 1];
  #unroll c: var acc{c} = vec4<f32>();
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let kvRow = rowAt(s.b, j, s.h);
    #unroll c: let k{c} = K[kvRow + {c}];
    var dot = 0.0;
    #unroll c: dot = dotInOrder(q{c}, k{c}, dot);
    let p = probabilityOf(scaled(dot) + maskAt(s.b, s.t, j), rowMax, rowTotal);
    var dp = 0.0;
    #unroll c: dp = dotInOrder(do{c}, V[kvRow + {c}], dp);
    let ds = p * (dp * dropAt(s.b, s.h, s.t, j) - delta);
    #unroll c: acc{c} = acc{c} + ds * k{c};
  }
  #unroll c: result[row + {c}] = vec4<f32>(scaled(acc{c}.x), scaled(acc{c}.y), scaled(acc{c}.z), scaled(acc{c}.w));
}
