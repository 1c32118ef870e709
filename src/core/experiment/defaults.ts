/**
 * The numbers behind the schema's defaults, in one place so the UI can show where each comes from. The
 * optimizers' own defaults live in their descriptors (core/optim/registry.ts); these are views of them.
 */
import { LION_FACTOR_RANGES } from '../optim/advice';
import { LION_DEFAULT_FACTOR, adamwLrWdDefaults, defaultSettings, optimizerDescriptor, scaledHyperparameter } from '../optim/registry';
import { measureLabel } from '../trec/measures';

export type { OptimizerName } from '../optim/registry';
export { scaledHyperparameter };

/** torch.optim.AdamW's betas and eps; lr and wd as commonly used to fine-tune MiniLM/BERT cross-encoders. */
export const ADAMW_DEFAULTS = { ...adamwLrWdDefaults(), ...defaultSettings('adamw') } as {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
};

/**
 * Lion's authors (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms") advise a learning rate
 * 3–10× smaller than AdamW's and a weight decay 3–10× larger, so that lr·wd — the decoupled decay strength —
 * stays about the same. We take the middle factor 5 for both: lr 2e-5 → 4e-6, wd 0.01 → 0.05.
 */
export const LION_ADVICE = {
  lrFactorRange: LION_FACTOR_RANGES.lr,
  weightDecayFactorRange: LION_FACTOR_RANGES.weightDecay,
  defaultFactor: LION_DEFAULT_FACTOR,
} as const;

export const LION_DEFAULTS = { ...optimizerDescriptor('lion').defaultLrWd(ADAMW_DEFAULTS), ...defaultSettings('lion') } as {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
};

/**
 * Measure keys as trec_eval prints them (`-q` output names), plus `mrr_cut_10` for MS MARCO's MRR@10
 * (reciprocal rank cut at rank 10). These four are the summary table's columns.
 */
export const SUMMARY_MEASURES = ['ndcg_cut_10', 'map', 'mrr_cut_10', 'recall_100'].map((key) => ({ key, label: measureLabel(key) }));
export const DEFAULT_MEASURES: string[] = SUMMARY_MEASURES.map((m) => m.key);

/**
 * TREC DL judges 0–3 and NIST counts grade 1 as not relevant: binary measures (MAP, MRR, recall) use
 * relevance ≥ 2, i.e. `trec_eval -l 2`. nDCG uses the graded gains regardless.
 */
export const TREC_DL_RELEVANCE_LEVEL = 2;

/**
 * Paths under `public/` (served at the app's base URL; read from disk by the headless runner) of the data
 * bundled for the demo (public/data/manifest.json says where each comes from). The `*.judged-pairs.tsv` files are derived from the
 * BM25 top-100 candidates and the qrels: `query<TAB>passage<TAB>label`, label 1 when the grade is ≥ 2.
 */
export const BUNDLED = {
  dl19: {
    topics: 'data/topics.dl19-passage.txt',
    qrels: 'data/qrels.dl19-passage.txt',
    candidates: 'data/rank_llm.bm25.retrieve_results_dl19.json.gz',
    judgedPairs: 'data/dl19.judged-pairs.tsv',
  },
  dl20: {
    topics: 'data/topics.dl20.txt',
    qrels: 'data/qrels.dl20-passage.txt',
    candidates: 'data/rank_llm.bm25.retrieve_results_dl20.json.gz',
    judgedPairs: 'data/dl20.judged-pairs.tsv',
  },
  triplesSample: 'data/splade_toy.triples.train.small.head100.tsv',
  bertVocab: 'data/bert-base-uncased-vocab.txt',
} as const;
