import type { NewstackEvent } from './events.ts';
import { LineProblem, hexField } from './numbers.ts';

/**
 * The three-line newstack block. The runtime prints it with a single print
 * statement, and each print statement holds printlock, so the three lines
 * are contiguous even when threads interleave.
 * @internal
 */

const HEX = '0x([0-9a-f]+)';
export const NEWSTACK_PREFIX = 'runtime: newstack sp=';
const header = new RegExp(`^runtime: newstack sp=${HEX} stack=\\[${HEX}, ${HEX}\\]$`);
const morebuf = new RegExp(`^\\tmorebuf=\\{pc:${HEX} sp:${HEX} lr:${HEX}\\}$`);
const sched = new RegExp(`^\\tsched=\\{pc:${HEX} sp:${HEX} lr:${HEX} ctxt:${HEX}\\}$`);

/**
 * Reads the block whose header is lines[index] (0-based; `line` is its
 * 1-based number). Throws LineProblem naming the offending line's offset.
 */
export function readNewstackBlock(lines: readonly string[], index: number, line: number): NewstackEvent {
  const h = header.exec(lines[index]);
  if (h === null) throw new LineProblem('malformed runtime: newstack line');
  if (index + 2 >= lines.length) throw new LineProblem('newstack block: the trace ends inside it');
  const m = morebuf.exec(lines[index + 1]);
  if (m === null) throw new BlockProblem(1, 'newstack block: expected a tab-indented morebuf={pc:… sp:… lr:…} line');
  const s = sched.exec(lines[index + 2]);
  if (s === null) throw new BlockProblem(2, 'newstack block: expected a tab-indented sched={pc:… sp:… lr:… ctxt:…} line');
  const sp = hexField(h[1], 'sp');
  const lo = hexField(h[2], 'stack.lo');
  const hi = hexField(h[3], 'stack.hi');
  const buf = below(1, () => ({ pc: hexField(m[1], 'morebuf.pc'), sp: hexField(m[2], 'morebuf.sp'), lr: hexField(m[3], 'morebuf.lr') }));
  const sch = below(2, () => ({
    pc: hexField(s[1], 'sched.pc'),
    sp: hexField(s[2], 'sched.sp'),
    lr: hexField(s[3], 'sched.lr'),
    ctxt: hexField(s[4], 'sched.ctxt'),
  }));
  return { kind: 'newstack', line, sp, lo, hi, morebuf: buf, sched: sch };
}

// Re-labels a field problem so it is reported on its own continuation line.
function below<T>(offset: number, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof LineProblem) throw new BlockProblem(offset, e.message);
    throw e;
  }
}

/** A problem on a continuation line of the block, `offset` lines below the header. */
export class BlockProblem extends LineProblem {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}
