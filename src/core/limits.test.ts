import { gunzipSync, gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gzipBomb } from '../testing/gzipBomb';
import { StreamingGunzip, concatChunks, contentOf, INPUT_LIMITS } from './limits';

const GiB = 2 ** 30;

describe('StreamingGunzip', () => {
  it('inflates what gunzip inflates, concatenated members included, whatever the input chunking', () => {
    const a = strToU8('first member\n'.repeat(5000));
    const b = strToU8('second\n'.repeat(3000));
    const file = concatChunks([gzipSync(a), gzipSync(b)]);
    for (const chunk of [61, 4096, file.length]) {
      const inflater = new StreamingGunzip('two.gz', 'wholeFileBytes');
      const out: Uint8Array[] = [];
      for (let i = 0; i < file.length; i += chunk) out.push(...inflater.push(file.subarray(i, i + chunk), i + chunk >= file.length));
      expect(concatChunks(out)).toEqual(concatChunks([a, b]));
    }
  });

  it('a 2 GiB gzip bomb of a few MB stops at the cap, having inflated little more than it', () => {
    const bomb = gzipBomb(2 * GiB);
    expect(bomb.length).toBeLessThan(4 * 2 ** 20);
    const inflater = new StreamingGunzip('bomb.json.gz', 'configJsonBytes');
    expect(() => [...inflater.push(bomb, true)]).toThrow('bomb.json.gz: inflates to more than 1.0 MiB (limit 1,048,576, INPUT_LIMITS.configJsonBytes)');
    // one input slice inflates to at most ~16 MiB: the check runs long before gigabytes
    expect(inflater.inflatedBytes).toBeLessThan(INPUT_LIMITS.configJsonBytes + 17 * 2 ** 20);
  });

  it('a stream that inflates far more than text does is refused by the ratio before any size cap', () => {
    const inflater = new StreamingGunzip('bomb.tsv.gz');
    expect(() => [...inflater.push(gzipBomb(GiB), true)]).toThrow(
      /^bomb\.tsv\.gz: \d+\.\d KiB of gzip inflate to more than \d+\.\d MiB, over 200 times their size: a gzip bomb\? \(limit 200, INPUT_LIMITS\.gzipRatio\)$/,
    );
    expect(inflater.inflatedBytes).toBeLessThan(64 * 2 ** 20);
  });

  it('ordinary text over the size cap is refused by its inflated size', () => {
    // ~2:1 text, under the ratio limit
    const text = strToU8(Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) % 1000003).join(' '));
    expect(() => contentOf(gzipSync(text), 'big.json.gz', 'configJsonBytes')).toThrow(
      'big.json.gz: inflates to more than 1.0 MiB (limit 1,048,576, INPUT_LIMITS.configJsonBytes)',
    );
  });

  it('cut-short or invalid gzip is an error naming the file', () => {
    const file = gzipSync(strToU8('hello world '.repeat(100)));
    expect(() => [...new StreamingGunzip('cut.gz', 'wholeFileBytes').push(file.subarray(0, 20), true)]).toThrow(
      /^cut\.gz: gzip data is corrupt \(unexpected EOF\)/,
    );
    file[10] = 0xff; // deflate block type 3 does not exist
    expect(() => [...new StreamingGunzip('bad.gz', 'wholeFileBytes').push(file, true)]).toThrow(/^bad\.gz: gzip data is corrupt/);
  });
});

describe('contentOf', () => {
  it('passes plain bytes through and inflates gzip, sniffed by magic bytes', () => {
    const text = strToU8('{"a": 1}');
    expect(contentOf(text, 'a.json', 'configJsonBytes')).toBe(text);
    expect(contentOf(gzipSync(text), 'a.json', 'configJsonBytes')).toEqual(text);
  });

  it('checks the stored size against its own limit and the content against another', () => {
    const big = new Uint8Array(INPUT_LIMITS.configJsonBytes + 1);
    expect(() => contentOf(big, 'config.json', 'configJsonBytes')).toThrow(
      'config.json: the file is 1.0 MiB, more than 1.0 MiB (limit 1,048,576, INPUT_LIMITS.configJsonBytes)',
    );
    const inflatesBig = gzipSync(big);
    expect(() => contentOf(inflatesBig, 'config.json.gz', 'configJsonBytes')).toThrow(/config\.json\.gz: inflates to more than 1\.0 MiB/);
    expect(gunzipSync(inflatesBig).length).toBe(big.length);
  });
});
