// Backward: D [batch, heads, seq] = dO · O per query row and head, which equals Σ_j P_ij · ∂L/∂P_ij, the term
// softmax's gradient subtracts (dS = P ⊙ (dP − D)).
fn main() {
  let i = i32(workgroupId.x) * 64 + i32(localId.x);
  let h = i32(workgroupId.y);
  let b = i32(workgroupId.z);
  if (i >= uniforms.seq) {
    return;
  }
  let row = rowAt(b, i, h);
  var acc = 0.0;
  for (var c = 0; c < D4; c = c + 1) {
    acc = dotInOrder(dO[row + c], O[row + c], acc);
  }
  result[(b * uniforms.heads + h) * uniforms.seq + i] = acc;
}
