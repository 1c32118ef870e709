// Column sums of a [rows, cols] tensor (a bias's gradient), one invocation per column summing the rows in
// order: deterministic, no atomics.
fn main(index : i32) {
  if (index < uniforms.size) {
    var total = 0.0;
    for (var r = 0; r < uniforms.rows; r = r + 1) {
      total = total + x[r * uniforms.size + index];
    }
    setOutputAtIndex(index, total);
  }
}
