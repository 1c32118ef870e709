/**
 * The Hub loader against a local node:http server that serves fixtures/golden/tiny-bert under the Hub's
 * URL layout (/{id}/resolve/{revision}/{file}); it counts requests so cache hits are visible.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedPath } from '../testing/shared';
import { HubError, fetchHubFile, hubFileUrl, loadHubModel, memoryHubCache } from './hub';
import type { HubProgress } from './hub';

const tinyBert = (file: string) => readFileSync(sharedPath('golden/tiny-bert', file));
const files = {
  'config.json': tinyBert('config.json'),
  'model.safetensors': tinyBert('model.safetensors'),
};
const vocab = readFileSync(sharedPath('data/bert/bert-base-uncased-vocab.txt'));
const tokenizerJson = Buffer.from(gunzipSync(readFileSync(sharedPath('data/bert/bert-base-uncased.tokenizer.json.gz'))));

// model id → files it has
const repos: Record<string, Record<string, Buffer>> = {
  'test-org/tiny-bert': { ...files, 'vocab.txt': vocab },
  'test-org/tiny-bert-tj': { ...files, 'tokenizer.json': tokenizerJson, 'vocab.txt': vocab },
  'test-org/no-tokenizer': { ...files },
};
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

const requests = new Map<string, number>();
let baseUrl = '';
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  requests.set(path, (requests.get(path) ?? 0) + 1);
  const m = /^\/(.+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
  if (m && m[1] === 'test-org/cut-short') {
    // promises 1000 bytes more than it sends, then drops the connection
    const body = files['config.json'];
    res.writeHead(200, { 'content-length': String(body.length + 1000) });
    res.write(body);
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  const repo = m ? repos[m[1]!] : undefined;
  const body = repo && (m![2] === 'main' || m![2] === COMMIT) ? repo[m![3]!] : undefined;
  if (!body) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Entry not found');
    return;
  }
  if (m![1] === 'test-org/tiny-bert' && m![2] === COMMIT) {
    // no Content-Length: chunked transfer, total unknown
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    for (let i = 0; i < body.length; i += 65536) res.write(body.subarray(i, i + 65536));
    res.end();
    return;
  }
  res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
  res.end(body);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const countFor = (id: string, rev: string, file: string) => requests.get(`/${id}/resolve/${rev}/${file}`) ?? 0;

describe('hubFileUrl', () => {
  it('builds the Hub resolve URL', () => {
    expect(hubFileUrl('cross-encoder/ms-marco-MiniLM-L-6-v2', 'config.json')).toBe(
      'https://huggingface.co/cross-encoder/ms-marco-MiniLM-L-6-v2/resolve/main/config.json',
    );
    expect(hubFileUrl('a/b', 'model.safetensors', 'refs/pr/1', 'http://h/')).toBe('http://h/a/b/resolve/refs%2Fpr%2F1/model.safetensors');
  });
});

describe('loadHubModel from a local server', () => {
  it('downloads config, weights and vocab.txt (no tokenizer.json) byte for byte, with progress, then hits the cache', async () => {
    const cache = memoryHubCache();
    const progress: HubProgress[] = [];
    const model = await loadHubModel('test-org/tiny-bert', { baseUrl, cache, onProgress: (p) => progress.push(p) });
    expect(Buffer.from(model.weights).equals(files['model.safetensors'])).toBe(true);
    expect(model.configText).toBe(files['config.json'].toString('utf8'));
    expect((model.config as { vocab_size: number }).vocab_size).toBe(30522);
    expect(model.tokenizer.file).toBe('vocab.txt');
    expect(model.tokenizer.text).toBe(vocab.toString('utf8'));
    expect(countFor('test-org/tiny-bert', 'main', 'tokenizer.json')).toBe(1); // tried first, 404

    const weightEvents = progress.filter((p) => p.file === 'model.safetensors');
    expect(weightEvents.length).toBeGreaterThan(2);
    expect(weightEvents.every((p) => p.total === files['model.safetensors'].length && !p.fromCache)).toBe(true);
    for (let i = 1; i < weightEvents.length; i++) expect(weightEvents[i]!.loaded).toBeGreaterThan(weightEvents[i - 1]!.loaded);
    expect(weightEvents.at(-1)!.loaded).toBe(files['model.safetensors'].length);

    const before = countFor('test-org/tiny-bert', 'main', 'model.safetensors');
    expect(before).toBe(1);
    const again: HubProgress[] = [];
    const second = await loadHubModel('test-org/tiny-bert', { baseUrl, cache, onProgress: (p) => again.push(p) });
    expect(countFor('test-org/tiny-bert', 'main', 'model.safetensors')).toBe(1);
    expect(countFor('test-org/tiny-bert', 'main', 'config.json')).toBe(1);
    expect(countFor('test-org/tiny-bert', 'main', 'vocab.txt')).toBe(1);
    expect(Buffer.from(second.weights).equals(files['model.safetensors'])).toBe(true);
    expect(again.filter((p) => p.file === 'model.safetensors')).toEqual([
      expect.objectContaining({ fromCache: true, loaded: files['model.safetensors'].length }),
    ]);
  });

  it('prefers tokenizer.json when the repository has it', async () => {
    const model = await loadHubModel('test-org/tiny-bert-tj', { baseUrl, cache: null });
    expect(model.tokenizer.file).toBe('tokenizer.json');
    expect(model.tokenizer.text).toBe(tokenizerJson.toString('utf8'));
    expect(countFor('test-org/tiny-bert-tj', 'main', 'vocab.txt')).toBe(0);
  });

  it('reports progress with an unknown total when there is no Content-Length', async () => {
    const progress: HubProgress[] = [];
    const bytes = await fetchHubFile('test-org/tiny-bert', 'model.safetensors', {
      baseUrl,
      revision: COMMIT,
      cache: null,
      onProgress: (p) => progress.push(p),
    });
    expect(Buffer.from(bytes).equals(files['model.safetensors'])).toBe(true);
    expect(progress.every((p) => p.total === null)).toBe(true);
    expect(progress.at(-1)!.loaded).toBe(files['model.safetensors'].length);
  });

  it('a cache that fails (quota exceeded, storage broken) does not stop the load', async () => {
    const broken = {
      get: async () => {
        throw new Error('storage broken');
      },
      put: async () => {
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      },
    };
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (message: string) => warnings.push(message);
    try {
      const bytes = await fetchHubFile('test-org/tiny-bert-tj', 'config.json', { baseUrl, cache: broken });
      expect(Buffer.from(bytes).equals(files['config.json'])).toBe(true);
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([expect.stringMatching(/not caching .*config\.json: quota exceeded/)]);
  });

  it('does not cache across revisions: the URL is the key', async () => {
    const cache = memoryHubCache();
    await fetchHubFile('test-org/tiny-bert-tj', 'config.json', { baseUrl, cache });
    await fetchHubFile('test-org/tiny-bert-tj', 'config.json', { baseUrl, cache, revision: COMMIT });
    expect(cache.entries.size).toBe(2);
  });
});

describe('errors', () => {
  it('404 names the file and the URL and suggests checking id and revision', async () => {
    const error = await fetchHubFile('test-org/tiny-bert', 'config.json', { baseUrl, revision: 'no-such-branch', cache: null }).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('config.json not found for test-org/tiny-bert@no-such-branch');
    expect(error.message).toContain(`${baseUrl}/test-org/tiny-bert/resolve/no-such-branch/config.json`);
    expect(error.message).toMatch(/Check the model id and revision/);
  });

  it('a repository with neither tokenizer file says so', async () => {
    await expect(loadHubModel('test-org/no-tokenizer', { baseUrl, cache: null })).rejects.toThrow(/neither tokenizer\.json nor vocab\.txt/);
  });

  it('a missing model id fails on config.json with a 404', async () => {
    await expect(loadHubModel('nobody/nothing', { baseUrl, cache: null })).rejects.toThrow(/config\.json not found for nobody\/nothing@main/);
  });

  it('a truncated download (Content-Length mismatch) is an error and is not cached', async () => {
    const cache = memoryHubCache();
    const error = await fetchHubFile('test-org/cut-short', 'config.json', { baseUrl, cache }).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.kind).toBe('truncated');
    expect(error.message).toContain(`got ${files['config.json'].length} of ${files['config.json'].length + 1000} bytes`);
    expect(cache.entries.size).toBe(0);
  });

  it('a short body that ends cleanly is caught by the length check', async () => {
    const shortBody = (async () => ({
      status: 200,
      ok: true,
      statusText: 'OK',
      headers: new Headers({ 'content-length': '20' }),
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(10));
          controller.close();
        },
      }),
    })) as unknown as typeof fetch;
    const error = await fetchHubFile('m/x', 'config.json', { baseUrl, cache: null, fetch: shortBody }).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/got 10 of 20 bytes \(Content-Length mismatch\)/);
  });

  it('offline or blocked (fetch throws TypeError) says so and what to do', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await fetchHubFile('test-org/tiny-bert', 'config.json', { baseUrl: `http://127.0.0.1:${port}`, cache: null }).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/offline, or the request was blocked \(CORS/);
    expect(error.message).toMatch(/open them from disk/);
  });
});
