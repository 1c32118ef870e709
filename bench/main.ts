/**
 * `npm run bench -- NAME [options]`: runs bench/NAME.bench.ts and prints its JSON result on stdout.
 * Benchmarks measure speed; tests never do. Each benchmark exports `run(args): Promise<object>`.
 * Ratios are measured within one run, on one adapter, whose facts are part of the output.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));

const args = process.argv.slice(2).filter((a) => a !== '--');
const names = args.filter((a) => !a.startsWith('-'));
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1] : undefined;
const selected = names.filter((n) => n !== outDir);
if (selected.length === 0 || selected.some((n) => !available.includes(n))) {
  console.error(`usage: npm run bench -- NAME... [--out DIR]   (NAME: ${available.join(', ') || 'none yet'})`);
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
