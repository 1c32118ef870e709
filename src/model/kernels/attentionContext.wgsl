// The attention output O [batch · seq, heads · D] = dropout(softmax(scores)) · V, one query row of one head
// per invocation, the probabilities recomputed from the row statistics (attentionStats.wgsl).
fn main() {
  let i = i32(workgroupId.x) * 64 + i32(localId.x);
  let h = i32(workgroupId.y);
  let b = i32(workgroupId.z);
  if (i >= uniforms.seq) {
    return;
  }
  var qi : array<vec4<f32>, D4>;
  let qRow = rowAt(b, i, h);
  for (var c = 0; c < D4; c = c + 1) {
    qi[c] = Q[qRow + c];
  }
  let statsAt = ((b * uniforms.heads + h) * uniforms.seq + i) * 2;
  let rowMax = stats[statsAt];
  let total = stats[statsAt + 1];
  var acc : array<vec4<f32>, D4>;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    let p = exp(scoreAt(qi, b, h, i, j) - rowMax) / total * dropAt(b, h, i, j);
    let vj = rowAt(b, j, h);
    for (var c = 0; c < D4; c = c + 1) {
      acc[c] = acc[c] + p * V[vj + c];
    }
  }
  for (var c = 0; c < D4; c = c + 1) {
    result[qRow + c] = acc[c];
  }
}
