// a·b + c rounded once, like a fused multiply-add, on every adapter. WGSL's fma() may be evaluated
// unfused (SwiftShader does), and PyTorch's moment updates (add_(g, alpha)) are fused on the CPU: the
// goldens' moments differ by 1.5e-5 relative without it. Dekker's exact product plus Knuth's two-sum;
// where fma() is native the compiler's contractions only make these steps more exact.
fn splitHalves(a : f32) -> vec2<f32> {
  let t = 4097.0 * a;
  let hi = t - (t - a);
  return vec2<f32>(hi, a - hi);
}

fn exactFma(a : f32, b : f32, c : f32) -> f32 {
  let p = a * b;
  let x = splitHalves(a);
  let y = splitHalves(b);
  let productError = ((x.x * y.x - p) + x.x * y.y + x.y * y.x) + x.y * y.y;
  let s = p + c;
  let z = s - p;
  let sumError = (p - (s - z)) + (c - z);
  return s + (sumError + productError);
}
