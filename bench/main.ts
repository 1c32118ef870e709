/**
 * `npm run bench -- NAME... [--out DIR] [options]`: runs bench/NAME.bench.ts and prints its JSON result on stdout.
 * Options are the benchmarks' own (bench/options.ts), as `--name value` or `--name=value`; each benchmark gets its own.
 * Benchmarks measure speed; tests never do. Each benchmark exports `run(args): Promise<object>`.
 * Ratios are measured within one run, on one adapter, whose facts are part of the output.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../src/cli/args';
import { parseBenchCommandLine } from './options';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));

let command;
try {
  command = parseBenchCommandLine(process.argv.slice(2), available);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  if (error.help) {
    console.log(error.usage);
    process.exit(0);
  }
  console.error(`bench: ${error.message}`);
  process.exit(2);
}
const { names, outDir, argsFor } = command;
for (const name of names) {
  const module = (await import(`./${name}.bench.ts`)) as { run(args: string[]): Promise<object> };
  const result = { benchmark: name, date: new Date().toISOString(), ...(await module.run(argsFor[name])) };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${name}.json`), `${json}\n`);
  }
}
