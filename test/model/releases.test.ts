// The release dimension: profiles named by release and platform, the two old names kept as
// Go 1.19's aliases, and each release's constants against its own runtime source (read
// from /usr/local/go and /usr/lib/go-1.19 when the machine has them, skipped otherwise).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  go119, go119Windows, go126, go126Windows, linuxAmd64, makeConfig, profileAliases, profileName, profiles, releases, stackOrder, stacklog2,
  windowsAmd64, type Profile,
} from '../../model/index.ts';
import { call, reach } from './play.ts';
import { profileNamed } from '../../config/index.ts';
import { catalogData } from '../../cli/invariants.ts';
import { invariants, invariantsFor, releasesOf } from '../../properties/invariants/catalog.ts';
import { mutants, mutantsOf } from '../../model/mutants/index.ts';
import { checkMutantRelease } from '../../cli/mutant-file.ts';

const go126Src = '/usr/local/go/src';
const go119Src = '/usr/lib/go-1.19/src';

/** The integer a Go source line `name = <int>` (or `name int = <int>`) gives, else throws. */
function goConst(file: string, name: string): number {
  const m = new RegExp(`^\\s*${name}\\s*(?:\\w+\\s*)?=\\s*(\\d+)\\b`, 'm').exec(readFileSync(file, 'utf8'));
  if (m === null) throw new Error(`${name} not found in ${file}`);
  return Number(m[1]);
}

/** The first integer of the capture group of re in file, else throws. */
function goMatch(file: string, re: RegExp): number {
  const m = re.exec(readFileSync(file, 'utf8'));
  if (m === null) throw new Error(`${re} not found in ${file}`);
  return Number(m[1]);
}

