// The Go side of go-check: which release a GOROOT holds, a private copy of it with
// stackDebug = 1 and that release's extended-format patch applied, and the trace programs built
// against that copy. Every failure here is the user's setup, not a finding: a GoCheckSetupError
// with one line (the CLI turns it into exit 2).

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A setup problem (not a GOROOT, no toolchain, a patch that does not apply, a build failure): one line. @public */
export class GoCheckSetupError extends Error {}

/**
 * Releases go-check can check: the model has a profile of the release and conformance/go/<release>/
 * holds its extended-format patch (the patch is per release: the lines it prints at moved).
 * @public
 */
export const SUPPORTED_RELEASES = ['go1.19', 'go1.26'] as const;

/** A release go-check supports (go1.19, go1.26). @public */
export type SupportedRelease = (typeof SUPPORTED_RELEASES)[number];

const setup = (message: string): never => {
  throw new GoCheckSetupError(message);
};

/** The release of a GOROOT ("go1.19.8"), from its VERSION file or `bin/go version`. @internal */
export function goRelease(goroot: string): string {
  if (!existsSync(join(goroot, 'src', 'runtime', 'stack.go'))) {
    setup(`${goroot} is not a GOROOT with sources: no src/runtime/stack.go (Go 1.26: the official tarball at /usr/local/go; Debian's Go 1.19: apt-get install -y golang-1.19-go golang-1.19-src, GOROOT /usr/lib/go-1.19)`);
  }
  const goBin = join(goroot, 'bin', 'go');
  if (!existsSync(goBin)) setup(`no Go toolchain at ${goBin} (Debian: apt-get install -y golang-1.19-go golang-1.19-src)`);
  const versionFile = join(goroot, 'VERSION');
  if (existsSync(versionFile)) {
    const first = readFileSync(versionFile, 'utf8').split('\n')[0].trim();
    if (/^go\d/.test(first)) return first;
  }
  const r = spawnSync(goBin, ['version'], { encoding: 'utf8', env: { ...process.env, GOROOT: goroot, GOENV: 'off', GOTOOLCHAIN: 'local' } });
  const m = /\bgo version (go\S+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || m === null) setup(`${goBin} does not run (${(r.stderr || r.error?.message || 'no output').split('\n')[0]})`);
  return m![1];
}

/** The supported release family of a release string (go1.26.8 → go1.26), or a one-line refusal naming the supported ones. @internal */
export function checkRelease(release: string): SupportedRelease {
  const family = /^go\d+\.\d+(?![\d])/.exec(release)?.[0] ?? release;
  if (!(SUPPORTED_RELEASES as readonly string[]).includes(family)) {
    setup(`${release}: go-check supports ${SUPPORTED_RELEASES.map((r) => `${r}.x`).join(', ')} only (the model's profiles and the extended-format patches are those releases' stack code)`);
  }
  return family as SupportedRelease;
}

function run(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env, input: opts.input, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.error !== undefined) setup(`${cmd}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Applies a `diff -u` patch to the copy (`patch -p1`), first as a dry run so a patch that does
 * not apply leaves nothing half-done; the error names the file and hunk that failed.
 * @internal
 */
export function applyPatch(root: string, patchFile: string, what: string): void {
  const text = readFileSync(patchFile, 'utf8');
  const dry = run('patch', ['-p1', '--dry-run', '--batch', '--forward', '-d', root], { input: text });
  if (dry.status !== 0) {
    const out = `${dry.stdout}\n${dry.stderr}`;
    const file = /patching file (\S+)[\s\S]*?Hunk #(\d+) FAILED at (\d+)/.exec(out);
    const why = file !== null ? `${file[1]}: hunk #${file[2]} FAILED at line ${file[3]}` : out.split('\n').find((l) => l.trim() !== '') ?? 'patch failed';
    setup(`${what} does not apply to this runtime: ${why}${what.startsWith('the extended') ? ' (your changes conflict with the lines it prints at; see conformance/go/<release>/extended-format.patch)' : ''}`);
  }
  run('patch', ['-p1', '--batch', '--forward', '-s', '-d', root], { input: text });
}

/** Sets stackDebug = 1 in the copy's stack.go (the runtime's own trace prints). @internal */
export function setStackDebug(root: string): void {
  const file = join(root, 'src', 'runtime', 'stack.go');
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/^(\tstackDebug\s*=\s*)\d+(\s*(?:\/\/.*)?)$/m, '$11$2');
  if (!/^\tstackDebug\s*=\s*1\b/m.test(next)) setup(`cannot set stackDebug = 1 in ${file} (no 'stackDebug = N' line in its const block)`);
  writeFileSync(file, next);
}

// Not copied: the prebuilt std archives (stale once the runtime changes: go build rebuilds std
// into the private GOCACHE anyway) and the parts no build reads. Halves the copy (~475 → ~210 MB).
const skipped = new Set(['pkg/linux_amd64', 'pkg/linux_amd64_race', 'test', 'misc', 'api', 'doc']);

/** A writable copy of goroot in dir/goroot (dereferenced: Debian's GOROOT/src is a symlink). @internal */
export function copyGoroot(goroot: string, dir: string): string {
  const root = join(dir, 'goroot');
  try {
    cpSync(goroot, root, { recursive: true, dereference: true, filter: (src) => !skipped.has(relative(goroot, src)) });
  } catch (e) {
    setup(`cannot copy ${goroot}: ${(e as Error).message.split('\n')[0]}`);
  }
  makeWritable(join(root, 'src', 'runtime'));
  return root;
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    if (f.isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

/** The environment every go command of go-check runs in: the copy, private caches, no cgo. @internal */
export function goEnv(root: string, work: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: process.env.HOME ?? work, GOROOT: root, GOCACHE: join(work, 'gocache'), GOPATH: join(work, 'gopath'),
    GOENV: 'off', GOFLAGS: '', GOWORK: 'off', GO111MODULE: 'on', CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOPROXY: 'off',
  };
}

/** Builds conformance/go/<program> against the copy; a failure names the compiler's first error line. @internal */
export function buildProgram(root: string, work: string, srcDir: string, program: string): string {
  const out = join(work, 'bin', program);
  mkdirSync(join(work, 'bin'), { recursive: true });
  const r = run(join(root, 'bin', 'go'), ['build', '-o', out, `./${program}`], { cwd: srcDir, env: goEnv(root, work) });
  if (r.status !== 0) {
    const first = r.stderr.split('\n').find((l) => /\.go:\d+/.test(l)) ?? r.stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? 'go build failed';
    setup(`build of ${program} against the patched runtime failed: ${first.trim()}`);
  }
  return out;
}

/** The trace programs: every conformance/go/<name>/main.go. @internal */
export function programsIn(srcDir: string): string[] {
  return readdirSync(srcDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(srcDir, d.name, 'main.go')))
    .map((d) => d.name)
    .sort();
}
