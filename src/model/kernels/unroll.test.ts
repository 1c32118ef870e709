import { describe, expect, it } from 'vitest';
import { unrollWgsl } from './unroll';

describe('unrollWgsl', () => {
  it('repeats a #unroll line per index, the first name outermost, and leaves other lines alone', () => {
    const source = 'fn main() {\n  #unroll r c: acc{r}_{c} = acc{r}_{c} + a{r} * b{c};\n  #unroll c: let b{c} = B[{c}];\n}';
    expect(unrollWgsl(source, { r: 2, c: 3 })).toBe(
      [
        'fn main() {',
        '  acc0_0 = acc0_0 + a0 * b0;',
        '  acc0_1 = acc0_1 + a0 * b1;',
        '  acc0_2 = acc0_2 + a0 * b2;',
        '  acc1_0 = acc1_0 + a1 * b0;',
        '  acc1_1 = acc1_1 + a1 * b1;',
        '  acc1_2 = acc1_2 + a1 * b2;',
        '  let b0 = B[0];',
        '  let b1 = B[1];',
        '  let b2 = B[2];',
        '}',
      ].join('\n'),
    );
  });

  it('refuses a name without a positive whole bound, quoting the line', () => {
    expect(() => unrollWgsl('#unroll q: x{q};', { r: 2 })).toThrow('unrollWgsl: no bound for "q" in: #unroll q: x{q};');
    expect(() => unrollWgsl('#unroll r: x{r};', { r: 0 })).toThrow(/no bound for "r"/);
  });
});
