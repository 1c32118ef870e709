// (bias +) GELU backward to its input (and the bias, through a column sum), one invocation per element:
// dy · GELU'(z + biasAt(col)). The host prepends biasAt and geluCommon.wgsl.
fn main(index : i32) {
  if (index < uniforms.size) {
    setOutputAtIndex(index, dy[index] * geluSlope(z[index] + biasAt(index % uniforms.cols)));
  }
}
