// `--shard k/n`: one machine's part of a long campaign, the way a CI matrix spreads work
// over machines. Shard k of n takes the k-th of n consecutive, nearly equal slices of the
// runs (`run`) or of the mutants (`mutants`); `stackcheck merge` puts the shards' `--json`
// reports back together. Slices are consecutive so that the merge is the chunk merge `run
// --workers` already does (properties/chunks.ts): the first finding is the one of the lowest
// run index, and the merged report is the one the whole campaign on one machine gives.

import { usage } from './usage.ts';

/** Shard `index` (1-based) of `count`. @public */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard k/n` (1 <= k <= n <= 1024); undefined when the flag is absent. @internal */
export function shardFlag(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  if (m === null) usage(`--shard must be k/n, shard k of n (e.g. 2/4), not '${text}'`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || count > 1024) usage(`--shard ${text}: n must be between 1 and 1024`);
  if (index < 1 || index > count) usage(`--shard ${text}: k must be between 1 and ${count}`);
  return { index, count };
}

/** The items [first, first + taken) of `total` that shard s takes. @internal */
export function shardSlice(total: number, s: Shard): { first: number; taken: number } {
  const first = Math.floor(((s.index - 1) * total) / s.count);
  const end = Math.floor((s.index * total) / s.count);
  return { first, taken: end - first };
}

/** `k/n`, as the flag writes it. @internal */
export function shardText(s: Shard): string {
  return `${s.index}/${s.count}`;
}
