// Scores, masks and dropout, for the attention kernels that recompute probabilities (all but attentionDelta).
// The additive mask [batch, 1, maskRows, seq]: maskRows is 1 (padding only) or seq (ModernBERT's window).
fn maskAt(b : i32, i : i32, j : i32) -> f32 {
  return mask[(b * uniforms.maskRows + select(i, 0, uniforms.maskRows == 1)) * uniforms.seq + j];
}

// The dropout factor of probability (b, h, i, j): the mask dropout.ts would draw for the [batch, heads, seq,
// seq] probabilities with this seed (dropoutMask.wgsl's hash of the flat index; pcgHash.wgsl prepended by the
// host), times 1 / (1 − rate).
fn dropAt(b : i32, h : i32, i : i32, j : i32) -> f32 {
  if (DROPOUT == 0) {
    return 1.0;
  }
  let index = u32(((b * uniforms.heads + h) * uniforms.seq + i) * uniforms.seq + j);
  return select(0.0, uniforms.dropScale, pcgHash(pcgHash(index) ^ uniforms.dropSeed) >= uniforms.dropThreshold);
}

// The kernels below keep rows in registers as D4 separate vec4 variables (q0, q1, …: `#unroll c` lines, expanded
// by unroll.ts), not arrays: SwiftShader keeps private arrays in memory. On CPU adapters each load in a loop costs
// about a gather, so a row is loaded once and reused (scores and gradient sums read the same K or Q row).
