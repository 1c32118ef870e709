import type { Run } from '../core/trec';
import { strcmp } from '../core/trec';

/**
 * A run in TREC format (`qid Q0 docno rank score tag`), ranked the way trec_eval ranks it (score
 * descending, ties by docno descending), so the rank column agrees with what evaluation saw.
 */
export function formatTrecRun(run: Run, tag: string): string {
  const lines: string[] = [];
  for (const qid of Object.keys(run).sort(strcmp)) {
    const ranked = [...run[qid]].sort((a, b) => b.score - a.score || strcmp(b.docno, a.docno));
    ranked.forEach((doc, i) => lines.push(`${qid} Q0 ${doc.docno} ${i + 1} ${doc.score} ${tag}`));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
