/** The arguments of `npm run trec-eval` (src/cli/trecEval.ts), apart so tests can check them. */
import { parseCommandLine } from './args';

export const TREC_EVAL_USAGE = 'usage: npm run trec-eval -- [-q] [-c] [-l N] [-M N] [-m measure]... QRELS RUN';

export interface TrecEvalOptions {
  perQuery: boolean;
  complete: boolean;
  relevanceLevel: number;
  depth?: number;
  measures: string[];
  files: string[];
}

/**
 * trec_eval's flags: grouped (-qc), values attached (-l2, -mP.5) or as the next argument, -m repeated. Only short
 * forms are trec_eval's; parseArgs also takes `--m P.5` and `--l=2`, which trec_eval does not (harmless).
 */
export function parseTrecEvalArgs(argv: string[]): TrecEvalOptions {
  const command = parseCommandLine(argv, {
    usage: TREC_EVAL_USAGE,
    options: {
      q: { type: 'boolean', short: 'q' },
      c: { type: 'boolean', short: 'c' },
      l: { type: 'string', short: 'l' },
      M: { type: 'string', short: 'M' },
      m: { type: 'string', short: 'm', multiple: true },
    },
    positionals: 2,
  });
  const { values, positionals } = command;
  for (const measure of values.m ?? []) if (!measure) command.fail('option -m needs a measure');
  return {
    perQuery: values.q ?? false,
    complete: values.c ?? false,
    relevanceLevel: command.integer('l', 1),
    depth: command.integer('M'),
    measures: values.m ?? [],
    files: positionals,
  };
}