describe('profile names', () => {
  test('each release profile is named by its release and platform; the aliases stand for Go 1.19', () => {
    for (const p of Object.values(profiles)) {
      if (Object.hasOwn(profileAliases, p.name)) continue;
      expect(p.name).toBe(profileName(p.release, p.platform));
    }
    expect(Object.keys(profiles).sort()).toEqual(['go1.19', 'go1.19/windows/amd64', 'go1.26', 'go1.26/windows/amd64', 'linux/amd64', 'windows/amd64']);
    for (const [alias, target] of Object.entries(profileAliases)) {
      const { name: _a, ...aliasFields } = profiles[alias];
      const { name: _t, ...targetFields } = profiles[target];
      expect(aliasFields, alias).toEqual(targetFields);
    }
    expect(linuxAmd64.release).toBe('go1.19');
    expect(windowsAmd64.platform).toBe('windows/amd64');
  });

  test('--profile takes every name, and an unknown one lists them', () => {
    expect(profileNamed('go1.26')).toBe(go126);
    expect(profileNamed('go1.26/windows/amd64')).toBe(go126Windows);
    expect(profileNamed('linux/amd64').release).toBe('go1.19');
    expect(() => profileNamed('go1.27')).toThrow(/unknown profile 'go1\.27' \(valid: go1\.19, go1\.26, .*linux\/amd64 \(default; = go1\.19\)/);
  });
});

describe('the catalog and the mutants say which releases they apply to', () => {
  test('a rule with no releases applies to all; each release is checked against its own rules', () => {
    for (const row of catalogData() as { id: string; releases: string[] }[]) expect(row.releases.length, row.id).toBeGreaterThan(0);
    for (const r of releases) {
      const list = invariantsFor({ release: r });
      expect(list.length).toBeGreaterThan(0);
      expect(list.every((i) => releasesOf(i).includes(r))).toBe(true);
      expect(invariants.filter((i) => i.releases === undefined).every((i) => list.includes(i))).toBe(true);
    }
  });

  test('mutants of one release are hunted only under it, and run refuses one under another release', () => {
    for (const r of releases) expect(mutantsOf(r).every((m) => m.releases.includes(r))).toBe(true);
    expect(mutants.every((m) => m.releases.length > 0)).toBe(true);
    const only126 = { name: 'x', releases: ['go1.26' as const] };
    expect(() => checkMutantRelease(only126, go119)).toThrow(/mutant 'x' is a bug in code only go1\.26 has; profile go1\.19 is go1\.19 \(give --profile go1\.26\)/);
    expect(() => checkMutantRelease(only126, go126Windows)).not.toThrow();
  });
});

/** The constants every release computes the same way on a platform, from stack.go and internal/abi. */
function expectStackConstants(p: Profile, c: { stackSystem: number; stackMin: number; nosplit: number; small: number; big: number }): void {
  const fixed = 2 ** Math.ceil(Math.log2(c.stackMin + c.stackSystem));
  expect(p.stackSystem).toBe(c.stackSystem);
  expect(p.stackMin).toBe(c.stackMin);
  expect(p.fixedStack).toBe(fixed);
  expect(p.stackLimit).toBe(c.nosplit);
  expect(p.stackSmall).toBe(c.small);
  expect(p.stackBig).toBe(c.big);
  expect(p.stackGuard).toBe(c.nosplit + c.stackSystem + c.small);
}

describe.skipIf(!existsSync(join(go126Src, 'runtime/stack.go')))('go1.26 against /usr/local/go/src', () => {
  const stack = join(go126Src, 'runtime/stack.go');
  const abi = join(go126Src, 'internal/abi/stack.go');
  const c = {
    stackMin: goConst(stack, 'stackMin'), nosplit: goConst(abi, 'StackNosplitBase'), small: goConst(abi, 'StackSmall'), big: goConst(abi, 'StackBig'),
  };
  const windowsSystem = goMatch(stack, /stackSystem\s*=\s*goos\.IsWindows\*(\d+)\s*\+/);

  test('stackGuard = stackNosplit + stackSystem + abi.StackSmall, stackSystem goos.IsWindows*4096', () => {
    expect(windowsSystem).toBe(4096);
    expectStackConstants(go126, { ...c, stackSystem: 0 });
    expectStackConstants(go126Windows, { ...c, stackSystem: windowsSystem });
  });

  test('allocm gives a new M a malg(16384) g0 where the runtime allocates it', () => {
    expect(go126.g0StackSize).toBe(goMatch(join(go126Src, 'runtime/proc.go'), /mp\.g0 = malg\((\d+) \* sys\.StackGuardMultiplier\)/));
    expect(go126Windows.g0StackSize).toBe(0); // mStackIsSystemAllocated on windows
  });
});

describe.skipIf(!existsSync(join(go119Src, 'runtime/stack.go')))('go1.19 against /usr/lib/go-1.19/src', () => {
  const stack = join(go119Src, 'runtime/stack.go');
  const guard = goMatch(stack, /_StackGuard\s*=\s*(\d+)\*sys\.StackGuardMultiplier/);
  const small = goConst(stack, '_StackSmall');
  const windowsSystem = goMatch(stack, /_StackSystem\s*=\s*goos\.IsWindows\*(\d+)\*goarch\.PtrSize/) * 8;

  test('_StackGuard = 928 + _StackSystem, _StackLimit = _StackGuard - _StackSystem - _StackSmall, _StackSystem 512*PtrSize', () => {
    const c = { stackMin: goConst(stack, '_StackMin'), nosplit: guard - small, small, big: goConst(stack, '_StackBig') };
    expectStackConstants(go119, { ...c, stackSystem: 0 });
    expectStackConstants(go119Windows, { ...c, stackSystem: windowsSystem });
  });

  test('allocm gives a new M a malg(8192) g0', () => {
    expect(go119.g0StackSize).toBe(goMatch(join(go119Src, 'runtime/proc.go'), /mp\.g0 = malg\((\d+) \* sys\.StackGuardMultiplier\)/));
  });
});

// ---- Each behaviour difference, under both releases, as each release's source has it ----------

const both = [go119, go126] as const;
const src = (release: string, file: string): string => readFileSync(join(release === 'go1.26' ? go126Src : go119Src, file), 'utf8');
const haveBoth = existsSync(join(go126Src, 'runtime/stack.go')) && existsSync(join(go119Src, 'runtime/stack.go'));

describe('a goroutine scanning its own stack: Go 1.19 shrinks it, Go 1.26 defers the shrink to preemptShrink', () => {
  // g0 grows 2K -> 8K and returns: it uses far less than a quarter, so a scan wants to halve it.
  const setup = [call(0, 'call4k'), { kind: 'ret', g: 0 } as const, { kind: 'gcStart' } as const];
  for (const p of both) {
    test(p.name, () => {
      const cfg = makeConfig(p);
      const before = reach(cfg, setup);
      const o = before.gs[0];
      expect([o.status, o.hi - o.lo]).toEqual(['running', 8192]);
      const after = reach(cfg, [{ kind: 'scanstack', g: 0, p: 0 }], before);
      const n = after.gs[0];
      expect(n.status).toBe('running');
      expect(n.gcscandone).toBe(true);
      if (p.release === 'go1.19') {
        expect([n.hi - n.lo, n.preemptShrink]).toEqual([4096, false]);
      } else {
        expect([n.lo, n.hi, n.preemptShrink]).toEqual([o.lo, o.hi, true]);
        // The deferred shrink happens at g0's next synchronous safe point: a preempted prologue.
        const later = reach(cfg, [{ kind: 'preemptone', g: 0 }, call(0, 'call96')], after).gs[0];
        expect([later.hi - later.lo, later.preemptShrink]).toEqual([4096, false]);
      }
    });
  }

  test.skipIf(!haveBoth)('as the sources say: only Go 1.26 refuses a G waiting for suspendG, and markroot puts a self-scan in that wait', () => {
    const safe = (r: string): string => /func isShrinkStackSafe[\s\S]*?\n}/.exec(src(r, 'runtime/stack.go'))![0];
    expect(safe('go1.19')).not.toMatch(/isWaitingForSuspendG/);
    expect(safe('go1.26')).toMatch(/readgstatus\(gp\)&\^_Gscan == _Gwaiting && gp\.waitreason\.isWaitingForSuspendG\(\)/);
    expect(src('go1.26', 'runtime/mgcmark.go')).toMatch(/if selfScan \{\s*casGToWaitingForSuspendG\(userG, _Grunning, waitReasonGarbageCollectionScan\)/);
    expect(src('go1.26', 'runtime/runtime2.go')).toMatch(/isWaitingForSuspendG = \[len\(waitReasonStrings\)\]bool\{[^}]*waitReasonGarbageCollectionScan: +true/);
    expect(src('go1.19', 'runtime/stack.go')).toMatch(/f\.funcID == funcID_gcBgMarkWorker/); // 1.19's exemption instead (no mark workers in the model)
    expect(src('go1.26', 'runtime/stack.go')).not.toMatch(/funcID_gcBgMarkWorker/);
  });
});

describe("stackLarge's bucket: 2^k pages go to free[k] in Go 1.19, free[k+1] in Go 1.26", () => {
  for (const p of both) {
    test(p.name, () => {
      const cfg = makeConfig(p);
      // g1 grows to 32 KiB (4 pages) and exits during the GC: its span goes to stackLarge.
      const s = reach(cfg, [
        { kind: 'newproc', g: 0 }, { kind: 'execute', g: 1, p: 1 }, call(1, 'call4k'), call(1, 'call12k'), { kind: 'gcStart' }, { kind: 'goexit', g: 1 },
      ]);
      const want = p.release === 'go1.19' ? 2 : 3;
      expect(s.stackLarge.map((l, k) => [k, l.length]).filter(([, n]) => n > 0)).toEqual([[want, 1]]);
      expect(stacklog2(p, 4)).toBe(want);
      // A large stack allocated again during the same GC (g2's, g1 being on P1's gFree) finds it there.
      const again = reach(cfg, [{ kind: 'newproc', g: 0 }, { kind: 'execute', g: 2, p: 1 }, call(2, 'call4k'), call(2, 'call12k')], s);
      expect(again.stackLarge[want]).toEqual([]);
    });
  }

  test.skipIf(!haveBoth)('as the sources say: a shift loop in Go 1.19, bits.Len64 in Go 1.26', () => {
    const log2 = (r: string): string => /func stacklog2[\s\S]*?\n}/.exec(src(r, 'runtime/stack.go'))![0];
    expect(log2('go1.19')).toMatch(/for n > 1 \{\s*n >>= 1\s*log2\+\+/);
    expect(log2('go1.26')).toMatch(/return bits\.Len64\(uint64\(n\)\)/);
    for (let n = 1; n <= 1024; n++) expect(stacklog2(go126, n)).toBe(n.toString(2).length); // bits.Len64
  });
});

describe('a new M: an 8 KiB g0 (order 2) in Go 1.19, 16 KiB (order 3) in Go 1.26; none on windows', () => {
  for (const p of [...both, go119Windows, go126Windows]) {
    test(p.name, () => {
      const cfg = makeConfig(p);
      const s = reach(cfg, [{ kind: 'newm', p: 0 }]);
      const m = s.ms[s.ms.length - 1];
      const want = p.platform === 'windows/amd64' ? 0 : p.release === 'go1.19' ? 8192 : 16384;
      expect(m.g0hi - m.g0lo).toBe(want);
      if (want > 0) expect(stackOrder({ cfg }, want)).toBe(p.release === 'go1.19' ? 2 : 3);
    });
  }
});

describe('a deferred call a panic runs: Go 1.19 keeps its record (d._panic set), Go 1.26 pops it first', () => {
  // g0 defers in its first frame, panics there, and the deferred call grows the stack 2K -> 8K.
  const setup = [call(0, 'call96'), { kind: 'defer', g: 0 } as const, { kind: 'panic', g: 0 } as const];
  for (const p of both) {
    test(p.name, () => {
      const cfg = makeConfig(p);
      const s = reach(cfg, setup);
      const g = s.gs[0];
      expect(g.panics).toHaveLength(1);
      if (p.release === 'go1.19') {
        expect(g.defers.map((r) => r.panic)).toEqual([g.panics[0]]);
      } else {
        expect(g.defers).toEqual([]);
      }
      const grown = reach(cfg, [call(0, 'call4k')], s).gs[0];
      expect(grown.hi - grown.lo).toBeGreaterThan(g.hi - g.lo);
      // 1.19's record moved with the stack, its _panic too; 1.26 has none left to move.
      expect(grown.defers.map((r) => r.panic)).toEqual(p.release === 'go1.19' ? [grown.panics[0]] : []);
    });
  }

  test('defer-panic-not-adjusted applies to Go 1.19 only: Go 1.26 has no d._panic to leave behind', () => {
    expect(mutants.find((m) => m.name === 'defer-panic-not-adjusted')?.releases).toEqual(['go1.19']);
  });

  test.skipIf(!haveBoth)('as the sources say: _defer lost _panic, varp and fd; adjustdefers moves fn, sp, link; nextDefer pops before the call', () => {
    const rec = (r: string): string => /type _defer struct \{[\s\S]*?\n}/.exec(src(r, 'runtime/runtime2.go'))![0];
    const adj = (r: string): string => /func adjustdefers[\s\S]*?\n}/.exec(src(r, 'runtime/stack.go'))![0];
    for (const field of ['_panic', 'varp', 'fd']) {
      expect(rec('go1.19')).toMatch(new RegExp(`^\\s*${field}\\s`, 'm'));
      expect(rec('go1.26')).not.toMatch(new RegExp(`^\\s*${field}\\s`, 'm'));
    }
    expect([...adj('go1.26').matchAll(/&d\.(\w+)/g)].map((m) => m[1])).toEqual(['fn', 'sp', 'link']);
    expect([...adj('go1.19').matchAll(/&d\.(\w+)/g)].map((m) => m[1])).toEqual(['fn', 'sp', '_panic', 'link', 'varp', 'fd']);
    expect(/func \(p \*_panic\) nextDefer[\s\S]*?\n}/.exec(src('go1.26', 'runtime/panic.go'))![0]).toMatch(/popDefer\(gp\)[\s\S]*return fn, true/);
  });
});

