/**
 * The experiment as a form, over the same JSON value as the editor beside it: each control reads one field of the
 * document and writes that field only (core/experiment/setupForm.ts), so whatever the form does not show survives.
 * Validator problems and honesty warnings are shown at the control their field path maps to.
 */
import { createContext, memo, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  ARCHITECTURE_FIELDS,
  DEFAULT_EVAL_SETS,
  DEFAULT_MEASURES,
  MODEL_ARCHITECTURES,
  MODEL_SIZE_FIELDS,
  TINY_RANDOM_BERT,
  TRAINING_LOCATION,
  adamwReference,
  advisedLrWd,
  armNameOf,
  byControl,
  formControls,
  getAt,
  listFromText,
  newArm,
  numberFromText,
  setAt,
  shownArms,
  shownEvalSets,
  textOfList,
  textOfValue,
  withOptimizer,
  type ExperimentConfig,
  type FieldPath,
  type FieldProblem,
  type HonestyWarning,
} from '../../core/experiment';
import { OPTIMIZER_NAMES, isOptimizerName, optimizerDescriptor, optimizerLabel, type OptimizerName } from '../../core/optim/registry';
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

/** A control's DOM id from its field path (`arms[1].lr` → `setup-arms-1-lr`). */
export function controlId(key: string): string {
  return `setup-${key.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}

interface Notes {
  problems: ReadonlyMap<string | null, readonly { message: string }[]>;
  warnings: ReadonlyMap<string | null, readonly { message: string }[]>;
}
const NotesContext = createContext<Notes>({ problems: new Map(), warnings: new Map() });

/** The problems and warnings of one control, and the ids that describe it. */
function useNotes(key: string) {
  const notes = useContext(NotesContext);
  const problems = notes.problems.get(key) ?? [];
  const warnings = notes.warnings.get(key) ?? [];
  const id = controlId(key);
  const describedBy = [problems.length ? `${id}-problem` : '', warnings.length ? `${id}-warning` : ''].filter(Boolean).join(' ') || undefined;
  const view = (
    <>
      {problems.length > 0 && (
        <span className="setup-problem" id={`${id}-problem`} data-field={key}>
          {problems.map((p) => p.message).join('; ')}
        </span>
      )}
      {warnings.length > 0 && (
        <span className="setup-warning" id={`${id}-warning`} data-field={key}>
          {warnings.map((w) => w.message).join('; ')}
        </span>
      )}
    </>
  );
  return { id, invalid: problems.length > 0, describedBy, view };
}

/** Notes of a group (a problem at a field the form has no control for lands here). */
function GroupNotes({ k }: { k: string }) {
  return useNotes(k).view;
}

interface TextControlProps {
  k: string;
  label: ReactNode;
  value: unknown;
  onCommit: (value: unknown) => void;
  placeholder?: string;
  /** How typed text becomes the JSON value, and back. */
  fromText?: (text: string) => unknown;
  toText?: (value: unknown) => string;
  numeric?: boolean;
  hint?: ReactNode;
}

/** A text box over one JSON field. */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** How long typing pauses before a text box's value goes into the JSON (and the checks run): one check per burst. */
export const COMMIT_AFTER_MS = 250;

function TextControl({
  k,
  label,
  value,
  onCommit,
  placeholder,
  fromText = (t) => (t === '' ? undefined : t),
  toText = textOfValue,
  numeric,
  hint,
}: TextControlProps) {
  const notes = useNotes(k);
  // What is typed shows at once and goes into the JSON when typing pauses (or the box loses the focus). The box
  // keeps showing the typed text while it still reads as the JSON's value (`2e-4` stays `2e-4`, not `0.0002`).
  const [draft, setDraft] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; commit: () => void } | null>(null);
  const flush = () => {
    if (!pending.current) return;
    clearTimeout(pending.current.timer);
    pending.current.commit();
    pending.current = null;
  };
  useEffect(() => () => clearTimeout(pending.current?.timer), []);
  const shown = draft !== null && (focused || same(fromText(draft), value)) ? draft : toText(value);
  return (
    <div className="setup-field">
      <label htmlFor={notes.id}>{label}</label>
      <input
        id={notes.id}
        type="text"
        inputMode={numeric ? 'decimal' : undefined}
        spellCheck={false}
        autoComplete="off"
        value={shown}
        placeholder={placeholder}
        aria-invalid={notes.invalid || undefined}
        aria-describedby={notes.describedBy}
        onFocus={() => {
          setFocused(true);
          setDraft(toText(value));
        }}
        onBlur={() => {
          flush();
          setFocused(false);
        }}
        onKeyDown={(e) => e.key === 'Enter' && flush()}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          if (pending.current) clearTimeout(pending.current.timer);
          const commit = () => onCommit(fromText(text));
          pending.current = { commit, timer: setTimeout(flush, COMMIT_AFTER_MS) };
        }}
      />
      {hint && <span className="setup-hint">{hint}</span>}
      {notes.view}
    </div>
  );
}

function NumberControl(props: Omit<TextControlProps, 'fromText' | 'toText' | 'numeric'>) {
  return <TextControl {...props} numeric fromText={numberFromText} toText={textOfValue} />;
}

function SelectControl({
  k,
  label,
  value,
  options,
  onCommit,
}: {
  k: string;
  label: ReactNode;
  value: unknown;
  options: readonly (string | { value: string; label: string })[];
  onCommit: (value: string) => void;
}) {
  const notes = useNotes(k);
  const list = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  const current = typeof value === 'string' ? value : '';
  return (
    <div className="setup-field">
      <label htmlFor={notes.id}>{label}</label>
      <select
        id={notes.id}
        value={current}
        aria-invalid={notes.invalid || undefined}
        aria-describedby={notes.describedBy}
        onChange={(e) => onCommit(e.target.value)}
      >
        {!list.some((o) => o.value === current) && <option value={current}>{current === '' ? '—' : `${current} (unknown)`}</option>}
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {notes.view}
    </div>
  );
}

function CheckControl({
  k,
  label,
  value,
  onCommit,
  placeholder,
}: {
  k: string;
  label: ReactNode;
  value: unknown;
  onCommit: (value: boolean) => void;
  placeholder: boolean;
}) {
  const notes = useNotes(k);
  return (
    <div className="setup-field setup-check">
      <input
        id={notes.id}
        type="checkbox"
        checked={typeof value === 'boolean' ? value : placeholder}
        aria-invalid={notes.invalid || undefined}
        aria-describedby={notes.describedBy}
        onChange={(e) => onCommit(e.target.checked)}
      />
      <label htmlFor={notes.id}>{label}</label>
      {notes.view}
    </div>
  );
}

const SETTING_LABELS: Record<string, string> = { beta1: 'β1', beta2: 'β2', eps: 'ε' };
const MODEL_KINDS = [
  { value: 'random', label: 'random init (family and size below)' },
  { value: 'hub', label: 'Hugging Face Hub' },
  { value: 'local', label: 'local folder' },
];
const MODEL_TEMPLATES: Record<string, () => object> = {
  random: () => ({ ...TINY_RANDOM_BERT }),
  hub: () => ({ kind: 'hub', id: '', revision: 'main' }),
  local: () => ({ kind: 'local', path: '' }),
};
const TRAINING_LOCATION_LABELS: Record<string, string> = { bundled: 'path under the lab’s data', url: 'URL', file: 'file name (pick it below)' };
const BUNDLED_SETS: Record<string, string> = { dl19: 'TREC DL 2019', dl20: 'TREC DL 2020' };
const fmt = (x: number) => Number(x.toPrecision(3)).toString();

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
  const editExperiment = (update: (experiment: unknown) => unknown) => onEdit((doc) => setAt(doc, root, update(getAt(doc, root))));
  const set = (path: FieldPath, value: unknown) => editExperiment((e) => setAt(e, path, value));
  // Lists left out of the JSON show the schema's defaults; the first edit writes the whole list out.
  const editArms = (update: (arms: unknown[], experiment: unknown) => unknown) => editExperiment((e) => setAt(e, ['arms'], update(shownArms(e), e)));
  const setArm = (i: number, path: FieldPath, value: unknown) => editArms((list) => setAt(list, [i, ...path], value));
  const setEvalSet = (i: number, path: FieldPath, value: unknown) =>
    editExperiment((e) => setAt(e, ['evalSets'], setAt(shownEvalSets(e), [i, ...path], value)));
  const at = (path: FieldPath) => getAt(experiment, path);
  const headingId = useId();
  // A model of another kind, kept while this one is edited, so switching back restores it.
  const stash = useRef<Record<string, unknown>>({});

  const model = at(['model']);
  const modelKind = at(['model', 'kind']);
  const architecture = at(['model', 'architecture']);
  const trainingSource = String(at(['trainingData', 'source']) ?? '');
  const evalSets = shownEvalSets(experiment);
  const arms = shownArms(experiment);
  const armNames = arms.map(armNameOf).filter((n): n is string => n !== null);
  const baseline = at(['baselineArm']);
  const resolvedArm = (i: number) => resolved?.arms[i];
  const resolvedSet = (i: number) => resolved?.evalSets[i];

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

          {!sweepBase && (
            <fieldset>
              <legend>Model{parameters !== null ? ` (${parameters.toLocaleString('en')} parameters)` : ''}</legend>
              <GroupNotes k="model" />
              <SelectControl
                k="model.kind"
                label="source"
                value={modelKind}
                options={MODEL_KINDS}
                onCommit={(kind) => {
                  if (typeof modelKind === 'string') stash.current[modelKind] = model;
                  set(['model'], stash.current[kind] ?? MODEL_TEMPLATES[kind]?.());
                }}
              />
              {modelKind === 'random' && (
                <>
                  <SelectControl
                    k="model.architecture"
                    label="family"
                    value={architecture}
                    options={MODEL_ARCHITECTURES.map((a) => ({ value: a, label: { bert: 'BERT / MiniLM', gte: 'GTE', modernbert: 'ModernBERT' }[a] }))}
                    onCommit={(family) => {
                      // Fields of the old family only would be refused by the schema: drop them.
                      const foreign = Object.values(ARCHITECTURE_FIELDS)
                        .flat()
                        .filter((f) => !ARCHITECTURE_FIELDS[family as keyof typeof ARCHITECTURE_FIELDS]?.includes(f));
                      editExperiment((e) =>
                        setAt(e, ['model'], {
                          ...Object.fromEntries(Object.entries((getAt(e, ['model']) ?? {}) as object).filter(([key]) => !foreign.includes(key))),
                          architecture: family,
                        }),
                      );
                    }}
                  />
                  <div className="setup-grid">
                    {MODEL_SIZE_FIELDS.map((field) => (
                      <NumberControl key={field} k={`model.${field}`} label={field} value={at(['model', field])} onCommit={(v) => set(['model', field], v)} />
                    ))}
                  </div>
                </>
              )}
              {modelKind === 'hub' && (
                <>
                  <TextControl
                    k="model.id"
                    label="Hub id"
                    value={at(['model', 'id'])}
                    placeholder="microsoft/MiniLM-L12-H384-uncased"
                    onCommit={(v) => set(['model', 'id'], v)}
                  />
                  <TextControl
                    k="model.revision"
                    label="revision (pin a commit)"
                    value={at(['model', 'revision'])}
                    placeholder="main"
                    onCommit={(v) => set(['model', 'revision'], v)}
                  />
                </>
              )}
              {modelKind === 'local' && (
                <TextControl
                  k="model.path"
                  label="local folder (its name)"
                  value={at(['model', 'path'])}
                  hint="pick or drop the folder below"
                  onCommit={(v) => set(['model', 'path'], v)}
                />
              )}
            </fieldset>
          )}

          <fieldset>
            <legend>Training data</legend>
            <GroupNotes k="trainingData" />
            <SelectControl
              k="trainingData.source"
              label="source"
              value={trainingSource}
              options={['bundled', 'url', 'file']}
              onCommit={(source) => {
                editExperiment((e) => {
                  const common = Object.entries((getAt(e, ['trainingData']) ?? {}) as object).filter(
                    ([key]) => !['source', 'path', 'url', 'name'].includes(key),
                  );
                  return setAt(e, ['trainingData'], { source, [TRAINING_LOCATION[source]]: '', ...Object.fromEntries(common) });
                });
              }}
            />
            {TRAINING_LOCATION[trainingSource] && (
              <TextControl
                k={`trainingData.${TRAINING_LOCATION[trainingSource]}`}
                label={TRAINING_LOCATION_LABELS[trainingSource]}
                value={at(['trainingData', TRAINING_LOCATION[trainingSource]])}
                onCommit={(v) => set(['trainingData', TRAINING_LOCATION[trainingSource]], v)}
              />
            )}
            <div className="setup-grid">
              <SelectControl
                k="trainingData.format"
                label="format"
                value={at(['trainingData', 'format'])}
                options={[
                  { value: 'triples', label: 'triples (query, positive, negative)' },
                  { value: 'pairs', label: 'pairs (query, passage, label)' },
                ]}
                onCommit={(v) => set(['trainingData', 'format'], v)}
              />
              <SelectControl
                k="trainingData.encoding"
                label="encoding"
                value={at(['trainingData', 'encoding']) ?? 'tsv'}
                options={['tsv', 'jsonl']}
                onCommit={(v) => set(['trainingData', 'encoding'], v)}
              />
              <NumberControl
                k="trainingData.shuffleBuffer"
                label="shuffle buffer"
                value={at(['trainingData', 'shuffleBuffer'])}
                placeholder="10000"
                onCommit={(v) => set(['trainingData', 'shuffleBuffer'], v)}
              />
            </div>
          </fieldset>

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

          <fieldset>
            <legend>Arms (optimizers)</legend>
            <GroupNotes k="arms" />
            {arms.map((arm, i) => {
              const optimizer = getAt(arm, ['optimizer']);
              const descriptor = isOptimizerName(optimizer) ? optimizerDescriptor(optimizer) : null;
              const name = armNameOf(arm) ?? `arm ${i + 1}`;
              const advised = advisedLrWd(optimizer, arms);
              const applied = advised !== null && getAt(arm, ['lr']) === advised.lr && getAt(arm, ['weightDecay']) === advised.weightDecay;
              const schedule = getAt(arm, ['schedule']);
              // The schema's default schedule, written out when first edited (a bare `{ kind }` would mean no warmup).
              const setSchedule = (field: string, value: unknown) =>
                editArms((list) =>
                  setAt(list, [i, 'schedule'], setAt(getAt(list, [i, 'schedule']) ?? { kind: 'linear', warmupFraction: 0.1 }, [field], value)),
                );
              return (
                <fieldset key={i} className="setup-item" data-arm={name}>
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
            })}
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
              options={[{ value: '', label: 'default: the first AdamW arm' }, ...armNames.map((n) => ({ value: n, label: n }))]}
              onCommit={(v) => set(['baselineArm'], v === '' ? undefined : v)}
            />
          </fieldset>

          <fieldset>
            <legend>Training run (the same for every arm)</legend>
            <div className="setup-grid">
              <NumberControl k="batchSize" label="batch size" value={at(['batchSize'])} placeholder="32" onCommit={(v) => set(['batchSize'], v)} />
              <NumberControl
                k="steps"
                label="steps"
                value={at(['steps'])}
                placeholder={at(['epochs']) === undefined ? 'give steps or epochs' : undefined}
                onCommit={(v) => set(['steps'], v)}
              />
              <NumberControl k="epochs" label="epochs (instead of steps)" value={at(['epochs'])} onCommit={(v) => set(['epochs'], v)} />
              <NumberControl k="maxLength" label="max length (tokens)" value={at(['maxLength'])} placeholder="256" onCommit={(v) => set(['maxLength'], v)} />
              <SelectControl
                k="loss.kind"
                label="loss"
                value={typeof at(['loss']) === 'string' ? at(['loss']) : (at(['loss', 'kind']) ?? 'bce')}
                options={['bce', 'listwise', 'ranknet']}
                onCommit={(v) =>
                  editExperiment((e) => setAt(e, ['loss'], setAt(typeof getAt(e, ['loss']) === 'object' ? getAt(e, ['loss']) : {}, ['kind'], v)))
                }
              />
              <TextControl
                k="seeds"
                label="seeds"
                value={at(['seeds'])}
                placeholder="1, 2, 3"
                fromText={(t) => listFromText(t)}
                toText={textOfList}
                onCommit={(v) => set(['seeds'], v)}
              />
              <NumberControl
                k="evaluateEvery"
                label="evaluate every (steps; 0: at the end)"
                value={at(['evaluateEvery'])}
                placeholder="0"
                onCommit={(v) => set(['evaluateEvery'], v)}
              />
              <CheckControl
                k="evaluateAtStart"
                label="also evaluate before the first step"
                value={at(['evaluateAtStart'])}
                placeholder={false}
                onCommit={(v) => set(['evaluateAtStart'], v)}
              />
              <NumberControl
                k="checkpointEvery"
                label="checkpoint every (steps; 0: never)"
                value={at(['checkpointEvery'])}
                placeholder="100"
                onCommit={(v) => set(['checkpointEvery'], v)}
              />
            </div>
          </fieldset>
        </fieldset>
      </form>
    </NotesContext.Provider>
  );
}

/** Memoised: the page re-renders every second while it runs; the form only when its inputs change. */
export const SetupForm = memo(SetupFormView);
