// Data flows one way: model → properties → counterexamples, conformance, explore → cli, with
// configuration parsing (config/) below them all. No module outside cli/ imports from cli/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const lowerLayers = ['config', 'model', 'properties', 'counterexamples', 'conformance', 'explore', 'history'];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sources(p);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [p] : [];
  });
}

/** Every relative module specifier of a file: static imports and exports, and import(). */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.[^'"]*)\1/g)) out.push(m[2]);
  for (const m of text.matchAll(/new URL\(\s*(['"])(\.[^'"]*)\1\s*,\s*import\.meta\.url/g)) out.push(m[2]);
  return out;
}

function importsOfCli(file: string): string[] {
  const cli = join(root, 'cli');
  return specifiers(readFileSync(file, 'utf8')).filter((s) => {
    const target = resolve(dirname(file), s);
    return target === cli || target.startsWith(cli + '/');
  });
}

describe('layers', () => {
  it('finds the imports it looks for (the scanner itself can fail)', () => {
    expect(specifiers(`import { a } from '../cli/usage.ts';\nexport * from "./x.ts";\nconst m = await import('../cli/main.ts');\nimport './side.ts';`))
      .toEqual(['../cli/usage.ts', './x.ts', '../cli/main.ts', './side.ts']);
  });

  it.each(lowerLayers)('no module under %s/ imports from cli/', (layer) => {
    const offenders = sources(join(root, layer)).flatMap((f) => importsOfCli(f).map((s) => `${relative(root, f)} imports ${s}`));
    expect(offenders).toEqual([]);
  });
});
