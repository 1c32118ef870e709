/**
 * `npm run report -- SNAPSHOT... [options]`: the comparison report of one or more experiments (src/core/report),
 * headless, in Markdown, LaTeX, long CSV or HTML — the same report the results view's Report panel shows.
 * Snapshots are untrusted: each is size-checked and validated before anything is built, and every argument is
 * checked (and the report built) before a byte is written. Two snapshots of one experiment are refused: merge them
 * (npm run merge) and report the merged one. A sweep's snapshot reports each of its experiments.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  REPORT_CORRECTIONS,
  REPORT_DEFAULTS,
  REPORT_FORMATS,
  REPORT_TESTS,
  ReportInputError,
  buildReports,
  formatReport,
  resolveReportMeasures,
  type ReportFormat,
  type ReportOptions,
} from '../core/report';
import { importAnySnapshot, isSweepSnapshot, type Snapshot } from '../core/snapshot';
import type { AnySnapshot } from '../core/snapshot/schema';
import { parseCommandLine } from './args';
import { readStoredFile } from './readInput';

export const REPORT_USAGE =
  'usage: npm run report -- SNAPSHOT.json.gz... [--baseline ARM] [--test ttest|randomization|tukey] [--alpha 0.05] ' +
  '[--correction holm|bonferroni|none] [--format md|latex|csv|html] [--measures m1,m2] [--out FILE] [--figures DIR]';

export interface ReportCommandOptions {
  snapshots: string[];
  report: ReportOptions;
  format: ReportFormat;
  out?: string;
  /** Folder for the figures of every snapshot given (SVG and PNG, src/cli/reportFigures.ts). */
  figures?: string;
  /** Set when --correction was given with Tukey (it does not apply; the caption says so). */
  correctionIgnored: boolean;
}

/** At most this many snapshot files in one report. */
export const REPORT_MAX_SNAPSHOTS = 64;

export function parseReportArgs(argv: string[]): ReportCommandOptions {
  const command = parseCommandLine(argv, {
    usage: REPORT_USAGE,
    options: {
      baseline: { type: 'string' },
      test: { type: 'string' },
      alpha: { type: 'string' },
      correction: { type: 'string' },
      format: { type: 'string' },
      measures: { type: 'string' },
      out: { type: 'string' },
      figures: { type: 'string' },
    },
    positionals: [1, REPORT_MAX_SNAPSHOTS],
  });
  const { values, positionals } = command;
  if (values.figures === '') command.fail('option --figures needs a value');
  const alpha = command.positiveNumber('alpha', REPORT_DEFAULTS.alpha);
  if (!(alpha < 1)) command.fail(`option --alpha needs a number between 0 and 1, got '${values.alpha}'`);
  let measures: string[] | undefined;
  try {
    measures = values.measures === undefined ? undefined : resolveReportMeasures(values.measures);
  } catch (error) {
    command.fail(`option --measures: ${(error as Error).message}`);
  }
  if (values.baseline === '') command.fail('option --baseline needs a value');
  const test = command.oneOf('test', REPORT_TESTS, REPORT_DEFAULTS.test);
  return {
    snapshots: positionals,
    report: {
      test,
      alpha,
      correction: command.oneOf('correction', REPORT_CORRECTIONS, REPORT_DEFAULTS.correction),
      ...(measures ? { measures } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    },
    format: command.oneOf('format', REPORT_FORMATS, 'md'),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.figures !== undefined ? { figures: values.figures } : {}),
    correctionIgnored: test === 'tukey' && values.correction !== undefined,
  };
}

/** The experiments of the files, in order: a sweep's members each on their own. */
async function readSnapshots(paths: readonly string[]): Promise<{ files: AnySnapshot[]; experiments: { snapshot: Snapshot; source: string }[] }> {
  const files: AnySnapshot[] = [];
  const experiments: { snapshot: Snapshot; source: string }[] = [];
  for (const path of paths) {
    const any = await importAnySnapshot(readStoredFile(path, 'snapshotFileBytes', 'the snapshot'), path);
    files.push(any);
    if (isSweepSnapshot(any)) for (const member of any.members) experiments.push({ snapshot: member, source: `${path} (${member.config.name})` });
    else experiments.push({ snapshot: any, source: path });
  }
  return { files, experiments };
}

/** The report's text; written to `out` when given (only once everything has been checked and built). */
export async function runReport(options: ReportCommandOptions): Promise<string> {
  const { files, experiments: inputs } = await readSnapshots(options.snapshots);
  const baseline = options.report.baseline;
  if (baseline !== undefined) {
    for (const { snapshot, source } of inputs) {
      const arms = snapshot.config.arms.map((a) => a.name);
      if (!arms.includes(baseline)) throw new ReportInputError(`--baseline: '${baseline}' is not a system of ${source} (systems: ${arms.join(', ')})`);
    }
  }
  const text = formatReport(buildReports(inputs, options.report), options.format);
  // figures of each file as given (a sweep's gap by size, a tuning study's sensitivity), after every check passed
  if (options.figures !== undefined) {
    mkdirSync(options.figures, { recursive: true });
    // loaded only when asked for: it brings jsdom and the rasteriser
    const { writeFigures } = await import('./reportFigures');
    await writeFigures(files, options.figures);
  }
  if (options.out !== undefined) writeFileSync(options.out, text);
  return text;
}
