/**
 * Which tuning study an experiment belongs to, by the experiment's config hash, so a reload can carry on with
 * the study (its trials, then the final runs of the selected settings). The experiments themselves are in
 * IndexedDB (stores.ts); this small context is in localStorage under `rerank-lab-tuning-study/<configHash>` as
 * `{ study, phase }` JSON. Keep that key and format: contexts stored by earlier versions must still read.
 */

/** The study's trials, or the final runs of the settings selected on them. */
export type TuningPhase = 'tuning' | 'final';

export interface TuningContext {
  /** The study as the user wrote it (expanded again on reading). */
  study: unknown;
  phase: TuningPhase;
}

const TUNING_KEY = 'rerank-lab-tuning-study/';

/** Records that the experiment `configHash` is the `phase` of `study`. */
export function rememberTuning(configHash: string, study: object, phase: TuningPhase): void {
  try {
    globalThis.localStorage?.setItem(TUNING_KEY + configHash, JSON.stringify({ study, phase }));
  } catch {
    // Storage full or unavailable: the experiment still runs; only the study context is lost on reload.
  }
}

/** The study the experiment `configHash` belongs to, or null when it belongs to none (or the context is unreadable). */
export function recalledTuning(configHash: string): TuningContext | null {
  try {
    const text = globalThis.localStorage?.getItem(TUNING_KEY + configHash);
    return text ? (JSON.parse(text) as TuningContext) : null;
  } catch {
    return null;
  }
}
