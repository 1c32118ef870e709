/**
 * TREC evaluation equal to trec_eval 9.0.8: parsers (qrels, runs, topics; whole-text and streaming),
 * measures, per-query and summary evaluation, trec_eval's text format, and MS MARCO MRR@10.
 */
export type { Qrels, Run, RankedDoc, Topics, EvaluateOptions, EvaluationResult, MeasureColumn } from './types';
export type { LineInput, ChunkSource } from './lines';
export {
  TrecParseError,
  parseQrels,
  parseQrelsStream,
  parseRun,
  parseRunWithTag,
  parseRunStream,
  parseRunStreamWithTag,
  parseTopics,
  parseTopicsStream,
  type ParsedRun,
} from './parse';
export { evaluate, summarize, mrrAt10, TREC_DL_RELEVANCE_LEVEL, type MrrAt10 } from './evaluate';
export { formatTrecEval, type FormatOptions } from './format';
export { formatFixed, formatFixedWidth } from './printf';
export { parseZscores, parseZscoresStream, convertToZscores, MISSING_ZSCORE, type Zscores, type ZscoreEntry } from './zscores';
export {
  selectMeasures,
  supportedSpecNames,
  MeasureSpecError,
  MEASURES,
  NICKNAMES,
  DEPTH_MEASURES,
  parseMeasureName,
  measureLabel,
  measurePasses,
  supportedMeasureNames,
  type SelectedMeasure,
  type MeasureDefinition,
  type NamedMeasure,
  type MeasurePass,
} from './measures';
export { strcmp } from './strcmp';
