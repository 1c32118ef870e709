// Dropout keep-mask (the body of a tfjs WebGPUProgram with no inputs). Counter-based, so the mask depends only
// on (seed, element index): the same on every run and every device, and equal to dropoutMaskOnCpu in random.ts.
fn pcgHash(value : u32) -> u32 {
  let state = value * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn main(index : i32) {
  if (index < uniforms.size) {
    let bits = pcgHash(pcgHash(u32(index)) ^ uniforms.seed);
    setOutputAtIndex(index, select(0.0, uniforms.scale, bits >= uniforms.threshold));
  }
}
