// (bias +) GELU forward, one invocation per element: GELU(z + biasAt(col)). The host prepends biasAt and
// geluCommon.wgsl.
fn main(index : i32) {
  if (index < uniforms.size) {
    setOutputAtIndex(index, gelu(z[index] + biasAt(index % uniforms.cols)));
  }
}
