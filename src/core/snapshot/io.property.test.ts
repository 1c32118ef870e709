/**
 * Property-based tests of snapshot files: random snapshots survive export → import with the same recomputed
 * summary; mutated snapshots (any field replaced or removed, bytes cut or flipped) import or are refused with an
 * error naming the file — a SchemaValidationError or InputTooLargeError, never a TypeError from deep inside.
 */
import fc from 'fast-check';
import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../experiment/issues';
import { InputTooLargeError } from '../limits';
import { applyJsonEdits, checkProperty, jsonEdits, jsonPaths, snapshotArbitrary } from '../../testing/property';
import { exportSnapshot, importSnapshot, snapshotToJson, summarizeSnapshot, summaryMarkdown } from '.';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';

const config = fixtureConfig();
const snapshots = snapshotArbitrary(config);

function refusedByName(error: unknown, file: string) {
  if (!(error instanceof SchemaValidationError) && !(error instanceof InputTooLargeError))
    throw new Error(`untyped refusal: ${String(error)}`, { cause: error });
  expect(error.message.startsWith(`${file}:`) || error.message.startsWith(file)).toBe(true);
}

describe('snapshot files', () => {
  it('export → import keeps every value and the recomputed summary', async () => {
    await checkProperty(
      fc.asyncProperty(snapshots, async (pending) => {
        const snapshot = await pending;
        const back = await importSnapshot(exportSnapshot(snapshot), 's.json.gz');
        expect(back).toEqual(snapshot);
        expect(summaryMarkdown(summarizeSnapshot(back))).toBe(summaryMarkdown(summarizeSnapshot(snapshot)));
      }),
      20,
    );
  });

  it('any field replaced or removed: imported, or refused with a typed error naming the file', async () => {
    const base = JSON.parse(
      snapshotToJson(await fixtureSnapshot(config, [fixtureRun(config, 'adamw', 1, [fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.5 } })])])),
    );
    const all = jsonPaths(base);
    await checkProperty(
      fc.asyncProperty(jsonEdits, fc.boolean(), async (edits, gzip) => {
        const bytes = strToU8(JSON.stringify(applyJsonEdits(base, all, edits)));
        try {
          await importSnapshot(gzip ? gzipSync(bytes) : bytes, 'm.json');
        } catch (error) {
          refusedByName(error, 'm.json');
        }
      }),
    );
  });

  it('cut or flipped bytes: imported, or refused with a typed error naming the file', async () => {
    const bytes = exportSnapshot(await fixtureSnapshot(config, [fixtureRun(config, 'lion', 2, [fixtureEvaluation('dl20', 3, { map: { q1: 0.25 } })])]));
    await checkProperty(
      fc.asyncProperty(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), async (cut, flips) => {
        const mutated = bytes.slice(0, Math.max(2, cut % (bytes.length + 1)));
        for (const [at, value] of flips) mutated[at % mutated.length] = value;
        try {
          await importSnapshot(mutated, 'b.json.gz');
        } catch (error) {
          refusedByName(error, 'b.json.gz');
        }
      }),
    );
  });
});

describe('regressions found by the properties', () => {
  it('a query id "__proto__" is refused by name, not silently dropped from the summary', async () => {
    const snapshot = await fixtureSnapshot(config, [
      fixtureRun(config, 'adamw', 1, [fixtureEvaluation('dl19', 3, { map: JSON.parse('{"q1": 0.5, "__proto__": 0.25}') })]),
    ]);
    expect(Object.keys(snapshot.runs[0]!.evaluations[0]!.perQuery)).toEqual(['q1', '__proto__']);
    await expect(importSnapshot(exportSnapshot(snapshot), 'p.json.gz')).rejects.toThrow(
      'p.json.gz: runs[0].evaluations[0].perQuery: the query id "__proto__" cannot be read back (it would be dropped)',
    );
  });
});
