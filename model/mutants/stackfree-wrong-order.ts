// stackfree puts a block on the free list of the wrong order.

import { correctStackfreeKnobs, log2, stackfreeWith } from '../stack.ts';
import { defineMutant } from './define.ts';

/** stackfree computing the order as stacklog2((n-1)/fixedStack), which rounds every order above 0 down by one. */
const stackfreeOrderFromNMinus1 = stackfreeWith({ ...correctStackfreeKnobs, orderOf: (d, n) => log2((n - 1) / d.cfg.profile.fixedStack) });

/** @public */
export const stackfreeWrongOrder = defineMutant({
  name: 'stackfree-wrong-order', title: 'stackfree caches a block on the list of the wrong order', issue: 'stack.go:stackfree (stack order)',
  caughtBy: ['cache-size-matches-list', 'cached-blocks-belong-to-their-order'], replace: { stackfree: stackfreeOrderFromNMinus1 },
  doc: 'stackfree files a small stack on c.stackcache[order] with order = log2(n/_FixedStack). This mutant computes the order from n-1, an off-by-one that rounds every order above 0 down: a freed 4 KiB stack is cached as an order-0 (2 KiB) block, so the next 2 KiB stackalloc hands out half of it and the span accounting of both orders goes wrong. cached-blocks-belong-to-their-order (I11) and cache-size-matches-list (I10) catch the free.',
});
