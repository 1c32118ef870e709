// Row sums of (residual +) layer norm backward. Output [rows, 2]: mean over the row of g = dy · weight and of
// g · x̂ with x̂ = (x − mean) · rstd. Summed in column order (deterministic). The host prepends inputAt.
fn main(index : i32) {
  if (index < uniforms.size) {
    let row = index / 2;
    let base = row * uniforms.cols;
    let mean = stats[2 * row];
    let rstd = stats[2 * row + 1];
    let withXhat = index % 2 == 1;
    var total = 0.0;
    for (var c = 0; c < uniforms.cols; c = c + 1) {
      let g = dy[base + c] * weight[c];
      total = total + select(g, g * ((inputAt(base + c) - mean) * rstd), withXhat);
    }
    setOutputAtIndex(index, total / f32(uniforms.cols));
  }
}
