// Running the command line in-process and capturing what it prints.
import { vi } from 'vitest';
import { main } from '../cli/main.ts';

/** @internal */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await main(argv, (s) => out.push(s));
    return { code, out: out.join('\n'), err: err.join('') };
  } finally {
    spy.mockRestore();
  }
}
