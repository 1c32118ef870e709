/**
 * Labelled training pairs from an evaluation year's judged first-stage candidates, for the cross-year demo
 * (train on DL19, evaluate on DL20, and the reverse): every candidate with a judgment becomes
 * `query<TAB>passage<TAB>label`, label 1 when its grade is at least the relevance level (2 on TREC DL, where
 * NIST counts grade 1 as not relevant), else 0. Unjudged candidates are left out: their relevance is unknown.
 * Rows follow the candidate file's order (query, then first-stage rank), so the output is reproducible.
 */
import type { Qrels } from '../../core/trec';
import type { EvalSet } from './evalSets';

/** Tabs and newlines inside a text would break the TSV row; MS MARCO passages have none, but be safe. */
const flat = (text: string) => text.replace(/[\t\r\n]+/g, ' ');

export function judgedPairsTsv(set: EvalSet, qrels: Qrels, relevanceLevel: number): string {
  const rows: string[] = [];
  for (const [qid, candidates] of Object.entries(set.candidates)) {
    const judged = qrels[qid];
    if (!judged) continue;
    for (const candidate of candidates) {
      const grade = judged[candidate.docno];
      if (grade === undefined) continue;
      rows.push(`${flat(set.topics[qid])}\t${flat(candidate.text)}\t${grade >= relevanceLevel ? 1 : 0}`);
    }
  }
  return rows.length ? `${rows.join('\n')}\n` : '';
}
