// a·b + c rounded once (round to nearest even), like a fused multiply-add, in integer arithmetic. For
// adapters whose fma() is not fused (SwiftShader and lavapipe evaluate it as mul then add). Integers,
// because float emulations (Dekker's split and two-sum, used here before) rest on exact float identities that compilers may
// rewrite: lavapipe reduces them to plain a·b + c. fmaProbe.ts checks the result on the adapter.
// Normal operands and results only; zeros, subnormals, infinities and NaN take the float path a·b + c
// (exact when a·b or c is zero, the optimizers' only such case in practice).
// 64-bit unsigned values are vec2<u32>(high, low).

fn u64Add(a : vec2<u32>, b : vec2<u32>) -> vec2<u32> {
  let low = a.y + b.y;
  return vec2<u32>(a.x + b.x + select(0u, 1u, low < a.y), low);
}

// a − b for a ≥ b.
fn u64Sub(a : vec2<u32>, b : vec2<u32>) -> vec2<u32> {
  return vec2<u32>(a.x - b.x - select(0u, 1u, a.y < b.y), a.y - b.y);
}

fn u64Less(a : vec2<u32>, b : vec2<u32>) -> bool {
  return a.x < b.x || (a.x == b.x && a.y < b.y);
}

// a >> n with every shifted-out bit ORed into bit 0 (the sticky bit that keeps rounding correct).
fn u64ShiftRightSticky(a : vec2<u32>, n : u32) -> vec2<u32> {
  if (n == 0u) {
    return a;
  }
  if (n >= 64u) {
    return vec2<u32>(0u, select(0u, 1u, (a.x | a.y) != 0u));
  }
  var r : vec2<u32>;
  var lost : u32;
  if (n >= 32u) {
    let k = n - 32u;
    if (k == 0u) {
      r = vec2<u32>(0u, a.x);
      lost = a.y;
    } else {
      r = vec2<u32>(0u, a.x >> k);
      lost = a.y | (a.x << (32u - k));
    }
  } else {
    r = vec2<u32>(a.x >> n, (a.y >> n) | (a.x << (32u - n)));
    lost = a.y << (32u - n);
  }
  return vec2<u32>(r.x, r.y | select(0u, 1u, lost != 0u));
}

// a << n for n < 64 (WGSL takes shift counts modulo 32, hence the cases).
fn u64ShiftLeft(a : vec2<u32>, n : u32) -> vec2<u32> {
  if (n == 0u) {
    return a;
  }
  if (n >= 32u) {
    return vec2<u32>(a.y << (n - 32u), 0u);
  }
  return vec2<u32>((a.x << n) | (a.y >> (32u - n)), a.y << n);
}

fn emulatedFma(a : f32, b : f32, c : f32) -> f32 {
  let ab = bitcast<u32>(a);
  let bb = bitcast<u32>(b);
  let cb = bitcast<u32>(c);
  let ea = (ab >> 23u) & 0xffu;
  let eb = (bb >> 23u) & 0xffu;
  let ec = (cb >> 23u) & 0xffu;
  if (ea == 0u || ea == 255u || eb == 0u || eb == 255u || ec == 0u || ec == 255u) {
    return a * b + c;
  }
  // Significands with the implicit bit: value = m · 2^(e − 150).
  let ma = (ab & 0x7fffffu) | 0x800000u;
  let mb = (bb & 0x7fffffu) | 0x800000u;
  let mc = (cb & 0x7fffffu) | 0x800000u;
  // The exact 48-bit product from 8- and 16-bit halves: ma·mb = hh·2^32 + mid·2^16 + ll.
  let ah = ma >> 16u;
  let al = ma & 0xffffu;
  let bh = mb >> 16u;
  let bl = mb & 0xffffu;
  let mid = ah * bl + al * bh;
  var product = u64Add(vec2<u32>(ah * bh, al * bl), vec2<u32>(mid >> 16u, mid << 16u));
  // Both to a 64-bit window with their top bit at 61 or 60 (room for a carry); exponents of bit 0.
  product = u64ShiftLeft(product, 14u);
  var ep = i32(ea) + i32(eb) - 300 - 14;
  var addend = vec2<u32>(mc << 6u, 0u);
  var ecw = i32(ec) - 150 - 38;
  // Align the smaller exponent to the larger; the unshifted one has ≥ 14 zero low bits, so the sticky
  // bit never lands on a rounding boundary.
  var e : i32;
  if (ep >= ecw) {
    addend = u64ShiftRightSticky(addend, u32(min(ep - ecw, 64)));
    e = ep;
  } else {
    product = u64ShiftRightSticky(product, u32(min(ecw - ep, 64)));
    e = ecw;
  }
  let productNegative = ((ab ^ bb) >> 31u) != 0u;
  let addendNegative = (cb >> 31u) != 0u;
  var sum : vec2<u32>;
  var negative = productNegative;
  if (productNegative == addendNegative) {
    sum = u64Add(product, addend);
  } else if (u64Less(product, addend)) {
    sum = u64Sub(addend, product);
    negative = addendNegative;
  } else {
    sum = u64Sub(product, addend);
  }
  if ((sum.x | sum.y) == 0u) {
    return 0.0;
  }
  // Normalize to bit 63, keep 24 bits, round to nearest even on the rest.
  var lz = countLeadingZeros(sum.x);
  if (sum.x == 0u) {
    lz = 32u + countLeadingZeros(sum.y);
  }
  sum = u64ShiftLeft(sum, lz);
  var mantissa = sum.x >> 8u;
  let roundBit = (sum.x >> 7u) & 1u;
  let sticky = (sum.x & 0x7fu) != 0u || sum.y != 0u;
  var biased = e - i32(lz) + 40 + 150;
  if (roundBit == 1u && (sticky || (mantissa & 1u) == 1u)) {
    mantissa += 1u;
    if (mantissa == 0x1000000u) {
      mantissa = 0x800000u;
      biased += 1;
    }
  }
  if (biased <= 0 || biased >= 255) {
    // Subnormal or overflowing result: outside what the optimizers produce; the float path decides.
    return a * b + c;
  }
  return bitcast<f32>(select(0u, 0x80000000u, negative) | (u32(biased) << 23u) | (mantissa & 0x7fffffu));
}
