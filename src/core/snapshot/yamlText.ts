/**
 * A small YAML writer for the lab's fixed, small documents (run metadata in the ir_metadata form, irMetadata.ts): block
 * mappings and sequences of strings, numbers and booleans. Every string is written double-quoted in JSON's escaping,
 * which YAML 1.1 and 1.2 read alike; keys are left plain only when no YAML reader could take them for anything but a
 * string; numbers are written so that YAML 1.1 readers (PyYAML) also read them as numbers (1.0e-8, not 1e-8).
 * Undefined values are left out. The tests parse every document back with a YAML library.
 */

export type YamlValue = string | number | boolean | null | undefined | YamlValue[] | { [key: string]: YamlValue };

/** Words YAML 1.1 reads as booleans or null, which a plain key must not be. */
const RESERVED = /^(y|n|yes|no|on|off|true|false|null|~)$/i;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_ .-]*$/;

/**
 * A double-quoted scalar: JSON's escaping, plus \uXXXX for the characters JSON leaves raw that a YAML reader would not
 * take as they are: DEL and the C1 controls, the byte order mark, U+FFFE and U+FFFF (not allowed in a stream), and
 * NEL, U+2028 and U+2029 (line breaks to YAML 1.1, which would fold them into spaces).
 */
export function yamlQuoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function key(name: string): string {
  return PLAIN_KEY.test(name) && !RESERVED.test(name) && !name.endsWith(' ') ? name : yamlQuoted(name);
}

/** A number YAML 1.1 and 1.2 both read back as the same number: an exponent form gets its `.0` and its sign. */
export function yamlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`YAML: ${n} is not a finite number`);
  const text = String(n);
  if (!/e/i.test(text)) return text;
  const [mantissa, exponent] = text.split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${/^[+-]/.test(exponent) ? exponent : `+${exponent}`}`;
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return yamlNumber(value);
  if (typeof value === 'boolean') return String(value);
  return yamlQuoted(value);
}

const isMapping = (v: YamlValue): v is { [key: string]: YamlValue } => v !== null && typeof v === 'object' && !Array.isArray(v);

function block(value: YamlValue[] | { [key: string]: YamlValue }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  const nested = (v: YamlValue, prefix: string) => {
    if (Array.isArray(v) || isMapping(v)) {
      const inner = block(v, indent + 2);
      if (inner.length === 0) lines.push(`${prefix} ${Array.isArray(v) ? '[]' : '{}'}`);
      else if (Array.isArray(v) || prefix.endsWith(':')) lines.push(prefix, ...inner);
      else lines.push(`${prefix} ${inner[0].trimStart()}`, ...inner.slice(1));
    } else lines.push(`${prefix} ${scalar(v as string | number | boolean | null)}`);
  };
  if (Array.isArray(value)) {
    for (const item of value) if (item !== undefined) nested(item, `${pad}-`);
  } else {
    for (const [name, v] of Object.entries(value)) if (v !== undefined) nested(v, `${pad}${key(name)}:`);
  }
  return lines;
}

/** The YAML text of a mapping (a document of its own, ending in a newline). */
export function yamlDocument(value: { [key: string]: YamlValue }): string {
  const lines = block(value, 0);
  return lines.length ? `${lines.join('\n')}\n` : '{}\n';
}
