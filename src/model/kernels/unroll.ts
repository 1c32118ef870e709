/**
 * Unrolled WGSL from a kernel file: a line `#unroll r c: statement` becomes the statement once per r in
 * [0, bounds.r) and c in [0, bounds.c) (the first name outermost), with `{r}` and `{c}` replaced by the numbers.
 * Why: SwiftShader's Subzero compiler keeps private arrays (`var acc : array<vec4<f32>, N>`) in memory and does not
 * unroll loops, so a register block written as arrays and loops ran 4× slower there than the same block as
 * separate variables; lavapipe unrolls either way and runs both alike. An unexpanded `#unroll` is not WGSL, so a
 * kernel that skipped this step fails to compile rather than running differently.
 */
const UNROLL_LINE = /^(\s*)#unroll ((?:[a-z]+ ?)+): (.*)$/;

export function unrollWgsl(source: string, bounds: Record<string, number>): string {
  return source
    .split('\n')
    .flatMap((line) => {
      const found = UNROLL_LINE.exec(line);
      if (!found) return [line];
      const [, indent, namesText, statement] = found as unknown as [string, string, string, string];
      const names = namesText.trim().split(' ');
      let lines = [statement];
      for (const name of [...names].reverse()) {
        const bound = bounds[name];
        if (bound === undefined || !Number.isInteger(bound) || bound < 1) throw new Error(`unrollWgsl: no bound for "${name}" in: ${line.trim()}`);
        lines = Array.from({ length: bound }, (_, i) => lines.map((l) => l.replaceAll(`{${name}}`, String(i)))).flat();
      }
      return lines.map((l) => indent + l);
    })
    .join('\n');
}
