// Strict readers for untrusted JSON: each takes a value and where it sits in the file, and
// either returns it typed or throws a BadField that names the place and what was wrong.

/** A field of a file that is missing or malformed. @internal */
export class BadField extends Error {}

/** @internal */
export function bad(message: string): never {
  throw new BadField(message);
}

/** @internal */
export type Obj = Readonly<Record<string, unknown>>;

/** A plain object whose keys are exactly `keys` (none missing, none extra). @internal */
export function record(v: unknown, at: string, keys: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${at}: expected an object, got ${kindOf(v)}`);
  const o = v as Obj;
  for (const k of keys) if (!Object.hasOwn(o, k)) bad(`${at}: missing field '${k}'`);
  for (const k of Object.keys(o)) if (!keys.includes(k)) bad(`${at}: unknown field '${k}'`);
  return o;
}

/** A whole number in [min, max]. @internal */
export function int(v: unknown, at: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) bad(`${at}: expected a whole number, got ${kindOf(v)}`);
  if (v < min || v > max) bad(`${at}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** @internal */
export function str(v: unknown, at: string): string {
  if (typeof v !== 'string') bad(`${at}: expected a string, got ${kindOf(v)}`);
  return v;
}

/** @internal */
export function list(v: unknown, at: string, maxLength = Number.MAX_SAFE_INTEGER): readonly unknown[] {
  if (!Array.isArray(v)) bad(`${at}: expected a list, got ${kindOf(v)}`);
  if (v.length > maxLength) bad(`${at}: more than ${maxLength} entries`);
  return v;
}

/** A short name for what a value is, for messages. @internal */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'object' ? 'an object' : typeof v;
}
