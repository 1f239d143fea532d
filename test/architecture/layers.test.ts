// Data flows one way: model → properties → counterexamples, conformance, explore → cli, with
// configuration parsing (config/) below them all. No module outside cli/ imports from cli/,
// and the model's modules import each other as a tree (no cycle, type imports included).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** The import graph of the modules under dir, by resolved path, and its cycles (strongly connected parts of two or more). */
export function importCycles(dir: string): string[][] {
  const files = sources(dir);
  const inDir = new Set(files);
  const edges = new Map(files.map((f) => [f, specifiers(readFileSync(f, 'utf8')).map((s) => resolve(dirname(f), s)).filter((t) => inDir.has(t))]));
  // Tarjan's algorithm: every strongly connected component of more than one module is a cycle.
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); part.push(relative(root, w)); } while (w !== v);
    if (part.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(part.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

describe('the model imports form a tree, not a circle', () => {
  it('the cycle finder finds a cycle it is shown (it can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.ts';\n");
    writeFileSync(join(dir, 'b.ts'), "import { a } from './a.ts';\n");
    writeFileSync(join(dir, 'c.ts'), "import { a } from './a.ts';\n");
    expect(importCycles(dir).map((c) => c.length)).toEqual([2]);
    rmSync(dir, { recursive: true });
  });

  it('no module under model/ takes part in an import cycle (type imports included)', () => {
    expect(importCycles(join(root, 'model'))).toEqual([]);
  });
});
