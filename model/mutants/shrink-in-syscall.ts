// golang/go#10976: a stack must not move while a syscall may hold pointers into it.

import { isShrinkStackSafe } from '../copystack.ts';
import type { G } from '../state.ts';
import { defineMutant } from './define.ts';

/** @public */
export const shrinkInSyscall = defineMutant({
  name: 'shrink-in-syscall', title: 'isShrinkStackSafe ignores syscallsp', issue: 'golang/go#10976',
  caughtBy: ['throw', 'no-move-in-syscall'], replace: { isShrinkStackSafe: (g: G, profile): boolean => isShrinkStackSafe({ ...g, syscallsp: 0 }, profile) },
  doc: 'syscall.Read(fd, buf[:]) hands the kernel a pointer into the goroutine\'s stack; if the GC shrank the stack while the goroutine is in the syscall, the kernel would write into freed memory. isShrinkStackSafe refuses while syscallsp != 0, and copystack throws "stack growth not allowed in system call" as a last guard. This mutant drops the syscallsp test, so a scan of a goroutine in _Gsyscall goes on to shrink it and copystack throws.',
});
