/**
 * `npm run trec-eval -- [-q] [-c] [-n] [-J] [-l N] [-M N] [-N N] [-Z Zmean_file] [-m measure]... QRELS RUN`
 * A drop-in for trec_eval 9.0.8 over src/core/trec with the standard qrels and TREC run formats: same options,
 * every measure of those formats (see MEASURES), same output, byte for byte. Without -m it prints trec_eval's
 * default ("official") measures. QRELS, RUN and the Zmean file are streamed (a line is capped by
 * INPUT_LIMITS.lineBytes).
 */
import { createReadStream } from 'node:fs';
import { evaluate, formatTrecEval, parseQrelsStream, parseRunStreamWithTag, parseZscoresStream } from '../core/trec';
import { reportCliError } from './args';
import { parseTrecEvalArgs } from './trecEvalCommand';

async function main(): Promise<void> {
  const options = parseTrecEvalArgs(process.argv.slice(2));
  const [qrelsFile, runFile] = options.files;
  const qrels = await parseQrelsStream(createReadStream(qrelsFile), qrelsFile);
  const { run, runTag } = await parseRunStreamWithTag(createReadStream(runFile), runFile);
  const zscoresFile = options.zscoresFile;
  const zscores = zscoresFile === undefined ? undefined : await parseZscoresStream(createReadStream(zscoresFile), zscoresFile);
  const result = evaluate(qrels, run, {
    measures: options.measures,
    relevanceLevel: options.relevanceLevel,
    averageOverQrels: options.complete,
    depth: options.depth,
    judgedOnly: options.judgedOnly,
    numDocsInCollection: options.numDocsInCollection,
    zscores,
  });
  process.stdout.write(formatTrecEval(result, { perQuery: options.perQuery, noSummary: options.noSummary, runTag }));
}

main().catch((error: unknown) => reportCliError('trec-eval', error));
