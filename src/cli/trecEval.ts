/**
 * `npm run trec-eval -- [-q] [-c] [-l N] [-M N] [-m measure]... QRELS RUN`
 * A trec_eval 9.0.8-compatible command line over src/core/trec: same options, same output format, so its
 * output diffs cleanly against trec_eval's for the measures implemented here (see MEASURES). Without -m it
 * prints trec_eval's default ("official") measures. QRELS and RUN are streamed (a line is capped by
 * INPUT_LIMITS.lineBytes).
 */
import { createReadStream } from 'node:fs';
import { evaluate, formatTrecEval, parseQrelsStream, parseRunStreamWithTag } from '../core/trec';
import { reportCliError } from './args';
import { parseTrecEvalArgs } from './trecEvalCommand';

async function main(): Promise<void> {
  const options = parseTrecEvalArgs(process.argv.slice(2));
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

main().catch((error: unknown) => reportCliError('trec-eval', error));
