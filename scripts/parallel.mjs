#!/usr/bin/env node
// Runs npm scripts side by side and fails if any fails (each one's output is buffered and printed whole, so the
// logs do not interleave). `npm test` runs the type check and the linter this way: each is one process on one
// core, and CI machines have two.
//
//   node scripts/parallel.mjs typecheck lint
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/parallel.mjs SCRIPT [SCRIPT ...]   (npm script names)');
  process.exit(2);
}
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn('npm', ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
        const output = [];
        child.stdout.on('data', (d) => output.push(d));
        child.stderr.on('data', (d) => output.push(d));
        child.on('close', (code, signal) =>
          resolve({ name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(output), seconds: (Date.now() - started) / 1000 }),
        );
      }),
  ),
);
for (const { name, code, output, seconds } of results) {
  console.log(`\n== npm run ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s`);
  process.stdout.write(output);
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
