/**
 * Hand-written trace snippets for the conformance tests, built from the
 * samples in research notes §6.6 (Go 1.19.8, linux/amd64, stackDebug=1).
 */

/** Lines → trace text, newline-terminated like the runtime's output. */
export function trace(...lines: string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

/** §6.6, first lines of demo1: gsignal 32 KiB and g0 8 KiB stacks, then refills. */
export const demo1Start = [
  'stackalloc 32768',
  '  allocated 0xc000008000',
  'stackalloc 2048',
  'stackcacherefill order=0',
  '  allocated 0xc000038000',
  'stackalloc 32768',
  '  allocated 0xc00003e000',
  'stackalloc 8192',
  'stackcacherefill order=2',
  '  allocated 0xc00004a000',
];

/** §6.6 growth event, preceded by the allocation of the 2 KiB stack it grows (line 1–3). */
export const growth = [
  'stackalloc 2048',
  'stackcacherefill order=0',
  '  allocated 0xc000038000',
  'runtime: newstack sp=0xc0000383e0 stack=[0xc000038000, 0xc000038800]',
  '\tmorebuf={pc:0x441f51 sp:0xc0000383f0 lr:0x0}',
  '\tsched={pc:0x4423d2 sp:0xc0000383e8 lr:0x0 ctxt:0x0}',
  'stackalloc 4096',
  'stackcacherefill order=1',
  '  allocated 0xc000088000',
  'copystack gp=0xc0000061a0 [0xc000038000 0xc0000383e8 0xc000038800] -> [0xc000088000 0xc000088be8 0xc000089000]/4096',
  'stackfree 0xc000038000 2048',
  'stack grow done',
];

/** §6.6 scan-time shrink, preceded by the allocation of the 128 KiB stack it shrinks (lines 1–2). */
export const shrink = [
  'stackalloc 131072',
  '  allocated 0xc000190000',
  'shrinking stack 131072->65536',
  'stackalloc 65536',
  '  allocated 0xc0000e2000',
  'copystack gp=0xc000009a00 [0xc000190000 0xc0001afea8 0xc0001b0000] -> [0xc0000e2000 0xc0000f1ea8 0xc0000f2000]/65536',
  'stackfree 0xc000190000 131072',
];

/** The growth event in the extended format (sizes and P ids printed). */
export const growthExtended = [
  'stackalloc 2048',
  'stackcacherefill order=0 p=0 blocks=8',
  '  allocated 0xc000038000 n=2048 p=0',
  'runtime: newstack sp=0xc0000383e0 stack=[0xc000038000, 0xc000038800]',
  '\tmorebuf={pc:0x441f51 sp:0xc0000383f0 lr:0x0}',
  '\tsched={pc:0x4423d2 sp:0xc0000383e8 lr:0x0 ctxt:0x0}',
  'stackalloc 4096',
  'stackcacherefill order=1 p=0 blocks=4',
  '  allocated 0xc000088000 n=4096 p=0',
  'copystack gp=0xc0000061a0 [0xc000038000 0xc0000383e8 0xc000038800] -> [0xc000088000 0xc000088be8 0xc000089000]/4096',
  'stackfree 0xc000038000 2048 p=0',
  'stack grow done',
];
