/** The model layer for the training engine: BERT cross-encoder, losses, the training step, scoring. */
export { BertCrossEncoder, bertParameterSpecs, initialValues, MASK_VALUE, validateBatch } from './bert';
export type { EncodedBatch, ForwardOptions, LoadReport, ParameterSpec } from './bert';
export { bceWithLogits, computeLoss, listwiseSoftmaxCE, rankNet } from './losses';
export type { LossSpec } from './losses';
export { computeGradients, trainStep } from './trainStep';
export type { GradientConsumer, StepOptions } from './trainStep';
export { embeddingLookup, embeddingGrad, embeddingGradOnCpu, groupTokensById } from './embedding';
export { dropout, dropoutMask } from './dropout';
export { readFloat32, writeFloat32InPlace } from './tensorIO';
export { formatTrecRun, parsePairsTsv, parseTokenizedRows } from './scoring';
export { encodedPairsOfRows, scorePairs } from './scorer';
export type { PairScores, ScoringOptions } from './scorer';
export type { QueryPassagePair, TokenizedRows } from './scoring';
export { GteCrossEncoder, gteParameterSpecs, gteRopeInvFreq } from './gte';
export type { CrossEncoderModel } from './trainStep';
export { additivePaddingMask, applyRope, dropoutOf, erfGelu, layerNorm, ropeTables } from './layers';
export { isGlobalLayer, ModernBertCrossEncoder, modernBertParameterSpecs } from './modernbert';
export {
  checkCheckpoint,
  crossEncoderFromFiles,
  crossEncoderFromSafetensors,
  modelFamilyOf,
  parseModelConfig,
  randomCrossEncoder,
  typeVocabSizeOf,
} from './load';
export type { ModelConfig } from './load';
export { MODEL_FAMILIES } from './crossEncoder';
export { FAMILY_MODELS, familyModel } from './families';
export type { FamilyModel } from './families';
export type { CrossEncoder, CrossEncoderConfig, ModelFamily } from './crossEncoder';
