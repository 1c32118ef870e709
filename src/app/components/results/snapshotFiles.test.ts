import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importSnapshot } from '../../../core/snapshot/io';
import { readSharedBytes } from '../../../testing/shared';
import { trecRunFiles } from '../../../train/trecRun';
import { trecRunsZip } from './snapshotFiles';

describe("the page's TREC runs (.zip)", () => {
  it('holds every final run with its ir_metadata beside it, the same files npm run experiment writes; header mode on request', async () => {
    const demo = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz');
    const unzip = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
    const prefixed = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`runs/${name}`, text]));
    const zip = unzip(trecRunsZip(demo));
    expect(Object.keys(zip)).toHaveLength(16);
    expect(zip).toEqual(prefixed(trecRunFiles(demo)));
    expect(unzip(trecRunsZip(demo, 'header'))).toEqual(prefixed(trecRunFiles(demo, { metadata: 'header' })));
  });
});
