// Dropout keep-mask (the body of a tfjs WebGPUProgram with no inputs; pcgHash.wgsl prepended), equal to
// dropoutMaskOnCpu in random.ts.
fn main(index : i32) {
  if (index < uniforms.size) {
    let bits = pcgHash(pcgHash(u32(index)) ^ uniforms.seed);
    setOutputAtIndex(index, select(0.0, uniforms.scale, bits >= uniforms.threshold));
  }
}
