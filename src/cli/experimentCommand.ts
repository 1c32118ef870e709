/**
 * `npm run experiment -- --config FILE.json --out DIR [--quiet]`
 *
 * The headless runner: the same engine as the page (src/train), in Node on Dawn. Writes
 *   DIR/snapshot.json.gz            the shareable snapshot (every number recomputable from it)
 *   DIR/runs/<arm>.seed-<n>.<evalSet>.trec   the final reranked TREC run of every arm × seed × evaluation set
 *   DIR/summary.md                  per arm × eval set measures, Lion − AdamW differences with p-values and CI
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { configHash as hashConfig, honestyChecks, validateExperiment } from '../core/experiment';
import { exportSnapshot, summarizeSnapshot, summaryMarkdown, type Environment } from '../core/snapshot';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { assembleSnapshot, runExperimentRuns } from '../train/experiment';
import { formatTrecRun } from '../train/trecRun';
import { nodeHost, REPO_ROOT } from '../train/nodeHost';

export { parseArgs };

function usage(message?: string): never {
  if (message) console.error(`experiment: ${message}`);
  console.error('usage: npm run experiment -- --config FILE.json --out DIR [--quiet]');
  process.exit(2);
}

function parseArgs(argv: string[]): { config: string; out: string; quiet: boolean } {
  const args = argv.filter((a) => a !== '--');
  let config: string | undefined;
  let out: string | undefined;
  let quiet = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--config') config = args[++i];
    else if (a === '--out') out = args[++i];
    else if (a === '--quiet') quiet = true;
    else usage(`unknown argument ${a}`);
  }
  if (!config) usage('--config is required');
  if (!out) usage('--out is required');
  return { config, out, quiet };
}

function appVersion(): Environment['app'] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  let commit = process.env.RERANK_LAB_COMMIT ?? '';
  if (!commit) {
    try {
      commit = execSync('git rev-parse --short=12 HEAD', { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      commit = 'unknown';
    }
  }
  return { version: pkg.version, commit: commit || 'unknown' };
}

export interface HeadlessOptions {
  config: string;
  out: string;
  quiet: boolean;
}

/** Runs the experiment in `options.config` and writes the snapshot, TREC runs and summary.md to `options.out`. */
export async function runHeadless(args: HeadlessOptions): Promise<{ markdown: string; seconds: number }> {
  const configPath = resolve(args.config);
  const config = validateExperiment(readFileSync(configPath, 'utf8'), args.config);
  for (const warning of honestyChecks(config)) console.error(`warning: ${warning.field}: ${warning.message}`);
  const configHash = await hashConfig(config);
  const tfw = await initTfjsWebgpu();
  const environment: Environment = {
    adapter: tfw.facts,
    runtime: { kind: 'node', userAgent: `Node ${process.version} (${process.platform}/${process.arch})` },
    app: appVersion(),
  };
  const say = (line: string): void => {
    if (!args.quiet) console.error(line);
  };
  say(`adapter: ${[tfw.facts.vendor, tfw.facts.architecture, tfw.facts.description].filter(Boolean).join(' · ')}${tfw.facts.isSoftware ? ' (software: slow, timings are not GPU timings)' : ''}`);
  const started = Date.now();
  const records = await runExperimentRuns({
    config,
    configHash,
    host: nodeHost({ baseDir: dirname(configPath) }),
    tfw,
    events: (run) => ({
      onLog: say,
      onStep: (p) => {
        if (p.step === 1 || p.step % 10 === 0) say(`${run.runId} step ${p.step}: loss ${p.loss.toFixed(4)} lr ${p.lr.toExponential(2)} |g| ${p.gradNorm.toFixed(3)} (${p.ms.toFixed(0)} ms)`);
      },
      onEvaluation: (e) => say(`${run.runId} step ${e.step}: evaluated ${e.evalSet} (${Object.keys(e.perQuery).length} queries)`),
    }),
    onRunDone: (run, record) => say(`${run.runId}: ${record.stop.reason} at step ${record.stop.step} (${((Date.now() - started) / 1000).toFixed(0)} s so far)`),
  });
  const snapshot = assembleSnapshot(config, configHash, environment, records);
  const out = resolve(args.out);
  mkdirSync(join(out, 'runs'), { recursive: true });
  writeFileSync(join(out, 'snapshot.json.gz'), exportSnapshot(snapshot));
  for (const record of records) {
    const finalStep = record.stop.step;
    for (const evaluation of record.evaluations.filter((e) => e.step === finalStep)) {
      const tag = `${record.arm}.seed-${record.seed}`;
      writeFileSync(join(out, 'runs', `${tag}.${evaluation.evalSet}.trec`), formatTrecRun(evaluation.run, tag));
    }
  }
  const markdown = summaryMarkdown(summarizeSnapshot(snapshot));
  writeFileSync(join(out, 'summary.md'), markdown);
  const seconds = (Date.now() - started) / 1000;
  say(`wrote ${join(out, 'snapshot.json.gz')}, ${join(out, 'summary.md')} and ${records.length} runs' TREC files in ${seconds.toFixed(0)} s`);
  return { markdown, seconds };
}
