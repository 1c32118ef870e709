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

// Score of query row qi against key row kj (both in registers): scale · (q · k) + mask.
// On CPU adapters each load in a loop costs about a gather, so the kernels load a row once and reuse it.
fn scoreOf(qi : array<vec4<f32>, D4>, kj : array<vec4<f32>, D4>, b : i32, i : i32, j : i32) -> f32 {
  var acc = 0.0;
  for (var c = 0; c < D4; c = c + 1) {
    acc = dotInOrder(qi[c], kj[c], acc);
  }
  return scaled(acc) + maskAt(b, i, j);
}

// Head h of token row `at` (rowAt) of Q or K, into registers.
fn queryRow(at : i32) -> array<vec4<f32>, D4> {
  var row : array<vec4<f32>, D4>;
  for (var c = 0; c < D4; c = c + 1) {
    row[c] = Q[at + c];
  }
  return row;
}
fn keyRow(at : i32) -> array<vec4<f32>, D4> {
  var row : array<vec4<f32>, D4>;
  for (var c = 0; c < D4; c = c + 1) {
    row[c] = K[at + c];
  }
  return row;
}
