// @vitest-environment jsdom
/**
 * A view loaded on first use appears even while the page updates faster than the view renders. Under React.lazy it
 * waited for a retry render, which React time-slices and never expires: every update interrupted it and the view
 * stayed on its loading line for good (tried with React.lazy in place of loadedOnUse below: 0 commits in 3 s).
 */
import { createElement, useEffect, useState, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { loadedOnUse } from './lazy';

/** 40 parts of 5 ms of work each: React can yield between them, as it does with a real chart's many elements. */
function Part() {
  const until = performance.now() + 5;
  while (performance.now() < until);
  return createElement('i');
}
function SlowView() {
  return createElement('div', { id: 'slow' }, ...Array.from({ length: 40 }, (_, i) => createElement(Part, { key: i })));
}

/** Re-renders itself every 10 ms, like a run's progress and clock. */
function Ticker({ children }: { children: unknown }) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 10);
    return () => clearInterval(timer);
  }, []);
  return children as never;
}

describe('a view loaded on first use', () => {
  it('commits while the page updates faster than it renders', async () => {
    const View = loadedOnUse<object>('test view', () => Promise.resolve(SlowView as ComponentType<object>));
    const container = document.createElement('div');
    const root = createRoot(container);
    root.render(createElement(Ticker, null, createElement(View)));
    const until = async (done: () => boolean) => {
      const deadline = performance.now() + 3000;
      while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(() => container.textContent !== '');
    const first = container.textContent;
    const deadline = performance.now() + 3000;
    while (!container.querySelector('#slow') && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first).toBe('Loading the test view…');
    expect(container.querySelector('#slow')?.childElementCount).toBe(40);
    root.unmount();
  });
});
