/**
 * `npm run score`: the command behind src/cli/score.ts (kept apart so tests can run it without process.exit).
 * Scores query–passage pairs with a Hugging Face cross-encoder folder (config.json + model.safetensors; BERT, GTE
 * or ModernBERT by config.json's model_type) on WebGPU (SwiftShader when there is no GPU).
 *
 *   npm run score -- --model DIR --input FILE.json --out OUT.json [--batch-size N]
 *       FILE.json holds { input_ids, token_type_ids?, attention_mask? } as rows (golden.json's layout);
 *       OUT.json gets { "logits": [...] } in row order.
 *   npm run score -- --model DIR --pairs FILE.tsv [--tokenizer FILE] [--max-length N] --out RUN [--run-tag TAG]
 *       FILE.tsv lines are `qid \t docid \t query \t passage`; RUN is a TREC run (qid Q0 docid rank score tag).
 *       The tokenizer defaults to DIR/tokenizer.json, else DIR/vocab.txt. Pairs are scored as the lab reranks: sorted
 *       by length into bucket-padded batches of up to N × max-length tokens (N = --batch-size, default 32).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { modelShapeOfConfig } from '../core/experiment/memoryEstimate';
import { crossEncoderFromSafetensors, parseModelConfig, type CrossEncoder, type ModelConfig } from '../model/load';
import { formatTrecRun, parsePairsTsv, parseTokenizedRows } from '../model/scoring';
import { assertVocabMatches, PairTokenizer } from '../model/tokenize';
import { encodedPairsOfRows, scorePairs } from '../model/scorer';
import { parseCommandLine } from './args';
import { readInputText } from './readInput';

const USAGE = `usage:
  npm run score -- --model DIR --input FILE.json --out OUT.json [--batch-size N]
  npm run score -- --model DIR --pairs FILE.tsv [--tokenizer FILE] [--max-length N] [--run-tag TAG] --out RUN [--batch-size N]`;

interface ScoreOptions {
  model: string;
  input?: string;
  pairs?: string;
  tokenizer?: string;
  out: string;
  batchSize: number;
  maxLength?: number;
  runTag: string;
}

export function parseScoreArgs(argv: string[]): ScoreOptions {
  const text = { type: 'string' } as const;
  const command = parseCommandLine(argv, {
    usage: USAGE,
    options: { model: text, input: text, pairs: text, tokenizer: text, out: text, 'batch-size': text, 'max-length': text, 'run-tag': text },
  });
  const { values } = command;
  const { model, out, input, pairs } = values;
  if (!model || !out) command.fail('--model and --out are required');
  if ((input === undefined) === (pairs === undefined)) command.fail('give exactly one of --input and --pairs');
  if (input !== undefined && (values.tokenizer !== undefined || values['max-length'] !== undefined || values['run-tag'] !== undefined)) {
    command.fail('--tokenizer, --max-length and --run-tag go with --pairs');
  }
  return {
    model: model!,
    out: out!,
    input,
    pairs,
    tokenizer: values.tokenizer,
    batchSize: command.positiveInteger('batch-size', 32),
    maxLength: command.positiveInteger('max-length'),
    runTag: values['run-tag'] ?? 'rerank-lab',
  };
}

function readRequired(path: string, what: string): Buffer {
  if (!existsSync(path)) throw new Error(`${path}: not found (${what})`);
  return readFileSync(path);
}

function loadModel(dir: string): { model: CrossEncoder; modelConfig: ModelConfig } {
  const configPath = join(dir, 'config.json');
  const weightsPath = join(dir, 'model.safetensors');
  const configText = readInputText(configPath, 'configJsonBytes', 'the model folder needs config.json');
  const bytes = readRequired(weightsPath, 'the model folder needs model.safetensors; convert pytorch_model.bin with the safetensors tools');
  const modelConfig = parseModelConfig(configText, configPath);
  const { model, report } = crossEncoderFromSafetensors(modelConfig, bytes, { seed: 0, source: weightsPath });
  if (report.unexpected.length) console.error(`score: ${weightsPath}: ${report.unexpected.length} tensor(s) not used: ${report.unexpected.join(', ')}`);
  if (report.initialisedFresh.length) {
    console.error(`score: WARNING ${weightsPath} has no trained head (${report.initialisedFresh.join(', ')}): scores come from a random head and mean nothing`);
  }
  return { model, modelConfig };
}

function loadTokenizer(options: ScoreOptions): PairTokenizer {
  if (options.tokenizer) {
    const text = readInputText(options.tokenizer, 'tokenizerFileBytes', '--tokenizer');
    return basename(options.tokenizer).endsWith('.txt')
      ? PairTokenizer.fromVocab(text, options.tokenizer)
      : PairTokenizer.fromTokenizerJson(text, options.tokenizer);
  }
  const json = join(options.model, 'tokenizer.json');
  if (existsSync(json)) return PairTokenizer.fromTokenizerJson(readInputText(json, 'tokenizerFileBytes'), json);
  const vocab = join(options.model, 'vocab.txt');
  if (existsSync(vocab)) return PairTokenizer.fromVocab(readInputText(vocab, 'tokenizerFileBytes'), vocab);
  throw new Error(`${options.model}: no tokenizer.json or vocab.txt; pass --tokenizer FILE`);
}

export async function runScore(options: ScoreOptions): Promise<string> {
  const { facts, device } = await initTfjsWebgpu();
  const { model, modelConfig } = loadModel(options.model);
  try {
    if (options.input !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(readInputText(options.input, 'wholeFileBytes', '--input'));
      } catch (error) {
        if (error instanceof SyntaxError) throw new Error(`${options.input}: not valid JSON (${error.message})`);
        throw error;
      }
      // Rows come tokenized (and padded on the right): the same scorer as pairs, each logit back in its row's place.
      const rows = parseTokenizedRows(json, options.input);
      const encoded = encodedPairsOfRows(rows, options.input);
      const { scores: logits } = await scorePairs(model, encoded, model.config.padTokenId, {
        maxLength: Math.max(...encoded.map((p) => p.ids.length)),
        batchSize: options.batchSize,
        bufferLimits: { shape: modelShapeOfConfig(modelConfig), limits: device.limits },
      });
      writeFileSync(options.out, JSON.stringify({ logits: Array.from(logits) }) + '\n');
      return `scored ${logits.length} rows on ${facts.description || facts.vendor} → ${options.out}`;
    }
    const pairs = parsePairsTsv(readInputText(options.pairs!, 'wholeFileBytes', '--pairs'), options.pairs!);
    const tokenizer = loadTokenizer(options);
    assertVocabMatches(tokenizer, model.config.vocabSize, join(options.model, 'config.json'));
    const maxLength = Math.min(options.maxLength ?? 512, model.config.maxPositions);
    // Pairs are scored as the lab reranks: sorted by length into bucket-padded batches of up to batchSize × maxLength
    // tokens, none with a buffer over the device's limits; each score goes back on its pair.
    const encoded = pairs.map((p) => tokenizer.encodePair(p.query, p.passage, maxLength));
    const { scores, scoreMs } = await scorePairs(model, encoded, tokenizer.padId, {
      maxLength,
      batchSize: options.batchSize,
      bufferLimits: { shape: modelShapeOfConfig(modelConfig), limits: device.limits },
    });
    writeFileSync(options.out, formatTrecRun(pairs, scores, options.runTag));
    const pairsPerSecond = pairs.length / (Math.max(scoreMs, 1e-3) / 1000);
    return `scored ${pairs.length} pairs (max length ${maxLength}, ${pairsPerSecond.toFixed(1)} pairs/s) on ${facts.description || facts.vendor} → ${options.out}`;
  } finally {
    model.dispose();
  }
}
