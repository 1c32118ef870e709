/** The form's controls, each over one JSON field: a text box (and a number box), a select and a checkbox. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { numberFromText, textOfValue } from '../../../core/experiment';
import { useNotes } from './notes';

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

export function TextControl({
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

export function NumberControl(props: Omit<TextControlProps, 'fromText' | 'toText' | 'numeric'>) {
  return <TextControl {...props} numeric fromText={numberFromText} toText={textOfValue} />;
}

export function SelectControl({
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

export function CheckControl({
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
