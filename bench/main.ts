/**
 * `npm run bench -- NAME [options]`: runs bench/NAME.bench.ts and prints its JSON result on stdout.
 * Benchmarks measure speed; tests never do. Each benchmark exports `run(args): Promise<object>`.
 * Ratios are measured within one run, on one adapter, whose facts are part of the output.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));

const args = process.argv.slice(2).filter((a) => a !== '--');
// Benchmark options (--layers=12 …) go to the benchmark untouched, so only --out is known here.
const { values, positionals: selected } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true, strict: false });
const outDir = typeof values.out === 'string' ? values.out : undefined;
if (selected.length === 0 || selected.some((n) => !available.includes(n))) {
  console.error(`usage: npm run bench -- NAME... [--out DIR] [benchmark options as --name=value]   (NAME: ${available.join(', ') || 'none yet'})`);
  process.exit(2);
}
for (const name of selected) {
  const module = (await import(`./${name}.bench.ts`)) as { run(args: string[]): Promise<object> };
  const result = { benchmark: name, date: new Date().toISOString(), ...(await module.run(args)) };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${name}.json`), `${json}\n`);
  }
}
