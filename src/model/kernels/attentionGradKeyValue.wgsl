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
  #unroll c: let k{c} = K[row + {c}];
  #unroll c: let v{c} = V[row + {c}];
  #unroll c: var accK{c} = vec4<f32>();
  #unroll c: var accV{c} = vec4<f32>();
  for (var i = 0; i < uniforms.seq; i = i + 1) {
    let qRow = rowAt(s.b, i, s.h);
    #unroll c: let q{c} = Q[qRow + {c}];
    #unroll c: let do{c} = dO[qRow + {c}];
    var dot = 0.0;
    #unroll c: dot = dotInOrder(q{c}, k{c}, dot);
    var dp = 0.0;
    #unroll c: dp = dotInOrder(do{c}, v{c}, dp);
    let queryStat = rowStat(Slot(i, s.h, s.b));
    let p = probabilityOf(scaled(dot) + maskAt(s.b, i, j), stats[2 * queryStat], stats[2 * queryStat + 1]);
    let drop = dropAt(s.b, s.h, i, j);
    let ds = p * (dp * drop - D[queryStat]);
    let pv = p * drop;
    #unroll c: accK{c} = accK{c} + ds * q{c};
    #unroll c: accV{c} = accV{c} + pv * do{c};
  }
  let valueRows = uniforms.batch * uniforms.seq * uniforms.heads * D4;
  #unroll c: result[row + {c}] = vec4<f32>(scaled(accK{c}.x), scaled(accK{c}.y), scaled(accK{c}.z), scaled(accK{c}.w));
  #unroll c: result[valueRows + row + {c}] = accV{c};
}
