// (residual +) layer norm forward, one invocation per element: (x − mean) · rstd · weight (+ bias), with the
// row's mean and rstd from layerNormStats.wgsl (`stats` [rows, 2]). The host prepends inputAt and biasAt.
fn main(index : i32) {
  if (index < uniforms.size) {
    let row = index / uniforms.cols;
    let col = index - row * uniforms.cols;
    let normalized = (inputAt(index) - stats[2 * row]) * stats[2 * row + 1];
    setOutputAtIndex(index, normalized * weight[col] + biasAt(col));
  }
}
