#!/usr/bin/env node
// Runs npm scripts side by side and fails if any fails. Each line a script prints is passed on as it comes,
// prefixed with the script's name (long runs show progress, and a killed run still leaves its log), and a summary
// of each script's result and time closes the output.
//
//   node scripts/parallel.mjs typecheck lint
//
// `npm test` runs the type check beside the linter this way: one process, one core each.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/parallel.mjs SCRIPT [SCRIPT ...]   (npm script names)');
  process.exit(2);
}

/** Passes on `stream`'s complete lines, each prefixed; a partial last line is flushed at the end. */
function relay(stream, prefix, out) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) out.write(`${prefix}${line}\n`);
  });
  return () => {
    if (pending) out.write(`${prefix}${pending}\n`);
    pending = '';
  };
}

const width = Math.max(...names.map((n) => n.length));
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const started = Date.now();
        const prefix = `[${name.padEnd(width)}] `;
        const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
        const flushOut = relay(child.stdout, prefix, process.stdout);
        const flushErr = relay(child.stderr, prefix, process.stderr);
        child.on('close', (code, signal) => {
          flushOut();
          flushErr();
          resolve({ name, code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000 });
        });
      }),
  ),
);
console.log('');
for (const { name, code, seconds } of results) console.log(`== npm run ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