describe("a dead frame's saved BP across a stack copy: Go 1.19 leaves it, Go 1.26 adjusts it", () => {
  // g0: call96 → call96 (pointing at its caller's slot 0), which then faults and is dead; a
  // call4k on top (the deferred call, say) grows the stack 2K -> 8K.
  const slot = [{ to: 'stack', frame: 0, slot: 0 } as const];
  for (const p of both) {
    test(p.name, () => {
      const cfg = makeConfig(p);
      const s = reach(cfg, [call(0, 'call96'), call(0, 'call96', slot)]);
      const g = s.gs[0];
      const dead = { ...g.frames[1], dead: true };
      const before = { ...s, gs: s.gs.map((x, i) => (i === 0 ? { ...x, frames: [g.frames[0], dead] } : x)) };
      expect(dead.bp).toBeGreaterThanOrEqual(g.lo);
      const n = reach(cfg, [call(0, 'call4k')], before).gs[0];
      expect(n.lo).not.toBe(g.lo);
      const delta = n.hi - g.hi;
      // Neither release adjusts a dead frame's locals.
      expect(n.frames[1].slots).toEqual(dead.slots);
      expect(n.frames[1].dead).toBe(true);
      expect(n.frames[1].bp).toBe(p.release === 'go1.19' ? dead.bp : dead.bp + delta);
    });
  }

  test.skipIf(!haveBoth)('as the sources say: Go 1.19 returns on continpc == 0 before the saved-BP adjustment, Go 1.26 after it', () => {
    const adj = (r: string): string => /func adjustframe[\s\S]*?\n}/.exec(src(r, 'runtime/stack.go'))![0];
    const order = (r: string): [number, number] => [adj(r).indexOf('frame.continpc == 0'), adj(r).indexOf('adjustpointer(adjinfo, unsafe.Pointer(frame.varp))')];
    const [dead19, bp19] = order('go1.19');
    const [dead26, bp26] = order('go1.26');
    expect(dead19).toBeGreaterThan(0);
    expect(bp19).toBeGreaterThan(dead19);
    expect(bp26).toBeGreaterThan(0);
    expect(dead26).toBeGreaterThan(bp26);
  });
});
