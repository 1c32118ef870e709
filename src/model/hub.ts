/**
 * Model files from the Hugging Face Hub (`{baseUrl}/{modelId}/resolve/{revision}/{file}`), with progress,
 * a cache, and errors that say what went wrong and what to do.
 *
 * Cache: keyed by the full URL, so a pinned commit hash is immutable but a branch such as `main` keeps the
 * first copy it saw — pin a commit for reproducible runs (the resolved revision goes into the snapshot).
 * In the browser the cache is the Cache Storage API; tests inject an in-memory one.
 */

export const HUB_BASE_URL = 'https://huggingface.co';

export type HubErrorKind = 'not-found' | 'unauthorized' | 'http' | 'network' | 'truncated';

export class HubError extends Error {
  constructor(
    message: string,
    readonly kind: HubErrorKind,
    readonly file: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** What the loader needs from a cache: bytes by URL. */
export interface HubCache {
  get(url: string): Promise<Uint8Array | undefined>;
  put(url: string, bytes: Uint8Array): Promise<void>;
}

export function memoryHubCache(): HubCache & { entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    get: async (url) => entries.get(url),
    put: async (url, bytes) => {
      entries.set(url, bytes);
    },
  };
}

/** The browser's Cache Storage (also in workers), or null where it does not exist (Node, insecure origins). */
export async function browserHubCache(name = 'rerank-lab-hub-v1'): Promise<HubCache | null> {
  if (typeof caches === 'undefined') return null;
  let cache: Cache;
  try {
    cache = await caches.open(name);
  } catch {
    return null; // e.g. opaque origins, private modes that refuse Cache Storage
  }
  return {
    async get(url) {
      const hit = await cache.match(url);
      return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
    },
    async put(url, bytes) {
      const headers = { 'content-length': String(bytes.byteLength), 'content-type': 'application/octet-stream' };
      await cache.put(url, new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
    },
  };
}

export interface HubProgress {
  file: string;
  url: string;
  loaded: number;
  /** from Content-Length; null when the server did not send it */
  total: number | null;
  fromCache: boolean;
}

export interface HubOptions {
  revision?: string;
  baseUrl?: string;
  /** null disables caching; undefined uses Cache Storage when available */
  cache?: HubCache | null;
  onProgress?: (progress: HubProgress) => void;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export function hubFileUrl(modelId: string, file: string, revision = 'main', baseUrl = HUB_BASE_URL): string {
  const base = baseUrl.replace(/\/+$/, '');
  const id = modelId.split('/').map(encodeURIComponent).join('/');
  return `${base}/${id}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

async function resolveCache(opts: HubOptions): Promise<HubCache | null> {
  if (opts.cache !== undefined) return opts.cache;
  return browserHubCache();
}

/** One file's bytes, from the cache or the network. */
export async function fetchHubFile(modelId: string, file: string, opts: HubOptions = {}): Promise<Uint8Array> {
  const revision = opts.revision ?? 'main';
  const url = hubFileUrl(modelId, file, revision, opts.baseUrl);
  const cache = await resolveCache(opts);
  // the cache only saves time: a broken or full cache must never stop a load
  const cached = await cache?.get(url).catch(() => undefined);
  if (cached) {
    opts.onProgress?.({ file, url, loaded: cached.byteLength, total: cached.byteLength, fromCache: true });
    return cached;
  }
  const where = `${modelId}@${revision}`;
  const doFetch = opts.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, { signal: opts.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new HubError(
      `could not download ${file} from ${url}: the network request failed (${(error as Error).message}). ` +
        'You are offline, or the request was blocked (CORS, a proxy, a content blocker or a firewall). ' +
        'Check your connection; if it works, download the model files yourself and open them from disk.',
      'network',
      file,
      url,
    );
  }
  if (response.status === 404) {
    throw new HubError(
      `${file} not found for ${where} (HTTP 404 at ${url}). Check the model id and revision; ` + `the repository may not have ${file}.`,
      'not-found',
      file,
      url,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new HubError(
      `${file} for ${where} was refused (HTTP ${response.status} at ${url}). The Hub answers this for ` +
        'private or gated repositories and for ids that do not exist: check the model id, or download the files yourself.',
      'unauthorized',
      file,
      url,
    );
  }
  if (!response.ok) {
    throw new HubError(`${file} for ${where}: HTTP ${response.status} ${response.statusText} at ${url}`, 'http', file, url);
  }
  const bytes = await readBody(response, file, url, opts.onProgress);
  await cache?.put(url, bytes).catch((error: unknown) => {
    console.warn(`not caching ${url}: ${(error as Error).message}`);
  });
  return bytes;
}

async function readBody(response: Response, file: string, url: string, onProgress?: (p: HubProgress) => void): Promise<Uint8Array> {
  const lengthHeader = response.headers.get('content-length');
  // With Content-Encoding the header counts compressed bytes while we read decoded ones: no length check.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = lengthHeader !== null && !encoded && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const truncated = (detail: string) =>
    new HubError(
      `${file} download from ${url} was cut short: got ${loaded} of ${total ?? 'unknown'} bytes (${detail}). ` +
        'The connection dropped or a proxy truncated it; try again.',
      'truncated',
      file,
      url,
    );
  onProgress?.({ file, url, loaded: 0, total, fromCache: false });
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        if (total !== null && loaded < total) throw truncated((error as Error).message);
        throw new HubError(
          `${file} download from ${url} failed after ${loaded} bytes: ${(error as Error).message}. Check your connection and try again.`,
          'network',
          file,
          url,
        );
      }
      if (result.done) break;
      chunks.push(result.value);
      loaded += result.value.byteLength;
      onProgress?.({ file, url, loaded, total, fromCache: false });
    }
  }
  if (total !== null && loaded !== total) throw truncated('Content-Length mismatch');
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export type HubTokenizerFile = { file: 'tokenizer.json'; text: string } | { file: 'vocab.txt'; text: string };

export interface HubModelFiles {
  modelId: string;
  revision: string;
  config: unknown;
  configText: string;
  weights: Uint8Array;
  tokenizer: HubTokenizerFile;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** config.json, model.safetensors and the tokenizer (tokenizer.json, else vocab.txt). */
export async function loadHubModel(modelId: string, opts: HubOptions = {}): Promise<HubModelFiles> {
  const revision = opts.revision ?? 'main';
  const cache = await resolveCache(opts);
  const withCache = { ...opts, cache };
  const configText = utf8.decode(await fetchHubFile(modelId, 'config.json', withCache));
  let config: unknown;
  try {
    config = JSON.parse(configText);
  } catch (error) {
    throw new Error(`config.json of ${modelId}@${revision} is not valid JSON: ${(error as Error).message}`);
  }
  const tokenizer = await loadTokenizerFile(modelId, withCache);
  const weights = await fetchHubFile(modelId, 'model.safetensors', withCache);
  return { modelId, revision, config, configText, weights, tokenizer };
}

async function loadTokenizerFile(modelId: string, opts: HubOptions): Promise<HubTokenizerFile> {
  try {
    return { file: 'tokenizer.json', text: utf8.decode(await fetchHubFile(modelId, 'tokenizer.json', opts)) };
  } catch (error) {
    if (!(error instanceof HubError && error.kind === 'not-found')) throw error;
  }
  try {
    return { file: 'vocab.txt', text: utf8.decode(await fetchHubFile(modelId, 'vocab.txt', opts)) };
  } catch (error) {
    if (error instanceof HubError && error.kind === 'not-found') {
      throw new HubError(
        `${modelId}@${opts.revision ?? 'main'} has neither tokenizer.json nor vocab.txt (both HTTP 404). Check the model id and revision.`,
        'not-found',
        'tokenizer.json',
        error.url,
      );
    }
    throw error;
  }
}
