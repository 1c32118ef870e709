// (residual +) layer norm backward to its input (and, when fused, to the residual: the same tensor), one
// invocation per element: rstd · (dy · weight − mean(g) − x̂ · mean(g · x̂)), the row means from
// layerNormGradRows.wgsl (`rowSums` [rows, 2]). The host prepends inputAt.
fn main(index : i32) {
  if (index < uniforms.size) {
    let row = index / uniforms.cols;
    let col = index - row * uniforms.cols;
    let rstd = stats[2 * row + 1];
    let xhat = (inputAt(index) - stats[2 * row]) * rstd;
    setOutputAtIndex(index, rstd * (dy[index] * weight[col] - rowSums[2 * row] - xhat * rowSums[2 * row + 1]));
  }
}
