// Row statistics of the attention probabilities: [batch, heads, seq, 2] = (max score, Σ exp(score − max)) of
// query row i, so the forward and backward kernels compute softmax without writing [seq, seq] probabilities.
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
  var rowMax = -3.402823e38;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    rowMax = max(rowMax, scoreAt(qi, b, h, i, j));
  }
  var total = 0.0;
  for (var j = 0; j < uniforms.seq; j = j + 1) {
    total = total + exp(scoreAt(qi, b, h, i, j) - rowMax);
  }
  let out = ((b * uniforms.heads + h) * uniforms.seq + i) * 2;
  result[out] = rowMax;
  result[out + 1] = total;
}
