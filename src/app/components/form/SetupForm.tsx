/**
 * The experiment as a form, over the same JSON value as the editor beside it: each control reads one field of the
 * document and writes that field only (core/experiment/setupForm.ts), so whatever the form does not show survives.
 * Validator problems and honesty warnings are shown at the control their field path maps to.
 */
import { memo, useId, useMemo } from 'react';
import { byControl, formControls, getAt, type ExperimentConfig, type FieldPath, type FieldProblem, type HonestyWarning } from '../../../core/experiment';
import { ArmsFieldset } from './ArmsFieldset';
import { TextControl } from './controls';
import { EvalSetsFieldset } from './EvalSetsFieldset';
import { formEditor } from './formEditor';
import { ModelFieldset, useModelSwitch } from './ModelFieldset';
import { NotesContext, type Notes } from './notes';
import { RunFieldset } from './RunFieldset';
import { TrainingDataFieldset } from './TrainingDataFieldset';
import './setupForm.css';

export interface SetupFormProps {
  /** The config's JSON value (a sweep: the whole sweep; the form edits its `base`). */
  document: unknown;
  /**
   * An edit, as a function of the document it applies to: the page applies it to the current text, so an edit
   * is never made to a document the form was rendered from a keystroke ago.
   */
  onEdit: (update: (document: unknown) => unknown) => void;
  /** Where the experiment sits in the document: [] or ['base']. */
  root: FieldPath;
  /** The validator's problems, by field path in the document. */
  problems: readonly FieldProblem[];
  /** Honesty warnings, by field path in the experiment. */
  warnings: readonly HonestyWarning[];
  /** The validated experiment (a sweep: its first), for the defaults shown in empty fields; null while invalid. */
  resolved: ExperimentConfig | null;
  /** Parameters of the model, when known (from the memory estimate). */
  parameters: number | null;
  /** Shown but not editable (while the JSON text does not parse). */
  readOnly?: boolean;
}

function SetupFormView({ document, onEdit, root, problems, warnings, resolved, parameters, readOnly = false }: SetupFormProps) {
  const experiment = getAt(document, root);
  const sweepBase = root.length > 0;
  const controls = useMemo(() => formControls(experiment, { sweepBase }), [experiment, sweepBase]);
  const notes = useMemo<Notes>(
    () => ({
      problems: byControl(problems, controls, root),
      warnings: byControl(
        warnings.map((w) => ({ path: w.field, message: w.message })),
        controls,
      ),
    }),
    [problems, warnings, controls, root],
  );
  const editor = formEditor(experiment, root, onEdit);
  const { at, set } = editor;
  const headingId = useId();
  // A model of another kind, kept while this one is edited, so switching back restores it.
  const switchModel = useModelSwitch(editor);

  return (
    <NotesContext.Provider value={notes}>
      <form className="setup-form" aria-labelledby={headingId} onSubmit={(e) => e.preventDefault()} noValidate>
        <h3 id={headingId}>{sweepBase ? 'Sweep base (shared by every model)' : 'Setup'}</h3>
        <fieldset className="setup-frame" disabled={readOnly}>
          {sweepBase && (
            <p className="muted">
              The form edits the sweep’s <code>base</code>; its models (and any per-model arms) are edited in the JSON.
            </p>
          )}
          {!sweepBase && (
            <fieldset>
              <legend>Experiment</legend>
              <TextControl k="name" label="name" value={at(['name'])} onCommit={(v) => set(['name'], v)} />
            </fieldset>
          )}

          {!sweepBase && <ModelFieldset editor={editor} parameters={parameters} switchModel={switchModel} />}

          <TrainingDataFieldset editor={editor} />

          <EvalSetsFieldset experiment={experiment} editor={editor} resolved={resolved} />

          <ArmsFieldset experiment={experiment} editor={editor} resolved={resolved} />

          <RunFieldset editor={editor} />
        </fieldset>
      </form>
    </NotesContext.Provider>
  );
}

/** Memoised: the page re-renders every second while it runs; the form only when its inputs change. */
export const SetupForm = memo(SetupFormView);
