import type { FormRoot, HonestyWarning } from '../../../../core/experiment';
import { SetupForm } from '../../../components/form/SetupForm';
import type { Parsed } from './parseConfig';

export interface ConfigColumnsProps {
  parsed: Parsed;
  text: string;
  onText: (text: string) => void;
  formDocument: unknown;
  formRoot: FormRoot;
  onFormEdit: (update: (document: unknown) => unknown) => void;
  warnings: readonly HonestyWarning[];
  advice: readonly string[];
  parameters: number | null;
}

/** The form beside the JSON editor, over the same config: the form (or why there is none), then the JSON with its advice and warnings. */
export function ConfigColumns({ parsed, text, onText, formDocument, formRoot, onFormEdit, warnings, advice, parameters }: ConfigColumnsProps) {
  return (
    <div className="setup-columns">
      {formRoot.kind === 'unsupported' ? (
        <p className="muted" data-testid="setup-form-unsupported">
          No form for this config: {formRoot.reason}.
        </p>
      ) : (
        <div>
          {parsed.document === undefined && (
            <p className="muted" data-testid="setup-form-paused">
              The JSON is not valid JSON: the form shows the last valid text, read-only, until it is fixed.
            </p>
          )}
          <SetupForm
            document={formDocument}
            onEdit={onFormEdit}
            root={formRoot.root}
            problems={parsed.problems}
            warnings={warnings}
            resolved={parsed.config}
            parameters={parameters}
            readOnly={parsed.document === undefined}
          />
        </div>
      )}
      <div className="setup-json">
        <label htmlFor="experiment-config-json" className="muted">
          JSON (everything, including what the form does not show)
        </label>
        <textarea
          id="experiment-config-json"
          className="config"
          spellCheck={false}
          value={text}
          onChange={(e) => onText(e.target.value)}
          aria-label="experiment config (JSON)"
          rows={18}
        />
        {advice.map((line) => (
          <p className="advice" key={line}>
            {line}
          </p>
        ))}
        {warnings.length > 0 && (
          <ul className="warnings" data-testid="honesty-warnings">
            {warnings.map((w) => (
              <li key={`${w.code}-${w.field}`}>
                <code>{w.field}</code>: {w.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
