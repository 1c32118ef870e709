/**
 * The chart-heavy views, loaded on first use: Recharts stays out of the page's first paint. Each renders
 * a short "loading" line until its chunk is in. Same props as the components they wrap.
 */
import { lazy, Suspense, type ComponentProps } from 'react';

const Dashboard = lazy(() => import('../charts/Dashboard').then((m) => ({ default: m.Dashboard })));
const SnapshotResults = lazy(() => import('./SnapshotResults').then((m) => ({ default: m.SnapshotResults })));
const SnapshotView = lazy(() => import('./SnapshotResults').then((m) => ({ default: m.SnapshotView })));
const SweepResults = lazy(() => import('./SweepResults').then((m) => ({ default: m.SweepResults })));

const loading = (what: string) => (
  <p className="muted" role="status">
    Loading the {what}…
  </p>
);

export function LazyDashboard(props: ComponentProps<typeof Dashboard>) {
  return (
    <Suspense fallback={loading('charts')}>
      <Dashboard {...props} />
    </Suspense>
  );
}

export function LazySnapshotResults(props: ComponentProps<typeof SnapshotResults>) {
  return (
    <Suspense fallback={loading('results')}>
      <SnapshotResults {...props} />
    </Suspense>
  );
}

/** A snapshot's dashboard and results, for the read-only viewer. */
export function LazySnapshotView(props: ComponentProps<typeof SnapshotView>) {
  return (
    <Suspense fallback={loading('snapshot views')}>
      <SnapshotView {...props} />
    </Suspense>
  );
}

export function LazySweepResults(props: ComponentProps<typeof SweepResults>) {
  return (
    <Suspense fallback={loading('sweep view')}>
      <SweepResults {...props} />
    </Suspense>
  );
}

const TuningResults = lazy(() => import('./TuningResults').then((m) => ({ default: m.TuningResults })));

/** A tuning study's sensitivity plot and time-to-target table. */
export function LazyTuningResults(props: ComponentProps<typeof TuningResults>) {
  return (
    <Suspense fallback={loading('tuning study view')}>
      <TuningResults {...props} />
    </Suspense>
  );
}
