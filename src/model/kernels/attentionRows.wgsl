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
