/**
 * Every check that can run before step 1, run together and reported together (the schema has already
 * checked measure names, optimizer settings and random-model shapes):
 * - files: each evaluation file and the training data can be read (the training stream's first chunk);
 * - model: the tokenizer's vocabulary fits the model's embeddings, hidden is a multiple of heads, and
 *   maxLength fits the position embeddings — for random init from the spec, for Hub models from config.json
 *   and the tokenizer (small files; the weights are not fetched here);
 * - sizes: the step's batch shape is possible (BCE on triples needs an even batch; the engine needs steps),
 *   and, given the adapter's limits, no activation of a step exceeds its largest storage binding.
 * Problems name the config field: `experiment.json: evalSets[0].qrels: …`.
 */
import { BUNDLED } from '../core/experiment/defaults';
import { SchemaValidationError } from '../core/experiment/issues';
import type { ExperimentConfig, FileRef } from '../core/experiment/schema';
import { examplesPerStep, totalStepsOf } from '../core/experiment/steps';
import {
  bufferLimitProblems,
  estimateExperimentMemory,
  modelShapeOf,
  modelShapeOfConfig,
  type AdapterBufferLimits,
  type ModelShape,
} from '../core/experiment/memoryEstimate';
import { parseModelConfig } from '../core/formats/hfConfig';
import { fetchHubFile, HubError } from '../model/hub';
import { assertVocabMatches, PairTokenizer } from '../model/tokenize';
import type { LabFileKind, LabHost } from './host';

/** The vocabulary random-init models tokenize with (as modelSetup.ts builds them). */
const BUNDLED_BERT_VOCAB = { source: 'bundled', path: BUNDLED.bertVocab } as const;

export interface PreflightProblem {
  /** The config field at fault, in validation's path notation (`evalSets[1].candidates`). */
  field: string;
  message: string;
}

/** The model's shape as far as the checks need it (from the spec or config.json). */
export interface PreflightResult {
  problems: PreflightProblem[];
  /** Null when the model's shape could not be read (its problem is in `problems`). */
  /** The model's shape, when the checks could read it. */
  shape: ModelShape | null;
}

const utf8 = new TextDecoder();
const refText = (ref: FileRef) => (ref.source === 'bundled' ? ref.path : ref.source === 'url' ? ref.url : ref.name);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function checkFiles(config: ExperimentConfig, host: LabHost): Promise<PreflightProblem[]> {
  const refs: { field: string; ref: FileRef; kind: LabFileKind }[] = config.evalSets.flatMap((set, i) =>
    (['topics', 'qrels', 'candidates'] as const).map((kind) => ({ field: `evalSets[${i}].${kind}`, ref: set[kind], kind })),
  );
  const reads = refs.map(async ({ field, ref, kind }): Promise<PreflightProblem | null> => {
    try {
      const bytes = await host.readFile(ref, kind);
      if (bytes.length === 0) return { field, message: 'the file is empty' };
      // A dev server answers a missing path with its index page (status 200); no evaluation file is HTML.
      if (/^\s*<!doctype html/i.test(utf8.decode(bytes.subarray(0, 64))))
        return { field, message: `${refText(ref)}: not found (the server answered with a web page)` };
      return null;
    } catch (error) {
      return { field, message: messageOf(error) };
    }
  });
  const training = (async (): Promise<PreflightProblem | null> => {
    try {
      const reader = (await host.trainingSource(config.trainingData).open()).getReader();
      const first = await reader.read();
      await reader.cancel().catch(() => undefined);
      return first.done && !first.value?.length ? { field: 'trainingData', message: 'the training data is empty' } : null;
    } catch (error) {
      return { field: 'trainingData', message: messageOf(error) };
    }
  })();
  return (await Promise.all([...reads, training])).filter((p): p is PreflightProblem => p !== null);
}

function tokenizerFrom(file: string, text: string): PairTokenizer {
  return file === 'tokenizer.json' ? PairTokenizer.fromTokenizerJson(JSON.parse(text) as unknown, file) : PairTokenizer.fromVocab(text, file);
}

