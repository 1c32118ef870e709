import {
  DEFAULT_EVAL_SETS,
  DEFAULT_MEASURES,
  getAt,
  listFromText,
  setAt,
  shownEvalSets,
  textOfList,
  textOfValue,
  type ExperimentConfig,
} from '../../../core/experiment';
import { NumberControl, TextControl } from './controls';
import type { FormEditor } from './formEditor';
import { GroupNotes } from './notes';

const BUNDLED_SETS: Record<string, string> = { dl19: 'TREC DL 2019', dl20: 'TREC DL 2020' };

export interface EvalSetsFieldsetProps {
  experiment: unknown;
  editor: FormEditor;
  /** The validated experiment, for the defaults shown in empty fields; null while invalid. */
  resolved: ExperimentConfig | null;
}

/** The evaluation sets: each with its depth, relevance level and measures; the bundled sets not yet in it, to add. */
export function EvalSetsFieldset({ experiment, editor: { editExperiment, setEvalSet }, resolved }: EvalSetsFieldsetProps) {
  const evalSets = shownEvalSets(experiment);
  const resolvedSet = (i: number) => resolved?.evalSets[i];
  return (
    <fieldset>
      <legend>Evaluation sets</legend>
      <GroupNotes k="evalSets" />
      {evalSets.map((evalSet, i) => {
        const name = textOfValue(getAt(evalSet, ['name']));
        return (
          <fieldset key={i} className="setup-item">
            <legend>{BUNDLED_SETS[name] ? `${BUNDLED_SETS[name]} (${name})` : name || `set ${i + 1}`}</legend>
            <GroupNotes k={`evalSets[${i}]`} />
            {!BUNDLED_SETS[name] && (
              <TextControl k={`evalSets[${i}].name`} label="name" value={getAt(evalSet, ['name'])} onCommit={(v) => setEvalSet(i, ['name'], v)} />
            )}
            <div className="setup-grid">
              <NumberControl
                k={`evalSets[${i}].rerankDepth`}
                label="rerank depth"
                value={getAt(evalSet, ['rerankDepth'])}
                placeholder={String(resolvedSet(i)?.rerankDepth ?? 100)}
                onCommit={(v) => setEvalSet(i, ['rerankDepth'], v)}
              />
              <NumberControl
                k={`evalSets[${i}].relevanceLevel`}
                label="relevance level (-l)"
                value={getAt(evalSet, ['relevanceLevel'])}
                placeholder={String(resolvedSet(i)?.relevanceLevel ?? 2)}
                onCommit={(v) => setEvalSet(i, ['relevanceLevel'], v)}
              />
            </div>
            <TextControl
              k={`evalSets[${i}].measures`}
              label="measures (trec_eval names)"
              value={getAt(evalSet, ['measures'])}
              placeholder={DEFAULT_MEASURES.join(', ')}
              fromText={(t) => listFromText(t, (s) => s)}
              toText={textOfList}
              onCommit={(v) => setEvalSet(i, ['measures'], v)}
            />
            <button type="button" onClick={() => setEvalSet(i, [], undefined)}>
              Remove evaluation set {name || i + 1}
            </button>
          </fieldset>
        );
      })}
      <div className="setup-actions">
        {DEFAULT_EVAL_SETS.filter((d) => !evalSets.some((s) => getAt(s, ['name']) === d.name)).map((d) => (
          <button key={d.name} type="button" onClick={() => editExperiment((e) => setAt(e, ['evalSets'], [...shownEvalSets(e), { ...d }]))}>
            Add {BUNDLED_SETS[d.name] ?? d.name} (bundled)
          </button>
        ))}
      </div>
      <p className="setup-hint">Topics, qrels and candidate files of a set are edited in the JSON.</p>
    </fieldset>
  );
}
