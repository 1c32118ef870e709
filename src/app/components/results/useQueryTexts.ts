import { useEffect, useState } from 'react';
import type { FileRef } from '../../../core/experiment/schema';
import { parseTopics, type Topics } from '../../../core/trec';

/**
 * Query texts for the scatter's hover, from the eval sets' topic files when the lab bundles them (the page's
 * own files; nothing else is fetched). Others show the qid only.
 */
const BUNDLED_DATA_PATH = /^data\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function useQueryTexts(evalSets: readonly { name: string; topics: FileRef }[]): Record<string, Topics> {
  const [texts, setTexts] = useState<Record<string, Topics>>({});
  const key = evalSets.map((e) => `${e.name}=${e.topics.source}:${'path' in e.topics ? e.topics.path : ''}`).join('|');
  useEffect(() => {
    let cancelled = false;
    const base = import.meta.env.BASE_URL;
    for (const set of evalSets) {
      if (set.topics.source !== 'bundled') continue;
      const path = set.topics.path;
      // a snapshot is untrusted: only a plain file name under the lab's own data/ folder is fetched
      if (!BUNDLED_DATA_PATH.test(path)) continue;
      fetch(`${base}${path}`)
        .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`${path}: HTTP ${response.status}`))))
        .then((text) => !cancelled && setTexts((t) => ({ ...t, [set.name]: parseTopics(text, path) })))
        .catch(() => undefined); // the qid is shown instead
    }
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return texts;
}
