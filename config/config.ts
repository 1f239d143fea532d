// Profile, scope and modes from their names as flags and files spell them, into the
// model's Config. Any problem is a UsageError (one line, exit 2), including a scope the
// model cannot even build its initial state in.

import { isAbort } from '../model/abort.ts';
import {
  defaultModes, goRuntime, initialState, makeConfig, modeNames, type Config, type Modes, type Profile, type Scope,
} from '../model/index.ts';
import { defaultProfile, profileNamed } from './profiles.ts';
import { parseScope, scopeRanges } from './scope.ts';
import { usage } from './usage-error.ts';

/** The flags that choose a configuration. @public */
export interface ConfigFlags {
  readonly profile?: string;
  readonly scope?: string;
  readonly mode?: string;
}

/** Parses "stackNoCache,gcshrinkstackoff,noadaptivestackstart"; a mode given twice is refused. @public */
export function parseModes(text: string | undefined): Modes {
  const modes = { ...defaultModes };
  if (text === undefined || text === '') return modes;
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (seen.has(name)) usage(`mode ${name} is given twice`);
    seen.add(name);
    if (name === 'stackNoCache') modes.stackNoCache = true;
    else if (name === 'gcshrinkstackoff') modes.gcshrinkstackoff = true;
    else if (name === 'noadaptivestackstart') modes.adaptivestackstart = false;
    else if (name === 'maymorestack=move' || name === 'maymorestack=preempt') {
      if (modes.maymorestack !== 'off') usage('give one maymorestack mode, not both');
      modes.maymorestack = name === 'maymorestack=move' ? 'move' : 'preempt';
    } else usage(`unknown mode '${name}' (valid: ${modeNames.join(', ')})`);
  }
  return modes;
}

/** The mode names in effect, for reports and files. @public */
export function modeList(m: Modes): string[] {
  const out: string[] = [];
  if (m.stackNoCache) out.push('stackNoCache');
  if (m.gcshrinkstackoff) out.push('gcshrinkstackoff');
  if (!m.adaptivestackstart) out.push('noadaptivestackstart');
  if (m.maymorestack !== 'off') out.push(`maymorestack=${m.maymorestack}`);
  return out;
}

function buildsInitialState(cfg: Config): boolean {
  try {
    initialState(cfg, goRuntime);
    return true;
  } catch (e) {
    if (isAbort(e) && e.abort === 'terminal') return false;
    throw e;
  }
}

/**
 * A Config whose initial state the correct runtime can build: the arena must hold the heap
 * objects' span, m0's signal stack, the Ps' and the main goroutine's first stack span.
 * @public
 */
export function buildableConfig(profile: Profile, scope: Scope, modes: Modes): Config {
  const cfg = makeConfig(profile, scope, modes);
  if (buildsInitialState(cfg)) return cfg;
  const max = scopeRanges.arenaPages.max;
  let need = scope.arenaPages + 1;
  while (need <= max && !buildsInitialState(makeConfig(profile, { ...scope, arenaPages: need }, modes))) need++;
  const what = need <= max ? `needs at least arenaPages=${need}` : `does not fit in ${max} pages`;
  return usage(`scope: arenaPages=${scope.arenaPages} is too small for the initial state (heap objects, m0's signal stack, the main goroutine's stack): this scope ${what}`);
}

/** The configuration the flags name. @public */
export function configFrom(flags: ConfigFlags): Config {
  return buildableConfig(profileNamed(flags.profile ?? defaultProfile), parseScope(flags.scope), parseModes(flags.mode));
}
