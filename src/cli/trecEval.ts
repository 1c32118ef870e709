/**
 * `npm run trec-eval -- [-q] [-c] [-l N] [-M N] [-m measure]... QRELS RUN`
 * A trec_eval 9.0.8-compatible command line over src/core/trec: same options, same output format, so its
 * output diffs cleanly against trec_eval's for the measures implemented here (see MEASURES). Without -m it
 * prints trec_eval's default ("official") measures.
 */
import { createReadStream } from 'node:fs';
import { evaluate, formatTrecEval, parseQrelsStream, parseRunStreamWithTag } from '../core/trec';

const USAGE = 'usage: npm run trec-eval -- [-q] [-c] [-l N] [-M N] [-m measure]... QRELS RUN';

interface CliOptions {
  perQuery: boolean;
  complete: boolean;
  relevanceLevel: number;
  depth?: number;
  measures: string[];
  files: string[];
}

function integerArgument(flag: string, text: string | undefined): number {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) throw new Error(`option ${flag} needs an integer, got '${text ?? ''}'\n${USAGE}`);
  return Number(text);
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { perQuery: false, complete: false, relevanceLevel: 1, measures: [], files: [] };
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') continue;
    if (!arg.startsWith('-') || arg === '-') {
      options.files.push(arg);
      continue;
    }
    // Flags may be grouped (-qc) and take their value attached (-l2, -mP.5) or as the next argument.
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j];
      if (flag === 'q') options.perQuery = true;
      else if (flag === 'c') options.complete = true;
      else if (flag === 'l' || flag === 'M' || flag === 'm') {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (flag === 'm') {
          if (!value) throw new Error(`option -m needs a measure\n${USAGE}`);
          options.measures.push(value);
        } else if (flag === 'l') options.relevanceLevel = integerArgument('-l', value);
        else options.depth = integerArgument('-M', value);
        break;
      } else throw new Error(`unknown option -${flag}\n${USAGE}`);
    }
  }
  if (options.files.length !== 2) throw new Error(USAGE);
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const [qrelsFile, runFile] = options.files;
  const qrels = await parseQrelsStream(createReadStream(qrelsFile), qrelsFile);
  const { run, runTag } = await parseRunStreamWithTag(createReadStream(runFile), runFile);
  const result = evaluate(qrels, run, {
    measures: options.measures,
    relevanceLevel: options.relevanceLevel,
    averageOverQrels: options.complete,
    depth: options.depth,
  });
  process.stdout.write(formatTrecEval(result, { perQuery: options.perQuery, runTag }));
}

main().catch((error: unknown) => {
  process.stderr.write(`trec-eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
