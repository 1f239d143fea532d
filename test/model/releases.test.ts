// The release dimension: profiles named by release and platform, the two old names kept as
// Go 1.19's aliases, and each release's constants against its own runtime source (read
// from /usr/local/go and /usr/lib/go-1.19 when the machine has them, skipped otherwise).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  go119, go119Windows, go126, go126Windows, linuxAmd64, profileAliases, profileName, profiles, releases, windowsAmd64, type Profile,
} from '../../model/index.ts';
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
