/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The offline service worker (production builds only; see vite.config.ts) and the one line of UI it needs:
 * a new build never takes over by itself, the user reloads into it when no run is in the way.
 */
import { useSyncExternalStore } from 'react';
import { registerSW } from 'virtual:pwa-register';

type ServiceWorkerState = { kind: 'none' } | { kind: 'offline-ready' } | { kind: 'update-available'; reload: () => void } | { kind: 'failed'; message: string };

let current: ServiceWorkerState = { kind: 'none' };
const listeners = new Set<() => void>();
const publish = (next: ServiceWorkerState) => {
  current = next;
  listeners.forEach((listener) => listener());
};

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const update = registerSW({
    immediate: true,
    onOfflineReady: () => publish({ kind: 'offline-ready' }),
    onNeedRefresh: () => publish({ kind: 'update-available', reload: reloadInto }),
    // Workbox reloads by itself only in pages that were controlled when they registered; the reload below covers
    // every page, the first visit's included.
    onNeedReload: () => {},
    onRegisterError: (error: unknown) => publish({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  });
  /** Lets the waiting service worker take over, then reloads into the build it serves. */
  const reloadInto = () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    void update(true);
  };
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Above the lab's <main>, aligned with it. */
const BANNER = { maxWidth: 1100, margin: '0.5rem auto', boxSizing: 'border-box', padding: '0.5rem 1.5rem' } as const;

export function UpdatePrompt() {
  const state = useSyncExternalStore(subscribe, () => current);
  switch (state.kind) {
    case 'none':
      return null;
    case 'offline-ready':
      return (
        <p className="muted" role="status" data-testid="offline-ready" style={BANNER}>
          The lab and its demo data are stored in this browser: it opens and runs the Demo without a network from now on.
        </p>
      );
    case 'failed':
      return (
        <p className="muted" role="status" data-testid="offline-failed" style={BANNER}>
          Offline use is not available here ({state.message}); the lab works while online.
        </p>
      );
    case 'update-available':
      return (
        <div className="warning row" role="alert" data-testid="update-available" style={BANNER}>
          A new version of the lab is available. Reloading stops the runs in progress here; Resume continues them from their last checkpoint.
          <button type="button" onClick={state.reload}>
            Reload
          </button>
        </div>
      );
  }
}
