// Which model profile a trace is replayed with: the one asked for (`--profile`), else the one of
// the release its `stackcheck-trace` header names (conformance/go/traceheader prints
// runtime.Version() and GOOS/GOARCH), else the default (Go 1.19 on linux/amd64, the traces
// committed before the header existed).

import { linuxAmd64, profileAliases, profiles, type Profile } from '../../model/profile.ts';
import type { TraceHeader } from '../trace/events.ts';

/** @public */
export interface ChosenProfile {
  readonly profile: Profile;
  readonly from: 'option' | 'header' | 'default';
  /** Said beside the verdict when the header and the profile disagree, or the header names a release the model has no profile of. */
  readonly note: string | null;
}

/** The profile of the release and platform a header names, or null if the model has none. @internal */
export function profileOfHeader(h: TraceHeader): Profile | null {
  const release = /go\d+\.\d+(?!\d)/.exec(h.version)?.[0];
  if (release === undefined) return null;
  return profiles[h.platform === 'linux/amd64' ? release : `${release}/${h.platform}`] ?? null;
}

/** @internal */
export function chooseProfile(trace: { readonly header: TraceHeader | null }, asked: Profile | undefined): ChosenProfile {
  const h = trace.header;
  const fromHeader = h === null ? null : profileOfHeader(h);
  const said = h === null ? '' : `the trace's header (line ${h.line}) says ${h.version} ${h.platform}`;
  if (asked !== undefined) {
    const differs = fromHeader !== null && (fromHeader.release !== asked.release || fromHeader.platform !== asked.platform);
    return { profile: asked, from: 'option', note: differs ? `${said}, whose profile is ${fromHeader.name}; replaying with ${asked.name} as asked` : null };
  }
  if (fromHeader !== null) return { profile: fromHeader, from: 'header', note: null };
  const note = h === null ? null : `${said}, a release or platform the model has no profile of (${releaseProfiles().map((p) => p.name).join(', ')}); replaying with the default ${linuxAmd64.name}`;
  return { profile: linuxAmd64, from: 'default', note };
}

/** Every profile under its own name (aliases left out). @internal */
export function releaseProfiles(): Profile[] {
  return Object.values(profiles).filter((p) => !(p.name in profileAliases));
}

/** The profiles a release divergence may name instead of `p`: the other releases on p's platform. @internal */
export function otherReleases(p: Profile): Profile[] {
  return releaseProfiles().filter((o) => o.platform === p.platform && o.release !== p.release);
}
