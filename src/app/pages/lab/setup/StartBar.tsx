import type { Parsed } from './parseConfig';

export interface StartBarProps {
  parsed: Parsed;
  /** Runs the config expands to. */
  runs: number;
  hash: string | null;
  preflightMessage: string | null;
  limitProblems: readonly { message: string }[];
  checking: boolean;
  disabled: boolean;
  onStart: () => void;
}

/** Whether the config is valid, and Start, stay in view at the foot of the setup column however far it scrolls. */
export function StartBar({ parsed, runs, hash, preflightMessage, limitProblems, checking, disabled, onStart }: StartBarProps) {
  return (
    <div className="start-bar" data-testid="start-bar">
      {parsed.error !== null ? (
        <pre className="error" role="alert" data-testid="config-error">
          {parsed.error}
        </pre>
      ) : (
        <p className="ok" data-testid="config-ok">
          Valid
          {parsed.kind === 'sweep'
            ? ` sweep of ${parsed.experiments.length} experiments (${parsed.experiments.map((e) => e.id.split('/').pop()).join(', ')}), each`
            : parsed.kind === 'tuning'
              ? ` tuning study: ${parsed.expanded.study.budget} trials per optimizer on ${parsed.config.evalSets[0].name}, then the best of each with ${parsed.expanded.study.finalSeeds.length} seeds on ${parsed.expanded.study.testSets.map((t) => String(t.name)).join(', ')}; the trials`
              : ''}
          : {runs} runs ({parsed.config.arms.length} arms × {parsed.config.seeds.length} seeds), {parsed.config.steps ?? '?'} steps each, batch{' '}
          {parsed.config.batchSize}; config hash {hash ? <code>{hash.slice(0, 12)}</code> : '…'}
        </p>
      )}
      {preflightMessage !== null && (
        <pre className="error" role="alert" data-testid="preflight-error">
          {preflightMessage}
        </pre>
      )}
      {limitProblems.length > 0 && (
        <ul className="error" role="alert" data-testid="memory-refusal">
          {limitProblems.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
      )}
      <button type="button" disabled={disabled} onClick={onStart}>
        {checking ? 'Checking…' : parsed.kind === 'sweep' ? 'Start sweep' : parsed.kind === 'tuning' ? 'Start tuning study' : 'Start experiment'}
      </button>
    </div>
  );
}
