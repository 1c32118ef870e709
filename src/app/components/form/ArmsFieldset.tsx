import { armNameOf, newArm, shownArms, type ExperimentConfig } from '../../../core/experiment';
import { OPTIMIZER_NAMES, REFERENCE_OPTIMIZER, optimizerLabel, type OptimizerName } from '../../../core/optim/registry';
import { ArmFieldset } from './ArmFieldset';
import { SelectControl } from './controls';
import type { FormEditor } from './formEditor';
import { GroupNotes } from './notes';

export interface ArmsFieldsetProps {
  experiment: unknown;
  editor: FormEditor;
  /** The validated experiment, for the defaults shown in empty fields; null while invalid. */
  resolved: ExperimentConfig | null;
}

/** The arms: one fieldset each, an Add button per optimizer, and the baseline arm. */
export function ArmsFieldset({ experiment, editor, resolved }: ArmsFieldsetProps) {
  const { at, set, editArms } = editor;
  const arms = shownArms(experiment);
  const armNames = arms.map(armNameOf).filter((n): n is string => n !== null);
  const baseline = at(['baselineArm']);
  return (
    <fieldset>
      <legend>Arms (optimizers)</legend>
      <GroupNotes k="arms" />
      {arms.map((arm, i) => (
        <ArmFieldset key={i} arm={arm} i={i} arms={arms} editor={editor} resolved={resolved} />
      ))}
      <div className="setup-actions">
        {OPTIMIZER_NAMES.map((n: OptimizerName) => (
          <button key={n} type="button" onClick={() => editArms((list) => [...list, newArm(list, n)])}>
            Add {optimizerLabel(n)} arm
          </button>
        ))}
      </div>
      <SelectControl
        k="baselineArm"
        label="baseline arm (the others are compared with it)"
        value={typeof baseline === 'string' ? baseline : ''}
        options={[{ value: '', label: `default: the first ${optimizerLabel(REFERENCE_OPTIMIZER)} arm` }, ...armNames.map((n) => ({ value: n, label: n }))]}
        onCommit={(v) => set(['baselineArm'], v === '' ? undefined : v)}
      />
    </fieldset>
  );
}
