/**
 * Test-only: how the property-based suites (`*.property.test.ts`, fast-check) run. A fixed number of runs keeps
 * the whole property layer short; a failure prints fast-check's seed and path, and PROPERTY_SEED (with
 * PROPERTY_RUNS) replays it: `PROPERTY_SEED=-1234 npx vitest run src/core/trec/parse.property.test.ts`.
 */
import fc from 'fast-check';

export const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  numRuns = PROPERTY_RUNS,
): void | Promise<void> {
  const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
  return fc.assert(property as fc.IProperty<Ts>, { numRuns, seed });
}

/** Either `run()` returns, or it throws an error of `type` whose message matches `message`; anything else fails. */
export function resultOrTypedError<T>(run: () => T, type: abstract new (...args: never[]) => Error, message: RegExp): T | Error {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`expected a ${type.name} or a result, got ${String(error)}`, { cause: error });
    if (!message.test(error.message)) throw new Error(`${type.name} message ${JSON.stringify(error.message)} does not match ${message}`);
    return error;
  }
}

export async function resultOrTypedErrorAsync<T>(run: () => Promise<T>, type: abstract new (...args: never[]) => Error, message: RegExp): Promise<T | Error> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`expected a ${type.name} or a result, got ${String(error)}`, { cause: error });
    if (!message.test(error.message)) throw new Error(`${type.name} message ${JSON.stringify(error.message)} does not match ${message}`);
    return error;
  }
}

/** Printable tokens without whitespace, like qids and docnos (ASCII and beyond). */
export const token = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019_-.:/éß中😀'.split(/(?:)/u)) });

/** Splits bytes into random-sized chunks (1 byte upward), to exercise boundaries inside lines and characters. */
export const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 });

export function splitBytes(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return out;
}
