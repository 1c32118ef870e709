/** The arguments of `npm run trec-eval` (src/cli/trecEval.ts), apart so tests can check them. */
import { MeasureSpecError, selectMeasures } from '../core/trec';
import { parseCommandLine } from './args';

export const TREC_EVAL_USAGE =
  'usage: npm run trec-eval -- [-q] [-c] [-n] [-J] [-l N] [-M N] [-N N] [-Z Zmean_file] [-R qrels] [-T trec_results] [-m measure[.params]]... QRELS RUN';

export interface TrecEvalOptions {
  perQuery: boolean;
  complete: boolean;
  /** -n: no summary lines. */
  noSummary: boolean;
  /** -J: only judged documents. */
  judgedOnly: boolean;
  relevanceLevel: number;
  depth?: number;
  /** -N: documents in the collection (trec_eval's default 0). */
  numDocsInCollection: number;
  /** -Z: the Zmean file. */
  zscoresFile?: string;
  measures: string[];
  files: string[];
}

/**
 * trec_eval's flags: grouped (-qc), values attached (-l2, -mP.5) or as the next argument, -m repeated. Only short
 * forms are trec_eval's; parseArgs also takes `--m P.5` and `--l=2`, which trec_eval does not (harmless).
 * Measure specs are checked here, so a bad -m fails before any file is read.
 */
export function parseTrecEvalArgs(argv: string[]): TrecEvalOptions {
  const command = parseCommandLine(argv, {
    usage: TREC_EVAL_USAGE,
    options: {
      q: { type: 'boolean', short: 'q' },
      c: { type: 'boolean', short: 'c' },
      n: { type: 'boolean', short: 'n' },
      J: { type: 'boolean', short: 'J' },
      l: { type: 'string', short: 'l' },
      M: { type: 'string', short: 'M' },
      N: { type: 'string', short: 'N' },
      Z: { type: 'string', short: 'Z' },
      R: { type: 'string', short: 'R' },
      T: { type: 'string', short: 'T' },
      m: { type: 'string', short: 'm', multiple: true },
    },
    positionals: 2,
  });
  const { values, positionals } = command;
  const measures = values.m ?? [];
  for (const measure of measures) if (!measure) command.fail('option -m needs a measure');
  try {
    selectMeasures(measures);
  } catch (error) {
    if (error instanceof MeasureSpecError) command.fail(`option -m: ${error.message}`);
    throw error;
  }
  // Other formats (prefs, qrels_prefs, qrels_jg) feed measures this command does not compute.
  command.oneOf('R', ['qrels']);
  command.oneOf('T', ['trec_results']);
  if (values.Z === '') command.fail('option -Z needs a file');
  return {
    perQuery: values.q ?? false,
    complete: values.c ?? false,
    noSummary: values.n ?? false,
    judgedOnly: values.J ?? false,
    relevanceLevel: command.integer('l', 1),
    depth: command.positiveInteger('M'),
    numDocsInCollection: command.integer('N', 0),
    ...(values.Z !== undefined ? { zscoresFile: values.Z } : {}),
    measures,
    files: positionals,
  };
}
