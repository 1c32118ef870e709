// Shared by every attention kernel (attentionScores.wgsl adds what the kernels that recompute scores need).
// Q, K, V, dO and O are [batch · seq, heads · D] row-major, read as vec4:
// head h of token (b, t) is the D4 vec4s at rowAt(b, t, h). The host prepends `const D4`, `scaled` (the
// score scale, as a division by √d or a multiplication by d^-0.5, as the model's tfjs path computes it) and
// the dropout switch. Every invocation owns one query (or key) row of one head and loops over the other rows
// in order; the loop's loads are the same for every invocation of a workgroup (the workgroup is one batch
// row and head), which CPU adapters broadcast. Sums run in a fixed order: the same bits on every run.
fn rowAt(b : i32, t : i32, h : i32) -> i32 {
  return ((b * uniforms.seq + t) * uniforms.heads + h) * D4;
}

fn dotInOrder(a : vec4<f32>, b : vec4<f32>, acc : f32) -> f32 {
  return (((acc + a.x * b.x) + a.y * b.y) + a.z * b.z) + a.w * b.w;
}

// This invocation's row (a query or key position t), head h and batch row b: 64 rows per workgroup, one workgroup
// per (row block, head, batch row).
struct Slot {
  t : i32,
  h : i32,
  b : i32,
}
fn slot() -> Slot {
  return Slot(i32(workgroupId.x) * 64 + i32(localId.x), i32(workgroupId.y), i32(workgroupId.z));
}

// Index of (b, h, t) in the per-row tensors: the statistics ([batch, heads, seq, 2], times 2) and D.
fn rowStat(s : Slot) -> i32 {
  return (s.b * uniforms.heads + s.h) * uniforms.seq + s.t;
}
