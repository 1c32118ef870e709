// Layer norm backward to weight and bias. Output [2, cols]: row 0 is Σ_rows dy · x̂ (the weight's gradient),
// row 1 is Σ_rows dy (the bias's). Each invocation owns one column and sums the rows in order: no atomics.
// The host prepends inputAt.
fn main(index : i32) {
  if (index < uniforms.size) {
    let col = index % uniforms.cols;
    let forWeight = index < uniforms.cols;
    var total = 0.0;
    for (var r = 0; r < uniforms.rows; r = r + 1) {
      let at = r * uniforms.cols + col;
      let xhat = (inputAt(at) - stats[2 * r]) * stats[2 * r + 1];
      total = total + select(dy[at], dy[at] * xhat, forWeight);
    }
    setOutputAtIndex(index, total);
  }
}
