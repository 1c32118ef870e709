// Regenerates public/data/dl{19,20}.judged-pairs.tsv from the bundled candidates and qrels
// (`npx vite-node scripts/make-judged-pairs.ts`); bundle.test.ts checks the committed files equal this output.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLED, TREC_DL_RELEVANCE_LEVEL } from '../src/core/experiment/defaults';
import { parseQrels } from '../src/core/trec';
import { judgedPairsTsv } from '../src/train/data/judgedPairs';
import { loadEvalSet } from '../src/train/data/evalSets';
import { bytesSource } from '../src/train/data/lines';

const PUBLIC = resolve(import.meta.dirname, '../public');
for (const year of ['dl19', 'dl20'] as const) {
  const paths = BUNDLED[year];
  const set = await loadEvalSet(bytesSource(new Uint8Array(readFileSync(resolve(PUBLIC, paths.candidates))), paths.candidates));
  const qrels = parseQrels(readFileSync(resolve(PUBLIC, paths.qrels), 'utf8'), paths.qrels);
  const tsv = judgedPairsTsv(set, qrels, TREC_DL_RELEVANCE_LEVEL);
  writeFileSync(resolve(PUBLIC, paths.judgedPairs), tsv);
  console.log(`${paths.judgedPairs}: ${tsv.split('\n').length - 1} pairs`);
}
