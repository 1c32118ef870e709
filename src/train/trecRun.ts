import type { Run } from '../core/trec';
import { strcmp } from '../core/trec';
import { runMetadataFileName, runMetadataHeader, runMetadataYaml, type RunMetadataMode } from '../core/snapshot/irMetadata';
import type { EvaluationRecord, RunRecord, Snapshot } from '../core/snapshot/schema';

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

export interface TrecRunFilesOptions {
  /** sidecar (default): RUN.ir_metadata.yml beside RUN.trec; header: the metadata as `#` lines atop RUN.trec; none. */
  metadata?: RunMetadataMode;
  /** The command that made the runs, recorded as implementation.executable.cmd. */
  command?: string;
  /** The run file's name (`ARM.seed-S.EVALSET.trec`, as `npm run experiment` names it, by default). */
  nameOf?: (record: RunRecord, evaluation: EvaluationRecord) => string;
}

/**
 * The final reranked run of every run × evaluation set of a snapshot (the evaluation at the step the run stopped), by
 * file name, each with its run metadata (core/snapshot/irMetadata.ts) as `metadata` asks. The run file itself is the
 * same bytes with or without the sidecar; only `header` changes it (and trec_eval 9.0.8 refuses such a file).
 */
export function trecRunFiles(snapshot: Snapshot, options: TrecRunFilesOptions = {}): Record<string, string> {
  const { metadata = 'sidecar', nameOf = (r, e) => `${r.arm}.seed-${r.seed}.${e.evalSet}.trec` } = options;
  const files: Record<string, string> = {};
  for (const record of snapshot.runs) {
    for (const evaluation of record.evaluations.filter((e) => e.step === record.stop.step)) {
      const tag = `${record.arm}.seed-${record.seed}`;
      const name = nameOf(record, evaluation);
      const run = formatTrecRun(evaluation.run, tag);
      if (metadata === 'none') {
        files[name] = run;
        continue;
      }
      const yaml = runMetadataYaml(snapshot, record, evaluation, tag, options.command !== undefined ? { command: options.command } : {});
      if (metadata === 'header') files[name] = runMetadataHeader(yaml) + run;
      else Object.assign(files, { [name]: run, [runMetadataFileName(name)]: yaml });
    }
  }
  return files;
}
