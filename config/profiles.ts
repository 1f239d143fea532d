// Profile names: a release, then a platform unless it is linux/amd64 (go1.26,
// go1.19/windows/amd64), and the two names from before releases, kept as Go 1.19's aliases.
// Kept apart from config.ts so that --help can list them without loading the model.

import { profileAliases, profiles, type Profile } from '../model/profile.ts';
import { segProfiles } from '../model/segmented/profile.ts';
import { usage } from './usage-error.ts';

/** The default profile name (an alias of go1.19, so reports and files name it as they always have). @public */
export const defaultProfile = 'linux/amd64';

/** The historical profiles (model/segmented/), for messages and --help. */
const segmentedText = `${Object.keys(segProfiles).join(', ')} (historical runtimes: run, explore, mutants, replay)`;

/** The profile names for messages and --help: the releases', then each alias with what it stands for, then the historical ones. @public */
export function profileNamesText(): string {
  return [...Object.keys(profiles).map((n) => {
    if (!Object.hasOwn(profileAliases, n)) return n;
    return `${n} (${n === defaultProfile ? 'default; ' : ''}= ${profileAliases[n]})`;
  }), segmentedText].join(', ');
}

/**
 * The profile of a name; an unknown one is a usage error listing the valid ones. The
 * historical profiles (go1.1-go1.4) have a model of their own, which only run,
 * explore, mutants and replay drive: here, where a contiguous profile is needed, they are refused by name.
 * @public
 */
export function profileNamed(name: string): Profile {
  if (Object.hasOwn(segProfiles, name)) usage(`profile ${name} is the historical model, which only run, explore, mutants and replay take`);
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (profile === undefined) usage(`unknown profile '${name}' (valid: ${profileNamesText()})`);
  return profile;
}

