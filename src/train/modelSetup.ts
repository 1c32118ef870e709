/**
 * Builds the model and tokenizer an experiment names: a Hub checkpoint, files the user picked, or a
 * random-init BERT of any size (the size sweep) with the bundled BERT uncased vocabulary.
 * Every arm of one seed gets the same initial weights: the init seed is the run's seed (or the spec's).
 */
import { bertConfig, parseBertConfig, type BertConfig } from '../core/formats/hfConfig';
import type { ExperimentConfig, FileRef } from '../core/experiment/schema';
import { BUNDLED } from '../core/experiment/defaults';
import { BertCrossEncoder, type LoadReport } from '../model/bert';
import { loadHubModel } from '../model/hub';
import { assertVocabMatches, PairTokenizer } from '../model/tokenize';
import type { LabHost } from './host';

/** The BERT uncased WordPiece vocabulary shipped in public/ (random-init models use it). */
export const BUNDLED_BERT_VOCAB: FileRef = { source: 'bundled', path: BUNDLED.bertVocab };

export interface ModelSetup {
  model: BertCrossEncoder;
  tokenizer: PairTokenizer;
  config: BertConfig;
  /** What loading found (missing/unexpected tensors); null for random init. */
  report: LoadReport | null;
  initSeed: number;
  description: string;
}

const utf8 = new TextDecoder();

function tokenizerFrom(file: { file: string; text: string }): PairTokenizer {
  return file.file === 'tokenizer.json' ? PairTokenizer.fromTokenizerJson(file.text, file.file) : PairTokenizer.fromVocab(file.text, file.file);
}

export async function setUpModel(experiment: ExperimentConfig, runSeed: number, host: LabHost): Promise<ModelSetup> {
  const spec = experiment.model;
  if (spec.kind === 'random') {
    const config = bertConfig({
      vocabSize: spec.vocabSize,
      hiddenSize: spec.hidden,
      numLayers: spec.layers,
      numHeads: spec.heads,
      intermediateSize: spec.intermediate,
      maxPositions: spec.maxPositions,
    });
    const tokenizer = PairTokenizer.fromVocab(utf8.decode(await host.readFile(BUNDLED_BERT_VOCAB)), BUNDLED.bertVocab);
    assertVocabMatches(tokenizer, config.vocabSize, 'the random model spec (vocabSize)');
    const initSeed = spec.seed ?? runSeed;
    return {
      model: BertCrossEncoder.randomInit(config, initSeed),
      tokenizer,
      config,
      report: null,
      initSeed,
      description: `random-init BERT (${spec.layers} layers, hidden ${spec.hidden}, ${spec.heads} heads, intermediate ${spec.intermediate}), init seed ${initSeed}`,
    };
  }
  const files =
    spec.kind === 'hub'
      ? await loadHubModel(spec.id, { ...host.hub, revision: spec.revision })
      : await (host.localModel
          ? host.localModel(spec.name)
          : Promise.reject(new Error(`model "${spec.name}" is a local model: pick its config.json, model.safetensors and tokenizer.json first`)));
  const source = spec.kind === 'hub' ? `${spec.id}@${spec.revision}` : spec.name;
  const config = parseBertConfig(files.configText, `${source}/config.json`);
  const tokenizer = tokenizerFrom(files.tokenizer);
  assertVocabMatches(tokenizer, config.vocabSize, `${source}/config.json`);
  // The classifier head of an encoder-only checkpoint is initialised from the run's seed, like every arm's.
  const { model, report } = BertCrossEncoder.fromSafetensors(config, files.weights, { seed: runSeed, source: `${source}/model.safetensors` });
  return { model, tokenizer, config, report, initSeed: runSeed, description: source };
}
