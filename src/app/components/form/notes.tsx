/** The validator's problems and the honesty warnings of the form, by control: each control shows its own and is described by them. */
import { createContext, useContext } from 'react';

/** A control's DOM id from its field path (`arms[1].lr` → `setup-arms-1-lr`). */
export function controlId(key: string): string {
  return `setup-${key.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}

export interface Notes {
  problems: ReadonlyMap<string | null, readonly { message: string }[]>;
  warnings: ReadonlyMap<string | null, readonly { message: string }[]>;
}
export const NotesContext = createContext<Notes>({ problems: new Map(), warnings: new Map() });

/** The problems and warnings of one control, and the ids that describe it. */
export function useNotes(key: string) {
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
export function GroupNotes({ k }: { k: string }) {
  return useNotes(k).view;
}
