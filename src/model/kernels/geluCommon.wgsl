// GELU and its slope, erf or tanh form by uniforms.tanhForm, for the bias + GELU and GeGLU kernels. erf is
// tfjs's own approximation (Abramowitz & Stegun 7.1.26, the constants of tfjs-core's erf_util) and tanh its
// overflow-free form, so both kernel paths give the same numbers. The slope is what tfjs's autodiff of the erf
// chain gives: ½ (1 + erf(x/√2)) + ½ x · (2/√π) e^(−x²/2) / √2; tanh form: ½ (1 + t) + ½ x (1 − t²) √(2/π)
// (1 + 3 · 0.044715 x²).
fn geluErf(a : f32) -> f32 {
  let p = 0.3275911;
  let a1 = 0.254829592;
  let a2 = -0.284496736;
  let a3 = 1.421413741;
  let a4 = -1.453152027;
  let a5 = 1.061405429;
  let sign = sign(a);
  let absA = abs(a);
  let t = 1.0 / (1.0 + p * absA);
  return sign * (1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * exp(-absA * absA));
}

fn tanhStable(a : f32) -> f32 {
  let e2x = exp(-2.0 * abs(a));
  return sign(a) * (1.0 - e2x) / (1.0 + e2x);
}

fn gelu(x : f32) -> f32 {
  if (uniforms.tanhForm != 0) {
    // Clamped where tanh is ±1 in float32 anyway, so x³ cannot overflow to inf.
    let xc = clamp(x, -20.0, 20.0);
    return 0.5 * x * (1.0 + tanhStable(0.7978845608028654 * (xc + 0.044715 * xc * xc * xc)));
  }
  return (x * 0.5) * (geluErf(x * 0.7071067811865476) + 1.0);
}

fn geluSlope(x : f32) -> f32 {
  if (uniforms.tanhForm != 0) {
    // Clamped where tanh is ±1 in float32 (1 − t² is 0 there), so no inf · 0 can make a NaN.
    let xc = clamp(x, -20.0, 20.0);
    let t = tanhStable(0.7978845608028654 * (xc + 0.044715 * xc * xc * xc));
    return 0.5 * (1.0 + t) + 0.5 * xc * (1.0 - t * t) * 0.7978845608028654 * (1.0 + 3.0 * 0.044715 * xc * xc);
  }
  let u = x * 0.7071067811865476;
  return 0.5 * (geluErf(u) + 1.0) + (x * 0.5) * (1.1283791670955126 * exp(-(u * u))) * 0.7071067811865476;
}
