// Row statistics of (residual +) layer norm forward. Output [rows, 2]: mean and 1/√(var + eps) of row r of
// x = inputAt(...) (x = a, or a + b when a residual is fused; the host prepends inputAt). Invocation (r, k)
// sums its row in column order, so every run gives the same bits; var is the two-pass mean of squares of
// (x − mean), as the tfjs path computes it.
fn main(index : i32) {
  if (index < uniforms.size) {
    let row = index / 2;
    let base = row * uniforms.cols;
    var total = 0.0;
    for (var c = 0; c < uniforms.cols; c = c + 1) {
      total = total + inputAt(base + c);
    }
    let mean = total / f32(uniforms.cols);
    if (index % 2 == 0) {
      setOutputAtIndex(index, mean);
      return;
    }
    var squares = 0.0;
    for (var c = 0; c < uniforms.cols; c = c + 1) {
      let centered = inputAt(base + c) - mean;
      squares = squares + centered * centered;
    }
    setOutputAtIndex(index, inverseSqrt(squares / f32(uniforms.cols) + uniforms.eps));
  }
}
