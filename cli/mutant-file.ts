// --mutant NAME and --mutant-file PATH: the routine table `stackcheck run` checks.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Profile } from '../model/profile.ts';
import { mutantByName, mutantNames, type Mutant } from '../model/mutants/index.ts';
import { mutantFromModule } from '../model/mutants/user-api.ts';
import { enableMutantImports } from './mutant-imports.ts';
import { ensureTypeScriptLoader } from './ts-loader.ts';
import { loadError } from './mutant-load-error.ts';
import { usage } from './usage.ts';
import { guardedRuntime } from '../properties/mutant-fault.ts';

/** @public */
export interface MutantFlags {
  readonly mutant?: string;
  readonly 'mutant-file'?: string;
}

/** A registered mutant by name; an unknown name is a usage error listing the valid ones. @public */
export function registeredMutant(name: string): Mutant {
  const m = mutantByName(name);
  if (m === undefined) usage(`unknown mutant '${name}' (valid: ${mutantNames.join(', ')})`);
  return m;
}

/** Loads a user's mutant module (.ts or .js); any problem is one usage line. @public */
export async function loadMutantFile(path: string): Promise<Mutant> {
  const abs = resolve(path);
  if (!/\.(ts|mts|js|mjs)$/.test(abs)) usage(`--mutant-file ${path}: expected a .ts or .js module`);
  if (!existsSync(abs)) usage(`--mutant-file ${path}: no such file`);
  let mod: Record<string, unknown>;
  try {
    // Always: even a .js mutant file imports the model's TypeScript (stackcheck/model).
    await ensureTypeScriptLoader();
    enableMutantImports(abs);
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    return usage(`--mutant-file ${path}: cannot load it: ${await loadError(abs, path, e)}`);
  }
  const m = mutantFromModule(mod);
  if (typeof m === 'string') usage(`--mutant-file ${path}: ${m}`);
  if (mutantByName(m.name) !== undefined) usage(`--mutant-file ${path}: '${m.name}' is a registered mutant's name; choose another`);
  // A throw of the user's code is a defect of the file (one line, exit 2), not a finding.
  return { ...m, rt: guardedRuntime(m.rt, `--mutant-file ${path}`, m.routines) };
}

/** Refuses a mutant of code the profile's release does not have (it would be the correct runtime there). @public */
export function checkMutantRelease(m: (Pick<Mutant, 'name'> & Partial<Pick<Mutant, 'releases'>>) | undefined, profile: Pick<Profile, 'name' | 'release'>): void {
  if (m?.releases === undefined || m.releases.includes(profile.release)) return;
  usage(`mutant '${m.name}' is a bug in code only ${m.releases.join(', ')} has; profile ${profile.name} is ${profile.release} (give --profile ${m.releases[0]})`);
}

/** The mutant the flags ask for, or undefined for the correct runtime. @public */
export async function mutantFromFlags(flags: MutantFlags): Promise<Mutant | undefined> {
  if (flags.mutant !== undefined && flags['mutant-file'] !== undefined) usage('give --mutant or --mutant-file, not both');
  if (flags.mutant !== undefined) return registeredMutant(flags.mutant);
  if (flags['mutant-file'] !== undefined) return loadMutantFile(flags['mutant-file']);
  return undefined;
}
