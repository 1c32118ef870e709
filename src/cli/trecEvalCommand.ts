/** The arguments of `npm run trec-eval` (src/cli/trecEval.ts), apart so tests can check them. */
import { parseArgs } from 'node:util';

export const TREC_EVAL_USAGE = 'usage: npm run trec-eval -- [-q] [-c] [-l N] [-M N] [-m measure]... QRELS RUN';

export interface TrecEvalOptions {
  perQuery: boolean;
  complete: boolean;
  relevanceLevel: number;
  depth?: number;
  measures: string[];
  files: string[];
}

function integerArgument(flag: string, text: string | undefined): number {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) throw new Error(`option ${flag} needs an integer, got '${text ?? ''}'\n${TREC_EVAL_USAGE}`);
  return Number(text);
}

/** trec_eval's flags: grouped (-qc), values attached (-l2, -mP.5) or as the next argument. */
export function parseTrecEvalArgs(argv: string[]): TrecEvalOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: {
        q: { type: 'boolean', short: 'q' },
        c: { type: 'boolean', short: 'c' },
        l: { type: 'string', short: 'l' },
        M: { type: 'string', short: 'M' },
        m: { type: 'string', short: 'm', multiple: true },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${TREC_EVAL_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 2) throw new Error(TREC_EVAL_USAGE);
  for (const measure of values.m ?? []) if (!measure) throw new Error(`option -m needs a measure\n${TREC_EVAL_USAGE}`);
  return {
    perQuery: values.q ?? false,
    complete: values.c ?? false,
    relevanceLevel: values.l === undefined ? 1 : integerArgument('-l', values.l),
    depth: values.M === undefined ? undefined : integerArgument('-M', values.M),
    measures: values.m ?? [],
    files: positionals,
  };
}
