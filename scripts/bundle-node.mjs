#!/usr/bin/env node
// Bundles a benchmark (or any Node entry of the lab) into one ESM file that runs with plain `node`, for a GPU
// machine that has Node + Dawn but no npm install (scripts/prepare-gpu-run.sh packs Node and Dawn with them).
//   node scripts/bundle-node.mjs bench NAME OUT.mjs   → runs bench/NAME.bench.ts, prints its JSON
//   node scripts/bundle-node.mjs entry FILE.ts OUT.mjs
// `?raw` imports (our .wgsl files) become strings, as under Vite; `webgpu` stays external (native addon).
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [mode, target, out] = process.argv.slice(2);
if (!['bench', 'entry'].includes(mode) || !target || !out) {
  console.error('usage: node scripts/bundle-node.mjs bench NAME OUT.mjs | entry FILE.ts OUT.mjs');
  process.exit(2);
}
let entry = resolve(target);
if (mode === 'bench') {
  const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-bundle-'));
  entry = join(dir, 'entry.ts');
  const bench = resolve('bench', `${target}.bench.ts`);
  writeFileSync(
    entry,
    `import { run } from ${JSON.stringify(bench)};\n` +
      `const result = { benchmark: ${JSON.stringify(target)}, date: new Date().toISOString(), ...(await run(process.argv.slice(2))) };\n` +
      'console.log(JSON.stringify(result, null, 2));\n',
  );
}
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw-text' }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: resolve(out),
  external: ['webgpu'],
  plugins: [rawText],
  // Some dependencies still call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.error(`bundle-node: wrote ${out} (${(readFileSync(resolve(out)).length / 1024).toFixed(0)} KiB) from ${target}`);
