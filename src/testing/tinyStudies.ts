/**
 * Test-only building blocks for tiny studies on the bundled data, shared by the Node engine tests and the
 * Playwright specs: models small enough that a run takes seconds even on a software adapter.
 */

/** A random-init BERT of `layers` × `hidden` with 2 heads and a 2× feed-forward. */
export function tinyBert(layers = 1, hidden = 16) {
  return { kind: 'random', architecture: 'bert', layers, hidden, heads: 2, intermediate: 2 * hidden, vocabSize: 30522, maxPositions: 64 } as const;
}

/** The bundled 100 MS MARCO triples. */
export function bundledTriples(shuffleBuffer = 16) {
  return { source: 'bundled', path: 'data/splade_toy.triples.train.small.head100.tsv', format: 'triples', shuffleBuffer } as const;
}

const TOPICS = { dl19: 'topics.dl19-passage.txt', dl20: 'topics.dl20.txt' } as const;

/** A bundled TREC DL evaluation set, reranking the top `rerankDepth` BM25 candidates. */
export function bundledEvalSet(year: 'dl19' | 'dl20', rerankDepth: number) {
  return {
    name: year,
    topics: `data/${TOPICS[year]}`,
    qrels: `data/qrels.${year}-passage.txt`,
    candidates: `data/rank_llm.bm25.retrieve_results_${year}.json.gz`,
    rerankDepth,
  };
}

/**
 * An experiment shrunk to seconds on a software adapter: the tiny BERT, the bundled triples, dl19 reranked to depth 2,
 * batch 4, 2 steps, one seed, no evaluations along the way and no checkpoints — each test overrides what it is about.
 */
export function tinyExperiment(name: string, overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    name,
    model: tinyBert(),
    trainingData: bundledTriples(),
    evalSets: [bundledEvalSet('dl19', 2)],
    batchSize: 4,
    steps: 2,
    maxLength: 32,
    seeds: [3],
    evaluateEvery: 0,
    checkpointEvery: 0,
    ...overrides,
  };
}

/**
 * A tuning study shrunk to seconds: 2 trials per optimizer of 2 steps on dl19 (depth 2), one final seed on dl20.
 * `evaluateEveryStep` adds dev evaluations along the way (the time-to-target table needs them).
 */
export function tinyTuningStudy(name: string, { evaluateEveryStep = false } = {}) {
  return {
    schemaVersion: 1,
    kind: 'tuning',
    name,
    base: {
      model: tinyBert(),
      trainingData: bundledTriples(16),
      batchSize: 2,
      steps: 2,
      maxLength: 32,
      evaluateEvery: evaluateEveryStep ? 1 : 0,
      checkpointEvery: 0,
    },
    devSet: bundledEvalSet('dl19', 2),
    testSets: [bundledEvalSet('dl20', 2)],
    search: [
      { optimizer: 'adamw', lr: { min: 1e-3, max: 1e-2 } },
      { optimizer: 'lion', lr: { min: 1e-4, max: 1e-3 } },
    ],
    budget: 2,
    finalSeeds: [1],
  } as const;
}
