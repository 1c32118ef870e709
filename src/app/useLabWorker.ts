import { useEffect, useRef, useState } from 'react';
import type { AdapterFacts } from '../gpu/device';
import type { SmokeCheck } from '../gpu/smoke/saxpy';
import type { WorkerCommand, WorkerEvent } from '../train/protocol';

export type SmokeState =
  | { status: 'starting' }
  | { status: 'running'; facts: AdapterFacts }
  | { status: 'done'; facts: AdapterFacts; check: SmokeCheck; ms: number }
  | { status: 'error'; message: string; facts?: AdapterFacts };

/** Starts the lab worker, asks it to run the smoke kernel once and tracks what it reports. */
export function useSmokeCheck(n = 1000, a = 2.5): SmokeState {
  const [state, setState] = useState<SmokeState>({ status: 'starting' });
  const facts = useRef<AdapterFacts | undefined>(undefined);
  useEffect(() => {
    const worker = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' });
    worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
      const event = message.data;
      if (event.type === 'adapter') {
        facts.current = event.facts;
        setState((s) => (s.status === 'starting' ? { status: 'running', facts: event.facts } : s));
      } else if (event.type === 'smoke-result') {
        setState({ status: 'done', facts: facts.current!, check: event.check, ms: event.ms });
      } else if (event.type === 'error') {
        setState({ status: 'error', message: event.message, facts: facts.current });
      }
    };
    worker.onerror = (event) => setState({ status: 'error', message: `The lab worker failed to start: ${event.message}` });
    worker.postMessage({ type: 'smoke', n, a } satisfies WorkerCommand);
    return () => worker.terminate();
  }, [n, a]);
  return state;
}
