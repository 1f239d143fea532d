// Why a mutant file did not load, in one line. A syntax error names the file, line and
// column: Node's SyntaxError for JavaScript carries no position, and tsx's transform error
// puts it on its second line, so the file is parsed again with esbuild (tsx's own parser)
// to find the first error's place.

import { readFileSync } from 'node:fs';

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** The position of the first syntax error in the file, or null if it parses. */
async function syntaxErrorOf(abs: string, shown: string): Promise<string | null> {
  let source: string;
  try {
    source = readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
  const { transformSync } = await import('esbuild');
  try {
    transformSync(source, { loader: /\.m?ts$/.test(abs) ? 'ts' : 'js', format: 'esm', sourcefile: shown, logLevel: 'silent' });
    return null;
  } catch (e) {
    const first = (e as { errors?: { text: string; location: { line: number; column: number } | null }[] }).errors?.[0];
    if (first === undefined) return null;
    const at = first.location === null ? shown : `${shown}:${first.location.line}:${first.location.column + 1}`;
    return `syntax error at ${at}: ${first.text}`;
  }
}

/** One line for a failed import of the mutant file at abs (shown as `shown`). @internal */
export async function loadError(abs: string, shown: string, e: unknown): Promise<string> {
  const name = (e as Error)?.name;
  const message = String((e as Error)?.message ?? e);
  if (name === 'SyntaxError' || name === 'TransformError' || /Transform failed/.test(message)) {
    const at = await syntaxErrorOf(abs, shown);
    if (at !== null) return at;
    // The error is in a module the file imports: tsx's message names it on its second line.
    const located = /^(.+?:\d+:\d+): ERROR: (.*)$/m.exec(message);
    if (located !== null) return `syntax error at ${located[1]}: ${located[2]}`;
  }
  return firstLine(e);
}
