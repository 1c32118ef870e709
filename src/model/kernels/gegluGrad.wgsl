// GeGLU backward to the whole [rows, 2 · cols] projection in one pass: dy · y · GELU'(x) in the GELU half,
// dy · GELU(x) in the other. One invocation per element of the projection.
fn main(index : i32) {
  if (index < uniforms.size) {
    let width = 2 * uniforms.cols;
    let row = index / width;
    let k = index - row * width;
    let inGeluHalf = k >= uniforms.geluOffset && k < uniforms.geluOffset + uniforms.cols;
    let col = k - select(uniforms.otherOffset, uniforms.geluOffset, inGeluHalf);
    let x = combined[row * width + uniforms.geluOffset + col];
    let y = combined[row * width + uniforms.otherOffset + col];
    let g = dy[row * uniforms.cols + col];
    setOutputAtIndex(index, select(g * gelu(x), (g * y) * geluSlope(x), inGeluHalf));
  }
}
