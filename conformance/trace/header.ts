import type { TraceHeader } from './events.ts';
import { LineProblem } from './numbers.ts';

/**
 * The trace programs' first own line (conformance/go/traceheader): `stackcheck-trace go1.26.8
 * linux/amd64`. A line that starts like it but does not match, or a second one, is a problem:
 * the header picks the model profile, so a garbled one must not be read as "no header".
 * @internal
 */
export const HEADER_PREFIX = 'stackcheck-trace';

// runtime.Version() of a tip build has spaces ("devel go1.27-1a2b3c Tue Jan 6 …"): everything up to the platform.
const HEADER = /^stackcheck-trace (\S.*) ([a-z0-9]+\/[a-z0-9]+)$/;

export function readHeader(text: string, line: number, seen: TraceHeader | null): TraceHeader {
  const m = HEADER.exec(text);
  if (m === null) throw new LineProblem('malformed stackcheck-trace header (want: stackcheck-trace <runtime.Version()> <GOOS>/<GOARCH>)');
  if (seen !== null) throw new LineProblem(`a second stackcheck-trace header (the first is line ${seen.line}): two traces in one file?`);
  return { line, version: m[1], platform: m[2] };
}
