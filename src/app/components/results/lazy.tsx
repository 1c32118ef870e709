/**
 * The chart-heavy views, loaded on first use: Recharts stays out of the page's first paint. Each renders a short
 * "loading" line until its chunk is in. Same props as the components they wrap.
 *
 * Not React.lazy with Suspense: React reveals a suspended view in a "retry" render, the one priority it never
 * expires, so a page that updates every second or faster (a run's progress, its clock) interrupts that render again
 * and again; on a slow or busy machine, where rendering the results takes longer than the gap between updates, the
 * view stayed on its loading line for good (seen in the e2e layer under CPU load). The loaded component goes into
 * state instead, which React renders in one uninterrupted pass.
 */
import { useEffect, useState, type ComponentType } from 'react';
import type { Dashboard } from '../charts/Dashboard';
import type { SnapshotResults, SnapshotView } from './SnapshotResults';
import type { SweepResults } from './SweepResults';
import type { TuningResults } from './TuningResults';

export function loadedOnUse<P extends object>(what: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const get = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // a later mount tries again
        throw error;
      },
    ));
  function LoadedOnUse(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failure, setFailure] = useState<string | null>(null);
    useEffect(() => {
      if (Component) return;
      let mounted = true;
      get().then(
        (component) => mounted && setComponent(() => component),
        (error: unknown) => mounted && setFailure(error instanceof Error ? error.message : String(error)),
      );
      return () => {
        mounted = false;
      };
    }, [Component]);
    if (failure)
      return (
        <p className="error" role="alert">
          The {what} could not be loaded ({failure}). Reload the page to try again; nothing stored is lost.
        </p>
      );
    if (!Component)
      return (
        <p className="muted" role="status">
          Loading the {what}…
        </p>
      );
    return <Component {...props} />;
  }
  LoadedOnUse.displayName = `LoadedOnUse(${what})`;
  return LoadedOnUse;
}

export const LazyDashboard = loadedOnUse<Parameters<typeof Dashboard>[0]>('charts', () => import('../charts/Dashboard').then((m) => m.Dashboard));
export const LazySnapshotResults = loadedOnUse<Parameters<typeof SnapshotResults>[0]>('results', () =>
  import('./SnapshotResults').then((m) => m.SnapshotResults),
);
/** A snapshot's dashboard and results, for the read-only viewer. */
export const LazySnapshotView = loadedOnUse<Parameters<typeof SnapshotView>[0]>('snapshot views', () =>
  import('./SnapshotResults').then((m) => m.SnapshotView),
);
export const LazySweepResults = loadedOnUse<Parameters<typeof SweepResults>[0]>('sweep view', () => import('./SweepResults').then((m) => m.SweepResults));
/** A tuning study's sensitivity plot and time-to-target table. */
export const LazyTuningResults = loadedOnUse<Parameters<typeof TuningResults>[0]>('tuning study view', () =>
  import('./TuningResults').then((m) => m.TuningResults),
);
