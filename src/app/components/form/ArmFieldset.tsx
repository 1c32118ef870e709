import {
  adamwReference,
  advisedLrWd,
  armNameOf,
  getAt,
  numberFromText,
  setAt,
  shownArms,
  textOfValue,
  withOptimizer,
  type ExperimentConfig,
} from '../../../core/experiment';
import { OPTIMIZER_NAMES, isOptimizerName, optimizerDescriptor, optimizerLabel } from '../../../core/optim/registry';
import { CheckControl, NumberControl, SelectControl, TextControl } from './controls';
import type { FormEditor } from './formEditor';
import { GroupNotes } from './notes';

const SETTING_LABELS: Record<string, string> = { beta1: 'β1', beta2: 'β2', eps: 'ε' };
const fmt = (x: number) => Number(x.toPrecision(3)).toString();

export interface ArmFieldsetProps {
  arm: unknown;
  /** Its place among the arms. */
  i: number;
  arms: unknown[];
  editor: FormEditor;
  /** The validated experiment, for the defaults shown in empty fields; null while invalid. */
  resolved: ExperimentConfig | null;
}

/** One arm: its name, optimizer, learning rate, weight decay, the optimizer's own settings, schedule and clipping; its advice; Remove. */
export function ArmFieldset({ arm, i, arms, editor: { editExperiment, editArms, setArm }, resolved }: ArmFieldsetProps) {
  const resolvedArm = (i: number) => resolved?.arms[i];
  const optimizer = getAt(arm, ['optimizer']);
  const descriptor = isOptimizerName(optimizer) ? optimizerDescriptor(optimizer) : null;
  const name = armNameOf(arm) ?? `arm ${i + 1}`;
  const advised = advisedLrWd(optimizer, arms);
  const applied = advised !== null && getAt(arm, ['lr']) === advised.lr && getAt(arm, ['weightDecay']) === advised.weightDecay;
  const schedule = getAt(arm, ['schedule']);
  // The schema's default schedule, written out when first edited (a bare `{ kind }` would mean no warmup).
  const setSchedule = (field: string, value: unknown) =>
    editArms((list) => setAt(list, [i, 'schedule'], setAt(getAt(list, [i, 'schedule']) ?? { kind: 'linear', warmupFraction: 0.1 }, [field], value)));
  return (
    <fieldset className="setup-item" data-arm={name}>
      <legend>
        Arm {i + 1}: {name}
      </legend>
      <GroupNotes k={`arms[${i}]`} />
      <div className="setup-grid">
        <TextControl
          k={`arms[${i}].name`}
          label="name"
          value={getAt(arm, ['name'])}
          placeholder={typeof optimizer === 'string' ? optimizer : ''}
          onCommit={(v) => {
            editExperiment((e) => {
              const before = armNameOf(shownArms(e)[i]);
              const next = setAt(e, ['arms'], setAt(shownArms(e), [i, 'name'], v));
              // The baseline follows its arm's new name.
              return before !== null && getAt(e, ['baselineArm']) === before ? setAt(next, ['baselineArm'], v) : next;
            });
          }}
        />
        <SelectControl
          k={`arms[${i}].optimizer`}
          label="optimizer"
          value={optimizer}
          options={OPTIMIZER_NAMES.map((n) => ({ value: n, label: optimizerLabel(n) }))}
          onCommit={(v) => isOptimizerName(v) && editArms((list) => setAt(list, [i], withOptimizer(list[i], v)))}
        />
        <NumberControl
          k={`arms[${i}].lr`}
          label="learning rate"
          value={getAt(arm, ['lr'])}
          placeholder={resolvedArm(i) ? String(resolvedArm(i)!.lr) : undefined}
          onCommit={(v) => setArm(i, ['lr'], v)}
        />
        <NumberControl
          k={`arms[${i}].weightDecay`}
          label="weight decay"
          value={getAt(arm, ['weightDecay'])}
          placeholder={resolvedArm(i) ? String(resolvedArm(i)!.weightDecay) : undefined}
          onCommit={(v) => setArm(i, ['weightDecay'], v)}
        />
        {descriptor?.settings.map((s) =>
          s.kind === 'boolean' ? (
            <CheckControl
              key={s.key}
              k={`arms[${i}].${s.key}`}
              label={`${s.key} (${s.doc})`}
              value={getAt(arm, [s.key])}
              placeholder={s.default as boolean}
              onCommit={(v) => setArm(i, [s.key], v)}
            />
          ) : (
            <NumberControl
              key={s.key}
              k={`arms[${i}].${s.key}`}
              label={`${SETTING_LABELS[s.key] ?? s.key} (${s.doc})`}
              value={getAt(arm, [s.key])}
              placeholder={String(s.default)}
              onCommit={(v) => setArm(i, [s.key], v)}
            />
          ),
        )}
        <SelectControl
          k={`arms[${i}].schedule.kind`}
          label="schedule"
          value={getAt(schedule, ['kind']) ?? 'linear'}
          options={['constant', 'linear', 'cosine']}
          onCommit={(v) => setSchedule('kind', v)}
        />
        <NumberControl
          k={`arms[${i}].schedule.warmupFraction`}
          label="warmup (fraction of steps)"
          value={getAt(schedule, ['warmupFraction'])}
          placeholder={schedule === undefined ? '0.1' : undefined}
          onCommit={(v) => setSchedule('warmupFraction', v)}
        />
        <NumberControl
          k={`arms[${i}].schedule.warmupSteps`}
          label="warmup (steps)"
          value={getAt(schedule, ['warmupSteps'])}
          onCommit={(v) => setSchedule('warmupSteps', v)}
        />
        <TextControl
          k={`arms[${i}].clipNorm`}
          label="gradient clipping (norm; “off”: none)"
          value={getAt(arm, ['clipNorm'])}
          placeholder="1"
          fromText={(t) => (t.trim().toLowerCase() === 'off' ? null : numberFromText(t))}
          toText={(v) => (v === null ? 'off' : textOfValue(v))}
          numeric
          onCommit={(v) => setArm(i, ['clipNorm'], v)}
        />
      </div>
      <div className="setup-actions">
        {advised && descriptor?.advice && (
          <button
            type="button"
            className="setup-apply"
            title={descriptor.advice(adamwReference(arms))}
            disabled={applied}
            onClick={() =>
              editArms((list) => {
                // The advice for the arms as they are now (the AdamW arm may have just changed).
                const now = advisedLrWd(getAt(list, [i, 'optimizer']), list);
                return now ? setAt(setAt(list, [i, 'lr'], now.lr), [i, 'weightDecay'], now.weightDecay) : list;
              })
            }
          >
            {applied ? `${descriptor.label}’s advice applied` : `Apply ${descriptor.label}’s advice to ${name}`}: lr {fmt(advised.lr)}, wd{' '}
            {fmt(advised.weightDecay)}
          </button>
        )}
        <button
          type="button"
          disabled={arms.length < 2}
          onClick={() => {
            editExperiment((e) => {
              const before = armNameOf(shownArms(e)[i]);
              const next = setAt(e, ['arms'], setAt(shownArms(e), [i], undefined));
              return before !== null && getAt(e, ['baselineArm']) === before ? setAt(next, ['baselineArm'], undefined) : next;
            });
          }}
        >
          Remove arm {name}
        </button>
      </div>
    </fieldset>
  );
}
