// The routine table a counterexample replays under: goRuntime, or a named mutant. The mutant
// registry (model/mutants/index.ts) is imported lazily, only when a file names a mutant. The
// specifier is a literal, so the compiled command line (scripts/build.mjs) bundles it: a
// computed URL would make the compiled command import TypeScript it cannot load.

import { goRuntime, type Runtime } from '../model/index.ts';

/** Extra named runtimes to look in first (tests' local faults). @public */
export type LocalMutants = Readonly<Record<string, Runtime>>;

/** @public */
export type RuntimeResult = { readonly ok: true; readonly rt: Runtime } | { readonly ok: false; readonly error: string };

function isRuntime(v: unknown): v is Runtime {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return Object.keys(goRuntime).every((k) => typeof o[k] === typeof (goRuntime as unknown as Record<string, unknown>)[k]);
}

/** Finds a mutant in the registry's exports: mutantRuntime(name), or the entry of `mutants` (a list or a record) named so. */
function fromModule(mod: Record<string, unknown>, name: string): Runtime | undefined {
  const byFunction = mod['mutantRuntime'];
  if (typeof byFunction === 'function') {
    let rt: unknown;
    try {
      rt = (byFunction as (n: string) => unknown)(name);
    } catch {
      return undefined;
    }
    if (isRuntime(rt)) return rt;
  }
  const table = mod['mutants'];
  const entries: unknown[] = Array.isArray(table) ? table
    : typeof table === 'object' && table !== null && Object.hasOwn(table, name) ? [(table as Record<string, unknown>)[name]] : [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    if (Array.isArray(table) && e['name'] !== name) continue;
    if (isRuntime(e['rt'])) return e['rt'];
  }
  return undefined;
}

/** The runtime for a recorded mutant name (null: the correct runtime). @public */
export async function runtimeFor(mutant: string | null, local: LocalMutants = {}): Promise<RuntimeResult> {
  if (mutant === null) return { ok: true, rt: goRuntime };
  if (Object.hasOwn(local, mutant)) return { ok: true, rt: local[mutant] };
  const mod = (await import('../model/mutants/index.ts')) as unknown as Record<string, unknown>;
  const rt = fromModule(mod, mutant);
  if (rt !== undefined) return { ok: true, rt };
  return { ok: false, error: `unknown mutant '${mutant}'` };
}
