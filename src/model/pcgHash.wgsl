// The counter-based hash every dropout mask is drawn from (random.ts pcgHash on the CPU): the mask depends only on
// (seed, element index), the same on every run and every device. Prepended by the host to the kernels that drop.
fn pcgHash(value : u32) -> u32 {
  let state = value * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
