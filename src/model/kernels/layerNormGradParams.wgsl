// Layer norm backward to weight or bias. Output [cols]: Σ_rows dy · x̂ (the weight's gradient, forWeight = 1) or
// Σ_rows dy (the bias's). Each invocation owns one column and sums the rows in order: no atomics. Two dispatches
// with their own outputs, rather than one [2, cols] output split by two copies. The host prepends inputAt.
fn main(index : i32) {
  if (index < uniforms.size) {
    var total = 0.0;
    for (var r = 0; r < uniforms.rows; r = r + 1) {
      let at = r * uniforms.cols + index;
      let xhat = (inputAt(at) - stats[2 * r]) * stats[2 * r + 1];
      total = total + select(dy[at], dy[at] * xhat, uniforms.forWeight == 1);
    }
    setOutputAtIndex(index, total);
  }
}
