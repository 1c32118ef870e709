/**
 * Turns zod issues into errors a researcher can act on: `experiment.json: arms[1].lr: expected a positive
 * number (got -0.001)`. Shared by the experiment, sweep and snapshot schemas.
 */
import type { z } from 'zod';

/** A file failed its schema. `problems` holds one line per issue, each naming the field path. */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';
  constructor(
    readonly fileName: string,
    readonly problems: string[],
  ) {
    super(problems.length === 1 ? problems[0] : `${fileName}: ${problems.length} problems:\n  ${problems.join('\n  ')}`);
  }
}

/** `arms[1].schedule.kind`; the empty path is the document itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(top level)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let value: unknown = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !(part in (value as object))) return { found: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return { found: true, value };
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function boundText(kind: 'min' | 'max', bound: number | bigint, inclusive: boolean | undefined): string {
  if (kind === 'min') {
    if (Number(bound) === 0 && !inclusive) return 'a positive number';
    if (Number(bound) === 0 && inclusive) return 'a number ≥ 0';
    return `a number ${inclusive ? '≥' : '>'} ${bound}`;
  }
  return `a number ${inclusive ? '≤' : '<'} ${bound}`;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const at = valueAt(input, issue.path);
  const got = at.found ? ` (got ${describeValue(at.value)})` : '';
  switch (issue.code) {
    case 'invalid_type': {
      if (!at.found || at.value === undefined) return `missing: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`;
      const expected = issue.expected === 'int' ? 'an integer' : issue.expected === 'number' ? 'a number' : issue.expected;
      return `expected ${expected}${got}`;
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return `expected ${boundText('min', issue.minimum, issue.inclusive)}${got}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `expected at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}${got}`;
      if (issue.origin === 'string') return Number(issue.minimum) === 1 ? `must not be empty` : `expected at least ${issue.minimum} characters`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return `expected ${boundText('max', issue.maximum, issue.inclusive)}${got}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `expected at most ${issue.maximum} items${got}`;
      return issue.message;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${got}`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator) {
        const options = (issue as unknown as { options?: unknown[] }).options ?? [];
        return `expected ${options.map((v) => JSON.stringify(v)).join(' or ')}${got}`;
      }
      return `${issue.message}${got}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (check the spelling)`;
    case 'invalid_format':
      return `${issue.message}${got}`;
    default:
      return issue.message;
  }
}

/** One line per issue: `FILE: PATH: what was expected (got what)`. */
export function formatIssues(fileName: string, issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => `${fileName}: ${formatPath(issue.path)}: ${describeIssue(issue, input)}`);
}

/** Parse or throw a `SchemaValidationError` whose lines name the file and each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, fileName: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new SchemaValidationError(fileName, formatIssues(fileName, result.error.issues, input));
}