async function checkModel(config: ExperimentConfig, host: LabHost): Promise<PreflightResult> {
  const spec = config.model;
  const problems: PreflightProblem[] = [];
  let shape: ModelShape | null = null;
  let tokenizer: PairTokenizer | null = null;
  let vocabField = 'model';
  let configSource = 'config.json';
  try {
    if (spec.kind === 'random') {
      shape = modelShapeOf(spec);
      vocabField = 'model.vocabSize';
      configSource = 'the random model spec (vocabSize)';
      tokenizer = PairTokenizer.fromVocab(utf8.decode(await host.readFile(BUNDLED_BERT_VOCAB, 'vocab')), BUNDLED_BERT_VOCAB.path);
    } else if (spec.kind === 'hub') {
      const options = { ...host.hub, revision: spec.revision };
      configSource = `${spec.id}@${spec.revision}/config.json`;
      shape = modelShapeOfConfig(parseModelConfig(utf8.decode(await fetchHubFile(spec.id, 'config.json', options)), configSource));
      let file: 'tokenizer.json' | 'vocab.txt' = 'tokenizer.json';
      let text: string;
      try {
        text = utf8.decode(await fetchHubFile(spec.id, file, options));
      } catch (error) {
        if (!(error instanceof HubError && error.kind === 'not-found')) throw error;
        file = 'vocab.txt';
        text = utf8.decode(await fetchHubFile(spec.id, file, options));
      }
      tokenizer = tokenizerFrom(file, text);
    } else if (host.localModel) {
      const files = await host.localModel(spec.path);
      configSource = `${spec.path}/config.json`;
      shape = modelShapeOfConfig(parseModelConfig(files.configText, configSource));
      tokenizer = tokenizerFrom(files.tokenizer.file, files.tokenizer.text);
    } else {
      problems.push({
        field: 'model',
        message: `"${spec.path}" is a local model folder: pick or drop it (config.json, model.safetensors, tokenizer.json or vocab.txt) first`,
      });
    }
  } catch (error) {
    problems.push({ field: 'model', message: messageOf(error) });
  }
  if (tokenizer && shape) {
    try {
      assertVocabMatches(tokenizer, shape.vocabSize, configSource);
    } catch (error) {
      problems.push({ field: vocabField, message: messageOf(error) });
    }
  }
  // Random specs are checked by the schema; a checkpoint's config.json only here.
  if (shape && spec.kind !== 'random') {
    if (shape.hidden % shape.heads !== 0)
      problems.push({ field: 'model', message: `${configSource}: hidden_size ${shape.hidden} is not a multiple of num_attention_heads ${shape.heads}` });
    if (config.maxLength > shape.maxPositions) {
      problems.push({
        field: 'maxLength',
        message: `maxLength (${config.maxLength}) exceeds the model's max_position_embeddings (${shape.maxPositions}, ${configSource})`,
      });
    }
  }
  return { problems, shape };
}

function checkSteps(config: ExperimentConfig): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  try {
    examplesPerStep(config);
  } catch (error) {
    problems.push({ field: 'batchSize', message: messageOf(error) });
  }
  try {
    totalStepsOf(config);
  } catch (error) {
    problems.push({ field: 'epochs', message: messageOf(error) });
  }
  return problems;
}

/** The step's largest buffers (memoryEstimate.ts) against the adapter's largest buffer and storage binding. */
export function adapterLimitProblems(config: ExperimentConfig, shape: ModelShape, limits: AdapterBufferLimits): PreflightProblem[] {
  const estimate = estimateExperimentMemory(config, shape);
  return estimate ? bufferLimitProblems(estimate, limits) : [];
}

/** Runs every check that needs no GPU (files, model, sizes); with `limits`, the adapter's too. */
export async function preflight(config: ExperimentConfig, host: LabHost, limits?: AdapterBufferLimits): Promise<PreflightResult> {
  const [files, model] = await Promise.all([checkFiles(config, host), checkModel(config, host)]);
  const problems = [...files, ...model.problems, ...checkSteps(config)];
  if (limits && model.shape) problems.push(...adapterLimitProblems(config, model.shape, limits));
  return { problems, shape: model.shape };
}

/** The problems as one error whose lines read `experiment.json: evalSets[0].qrels: …`. */
export function preflightError(problems: readonly PreflightProblem[], fileName = 'experiment.json'): SchemaValidationError {
  return new SchemaValidationError(
    fileName,
    problems.map((p) => `${fileName}: ${p.field}: ${p.message}`),
  );
}

/** Runs preflight and throws every problem at once. */
export async function assertPreflight(
  config: ExperimentConfig,
  host: LabHost,
  fileName = 'experiment.json',
  limits?: Readonly<Record<string, number>>,
): Promise<PreflightResult> {
  const result = await preflight(config, host, limits);
  if (result.problems.length) throw preflightError(result.problems, fileName);
  return result;
}
