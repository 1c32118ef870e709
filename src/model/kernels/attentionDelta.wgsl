// Backward: D [batch, heads, seq] = dO · O per query row and head, which equals Σ_j P_ij · ∂L/∂P_ij, the term
// softmax's gradient subtracts (dS = P ⊙ (dP − D)).
fn main() {
  let s = slot();
  if (s.t >= uniforms.seq) {
    return;
  }
  let row = rowAt(s.b, s.t, s.h);
  var acc = 0.0;
  #unroll c: acc = dotInOrder(dO[row + {c}], O[row + {c}], acc);
  result[rowStat(s)] = acc;
}
