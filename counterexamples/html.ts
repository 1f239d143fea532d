// Placeholder until the memory picture lands.
import type { CounterexampleDoc } from './format.ts';
import type { Replay } from './replay.ts';

/** @public */
export function htmlPage(file: string, doc: CounterexampleDoc, r: Replay): string {
  return `<!doctype html><title>${file}</title><p>${doc.finding.id} ${r.verdict}</p>`;
}
