/** The model layer for the training engine: BERT cross-encoder, losses, the training step. */
export { BertCrossEncoder, bertParameterSpecs, MASK_VALUE, validateBatch } from './bert';
export type { EncodedBatch, ForwardOptions, LoadReport, ParameterSpec } from './bert';
export { bceWithLogits, computeLoss, listwiseSoftmaxCE, rankNet } from './losses';
export type { LossSpec } from './losses';
export { computeGradients, trainStep } from './trainStep';
export type { GradientConsumer, StepOptions } from './trainStep';
export { embeddingLookup, embeddingGrad, embeddingGradOnCpu, groupTokensById } from './embedding';
export { readFloat32, writeFloat32InPlace } from './tensorIO';
