/**
 * `npm run export-torch -- --config FILE.json --out DIR`: the experiment as a PyTorch DDP project (src/export/torchExport.ts).
 * `npm run import-torch -- DIR --out SNAPSHOT.json.gz`: its finished runs back as a snapshot (src/export/torchImport.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { parseJsonText, validateExperiment } from '../core/experiment';
import { exportSnapshot, importSnapshot, summarizeSnapshot, summaryMarkdown } from '../core/snapshot';
import { exportTorchProject } from '../export/torchExport';
import { compareRuntimes, torchSnapshot } from '../export/torchImport';
import { nodeHost } from '../train/nodeHost';
import { appVersion } from './appVersion';
import { parseCommandLine } from './args';
import { readStoredFile } from './readInput';

export const EXPORT_TORCH_USAGE = 'usage: npm run export-torch -- --config FILE.json --out DIR';
export const IMPORT_TORCH_USAGE = 'usage: npm run import-torch -- DIR --out SNAPSHOT.json.gz [--compare-with LAB_SNAPSHOT.json.gz --arm NAME]';

export function parseExportTorchArgs(argv: string[]): { config: string; out: string } {
  const command = parseCommandLine(argv, { usage: EXPORT_TORCH_USAGE, options: { config: { type: 'string' }, out: { type: 'string' } } });
  return { config: command.required('config'), out: command.required('out') };
}

export interface ImportTorchOptions {
  dir: string;
  out: string;
  /** A lab snapshot of the same experiment: compare its runs of `arm` with the PyTorch runs of that arm. */
  compareWith?: string;
  arm?: string;
}

export function parseImportTorchArgs(argv: string[]): ImportTorchOptions {
  const command = parseCommandLine(argv, {
    usage: IMPORT_TORCH_USAGE,
    options: { out: { type: 'string' }, 'compare-with': { type: 'string' }, arm: { type: 'string' } },
    positionals: 1,
  });
  const { values, positionals } = command;
  const out = command.required('out');
  if ((values['compare-with'] === undefined) !== (values.arm === undefined)) command.fail('--compare-with and --arm go together');
  return { dir: positionals[0]!, out, ...(values.arm !== undefined ? { compareWith: values['compare-with'], arm: values.arm } : {}) };
}

/** Writes the project into `out`; returns the files written (relative names). */
export async function runExportTorch(options: { config: string; out: string; quiet?: boolean }): Promise<string[]> {
  const configPath = resolve(options.config);
  const configText = readFileSync(configPath, 'utf8');
  const json = parseJsonText(configText, options.config);
  if (json && typeof json === 'object' && (json as { kind?: unknown }).kind === 'sweep') {
    throw new Error(`${options.config}: a sweep; export one of its experiments (one config per project)`);
  }
  const config = validateExperiment(json, options.config);
  if (tf.getBackend() === undefined || tf.getBackend() === null) await tf.setBackend('cpu');
  await tf.ready();
  const files = await exportTorchProject(config, configText, nodeHost({ baseDir: dirname(configPath) }), {
    onProgress: (m) => {
      if (!options.quiet) console.error(`export-torch: ${m}`);
    },
  });
  const out = resolve(options.out);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), content);
  }
  mkdirSync(join(out, 'runs'), { recursive: true });
  return Object.keys(files).sort();
}

/** Builds the snapshot of DIR's finished runs and writes it to `out`; returns the summary markdown. */
export async function runImportTorch(options: ImportTorchOptions): Promise<{ markdown: string; unfinished: string[] }> {
  const dir = resolve(options.dir);
  if (!existsSync(join(dir, 'experiment.json'))) throw new Error(`${dir}: no experiment.json (not an exported PyTorch project)`);
  const runsDir = join(dir, 'runs');
  const list = () => ['experiment.json', ...(existsSync(runsDir) ? readdirSync(runsDir).map((n) => `runs/${n}`) : [])];
  const reader = {
    list,
    read: (name: string) => {
      const path = join(dir, name);
      if (!statSync(path).isFile()) throw new Error(`${path}: not a file`);
      return new TextDecoder().decode(readStoredFile(path, 'snapshotJsonBytes', name));
    },
  };
  const imported = await torchSnapshot(reader, nodeHost({ baseDir: dir }), appVersion());
  const { unfinished } = imported;
  let snapshot = imported.snapshot;
  if (options.compareWith !== undefined) {
    const lab = await importSnapshot(readStoredFile(options.compareWith, 'snapshotFileBytes', 'the lab snapshot'), options.compareWith);
    snapshot = await compareRuntimes(lab, snapshot, options.arm!);
  }
  writeFileSync(resolve(options.out), exportSnapshot(snapshot));
  return { markdown: summaryMarkdown(summarizeSnapshot(snapshot)), unfinished };
}
