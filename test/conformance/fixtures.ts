import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** conformance/fixtures, read-only: CI has no Go, so the tests only read committed traces. */
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'conformance', 'fixtures');

export function traceFiles(dir: string = fixturesDir): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.trace'))
    .sort();
}

export function readFixture(name: string, dir: string = fixturesDir): Uint8Array {
  return readFileSync(join(dir, name));
}

export function bytesUnder(dir: string): number {
  let total = 0;
  for (const f of readdirSync(dir)) {
    const s = statSync(join(dir, f));
    total += s.isDirectory() ? bytesUnder(join(dir, f)) : s.size;
  }
  return total;
}
