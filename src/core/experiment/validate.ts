import { parseOrThrow, SchemaValidationError } from './issues';
import { experimentSchema } from './schema';
import type { ExperimentConfig } from './schema';

/** JSON.parse with an error that names the file and the line and column of the syntax error. */
export function parseJsonText(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const offset = firstJsonSyntaxError(text);
    if (offset !== null) {
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      throw new SchemaValidationError(fileName, [`${fileName}:${line}:${column}: not valid JSON (${message})`]);
    }
    throw new SchemaValidationError(fileName, [`${fileName}: not valid JSON (${message})`]);
  }
}

/**
 * The offset of the first JSON syntax error, or null when the text is valid JSON. JSON.parse's own messages
 * carry a position in some engines and not in others, so we find it ourselves (only on the error path).
 */
export function firstJsonSyntaxError(text: string): number | null {
  let i = 0;
  class Stop {
    constructor(readonly at: number) {}
  }
  const fail = (): never => {
    throw new Stop(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    fail();
  };
  try {
    value();
    space();
    return i < text.length ? i : null;
  } catch (stop) {
    if (stop instanceof Stop) return stop.at;
    throw stop;
  }
}

/**
 * Validates an experiment config (JSON text or an already parsed value) and returns it with every default
 * filled in. Throws a `SchemaValidationError` whose lines read `experiment.json: arms[1].lr: expected a
 * positive number (got -0.001)`.
 */
export function validateExperiment(json: unknown, fileName = 'experiment.json'): ExperimentConfig {
  const value = typeof json === 'string' ? parseJsonText(json, fileName) : json;
  if (value !== null && typeof value === 'object' && 'schemaVersion' in value && value.schemaVersion !== 1) {
    throw new SchemaValidationError(fileName, [
      `${fileName}: schemaVersion: this lab reads experiment schema version 1, the file says ${JSON.stringify(value.schemaVersion)}`,
    ]);
  }
  return parseOrThrow(experimentSchema, value, fileName);
}
