// (bias +) GELU forward, one invocation per element: x = z + biasAt(col), then erf GELU
// x · ½ · (1 + erf(x / √2)) or the tanh form ½ · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))), chosen by
// uniforms.tanhForm. erf is tfjs's own approximation (Abramowitz & Stegun 7.1.26, the constants of tfjs-core's
// erf_util), so both kernel paths give the same numbers. The host prepends biasAt, geluErf and tanhStable (tfjs's overflow-free tanh).
fn main(index : i32) {
  if (index < uniforms.size) {
    let col = index % uniforms.cols;
    let x = z[index] + biasAt(col);
    if (uniforms.tanhForm != 0) {
      // Clamped where tanh is ±1 in float32 anyway, so x³ cannot overflow to inf.
      let xc = clamp(x, -20.0, 20.0);
      setOutputAtIndex(index, 0.5 * x * (1.0 + tanhStable(0.7978845608028654 * (xc + 0.044715 * xc * xc * xc))));
    } else {
      setOutputAtIndex(index, (x * 0.5) * (geluErf(x * 0.7071067811865476) + 1.0));
    }
  }
}
