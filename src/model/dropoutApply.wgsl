// x · mask in one pass, the mask drawn inline as dropoutMask.wgsl draws it (pcgHash.wgsl prepended): the `own`
// kernel path's dropout, forward (x) and backward (dy) alike. Multiplies by the mask value, as the tfjs path does.
fn main(index : i32) {
  if (index < uniforms.size) {
    let bits = pcgHash(pcgHash(u32(index)) ^ uniforms.seed);
    setOutputAtIndex(index, x[index] * select(0.0, uniforms.scale, bits >= uniforms.threshold));
  }
}
