// GeGLU forward: GELU(x) · y for the two halves of one [rows, 2 · cols] projection (no split), x the half at
// geluOffset (0 or cols), y the other. One invocation per output element [rows, cols]. The host prepends
// geluCommon.wgsl.
fn main(index : i32) {
  if (index < uniforms.size) {
    let row = index / uniforms.cols;
    let base = row * 2 * uniforms.cols + (index - row * uniforms.cols);
    setOutputAtIndex(index, gelu(combined[base + uniforms.geluOffset]) * combined[base + uniforms.otherOffset]);
  }
}
