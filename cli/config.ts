// Profile, scope and modes from command-line flags.

import { defaultModes, defaultScope, makeConfig, modeNames, profiles, type Config, type Modes, type Scope } from '../model/index.ts';
import { usage } from './usage.ts';

/** The flags that choose a configuration. @public */
export interface ConfigFlags {
  readonly profile?: string;
  readonly scope?: string;
  readonly mode?: string;
}

/** The default profile name. @public */
export const defaultProfile = 'linux/amd64';

/** Parses "key=value,key=value" over the default scope. @public */
export function parseScope(text: string | undefined): Scope {
  if (text === undefined || text === '') return defaultScope;
  const scope: Record<string, number> = { ...defaultScope };
  for (const part of text.split(',')) {
    const m = /^(\w+)=(\d+)$/.exec(part.trim());
    if (m === null) usage(`--scope takes key=value pairs separated by commas, not '${part}'`);
    if (!(m[1] in defaultScope)) usage(`unknown scope key '${m[1]}' (valid: ${Object.keys(defaultScope).join(', ')})`);
    scope[m[1]] = Number(m[2]);
  }
  const s = scope as unknown as Scope;
  if (s.procs < 1 || s.procs > s.maxProcs) usage(`scope: procs must be between 1 and maxProcs (${s.maxProcs})`);
  if (s.maxProcs > 30) usage('scope: maxProcs must be at most 30');
  if (s.arenaPages < 8 || s.arenaPages > 1 << 16) usage('scope: arenaPages must be between 8 and 65536');
  if (s.gFreeSpill < 2) usage('scope: gFreeSpill must be at least 2');
  if (s.maxGoroutines < 2 || s.maxGoroutines > 1000) usage('scope: maxGoroutines must be between 2 and 1000');
  if (s.heapObjects < 1 || s.heapObjectFields < 1 || s.chans < 1) usage('scope: heapObjects, heapObjectFields and chans must be at least 1');
  if ((s.maxstacksize & (s.maxstacksize - 1)) !== 0 || s.maxstacksize < 8192) usage('scope: maxstacksize must be a power of two of at least 8192');
  return s;
}

/** Parses "stackNoCache,gcshrinkstackoff,noadaptivestackstart". @public */
export function parseModes(text: string | undefined): Modes {
  const modes = { ...defaultModes };
  if (text === undefined || text === '') return modes;
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === 'stackNoCache') modes.stackNoCache = true;
    else if (name === 'gcshrinkstackoff') modes.gcshrinkstackoff = true;
    else if (name === 'noadaptivestackstart') modes.adaptivestackstart = false;
    else usage(`unknown mode '${name}' (valid: ${modeNames.join(', ')})`);
  }
  return modes;
}

/** @public */
export function configFrom(flags: ConfigFlags): Config {
  const name = flags.profile ?? defaultProfile;
  const profile = profiles[name];
  if (profile === undefined) usage(`unknown profile '${name}' (valid: ${Object.keys(profiles).join(', ')})`);
  return makeConfig(profile, parseScope(flags.scope), parseModes(flags.mode));
}

/** The mode names in effect, for reports and files. @public */
export function modeList(m: Modes): string[] {
  const out: string[] = [];
  if (m.stackNoCache) out.push('stackNoCache');
  if (m.gcshrinkstackoff) out.push('gcshrinkstackoff');
  if (!m.adaptivestackstart) out.push('noadaptivestackstart');
  return out;
}
