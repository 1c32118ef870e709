/** Training and evaluation data: streamed, shuffled with a seed, resumable, hashed per batch. */
export * from './lines';
export * from './examples';
export * from './shuffle';
export * from './stream';
export * from './hash';
export * from './evalSets';
