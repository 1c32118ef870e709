/** The config text read as the setup shows it: an experiment, a sweep or a tuning study, or why it is none of them. */
import {
  expandSweep,
  expandTuningStudy,
  fieldProblems,
  isTuningStudy,
  parseJsonText,
  validateExperiment,
  type FieldProblem,
  type SweepExperiment,
  type TuningStudy,
} from '../../../../core/experiment';
import type { ExperimentConfig } from '../../../../core/experiment/schema';

export type Parsed = (
  | { kind: 'experiment'; config: ExperimentConfig; error: null }
  | { kind: 'sweep'; name: string; experiments: SweepExperiment[]; config: ExperimentConfig; error: null }
  | { kind: 'tuning'; study: unknown; expanded: TuningStudy; config: ExperimentConfig; error: null }
  | { kind: null; config: null; error: string }
) & {
  /** The JSON value as written (what the form edits), absent when the text is not JSON. */
  document?: unknown;
  /** The validator's problems, one per field. */
  problems: FieldProblem[];
};

export function parseConfigText(text: string): Parsed {
  let document: unknown = undefined;
  try {
    const json = parseJsonText(text, 'experiment.json');
    document = json;
    if (json && typeof json === 'object' && (json as { kind?: unknown }).kind === 'sweep') {
      const experiments = expandSweep(json, 'sweep.json');
      return { kind: 'sweep', name: (json as { name: string }).name, experiments, config: experiments[0].config, error: null, document, problems: [] };
    }
    if (isTuningStudy(json)) {
      const expanded = expandTuningStudy(json, 'tuning.json');
      return { kind: 'tuning', study: json, expanded, config: expanded.tuning, error: null, document, problems: [] };
    }
    return { kind: 'experiment', config: validateExperiment(json, 'experiment.json'), error: null, document, problems: [] };
  } catch (error) {
    return { kind: null, config: null, error: (error as Error).message, document, problems: fieldProblems(error) };
  }
}

/** Names of the files the config expects the user to pick (`file` references). */
export function filesNeeded(config: ExperimentConfig): string[] {
  const refs = [config.trainingData, ...config.evalSets.flatMap((e) => [e.topics, e.qrels, e.candidates])];
  return [...new Set(refs.flatMap((r) => (r.source === 'file' ? [r.name] : [])))];
}
