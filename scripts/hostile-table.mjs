#!/usr/bin/env node
// Issue 12's closing table, measured: every hostile input and fault the issue lists, run as
// a user would (bin/stackcheck.mjs in a fresh working directory), with its exit code, the
// first line of stderr and what was saved (files written, temporary files left). Prints a
// Markdown table. Mounts two tiny tmpfs (a full and a read-only one) when run as root.
//   node scripts/hostile-table.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const bin = join(root, 'bin', 'stackcheck.mjs');
const work = mkdtempSync(join(tmpdir(), 'stackcheck-hostile-'));
const corpus = join(root, 'counterexamples', 'corpus');
const good = join(corpus, 'throw-341a24809d.json');
const doc = () => JSON.parse(readFileSync(good, 'utf8'));
const file = (name, text) => { const p = join(work, name); writeFileSync(p, text); return p; };
const edited = (name, f) => { const d = doc(); f(d); return file(name, JSON.stringify(d, null, 1)); };
const mount = (opts) => {
  const d = mkdtempSync(join(tmpdir(), 'stackcheck-mnt-'));
  return spawnSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', d]).status === 0 ? d : null;
};

// Inputs.
const arena8 = edited('arena8.json', (d) => { d.scope.arenaPages = 8; });
const heap1e8 = edited('heap1e8.json', (d) => { d.scope.heapObjects = 100_000_000; });
const formatText = edited('format-text.json', (d) => { d.format = '1'; });
const fifo = join(work, 'fifo');
spawnSync('mkfifo', [fifo]);
const huge = join(work, 'huge.json');
spawnSync('truncate', ['-s', '300M', huge]);
const mutant = (name, replace) => file(`${name}.mjs`, `export default { name: '${name}', replace: { ${replace} } };\n`);
const typeError = mutant('type-error', 'ret() { const g = null; return g.frames; }');
const throw42 = mutant('throw-42', 'ret() { throw 42; }');
const asyncRet = mutant('async-ret', 'async ret() { throw new Error("later"); }');
const nullDraft = mutant('null-draft', 'ret(d) { d.gs = null; }');
const syntaxError = file('syntax-error.ts', "export const mutant = {\n  name: 'oops',\n  replace: { ret( },\n};\n");
const myChange = file('my-change.ts', [
  "import { shrinkstack, type Draft, type ExecP, type ShrinkOwner, type UserMutant } from 'stackcheck/model';",
  'export const mutant: UserMutant = {',
  "  name: 'my-change',",
  '  replace: { shrinkstack(d: Draft, goid: number, pp: ExecP, owner: ShrinkOwner): void { shrinkstack(d, goid, pp, owner); } },',
  '};',
  '',
].join('\n'));
const second = file('second.mjs', "import { shrinkstack } from 'stackcheck/model';\nexport default { name: 'second', replace: { shrinkstack } };\n");
const aFile = file('a-file', 'not a directory\n');
// A 100,006-step counterexample: the corpus' parking throw after 50,000 call/ret pairs.
const bigTrace = (() => {
  const d = doc();
  const pad = [], script = [];
  for (let i = 0; i < 50_000; i++) {
    pad.push({ kind: 'call', g: 0, fn: 4, slots: [], ctxt: { to: 'nil' } }, { kind: 'ret', g: 0 });
    script.push('call g0 call4k', 'ret g0');
  }
  d.actions = [...pad, ...d.actions];
  d.script = [...script, ...d.script];
  d.finding.step += 100_000;
  return file('big-100006-steps.json', JSON.stringify(d));
})();
mkdirSync(join(work, 'pages'), { recursive: true });
const full = mount('size=4k');
if (full !== null) spawnSync('sh', ['-c', `cat /dev/zero > ${join(full, 'filler')} 2>/dev/null`]);
const readOnly = mount('ro,size=4k');
// Whatever happens below, the mounts and the working directory go.
process.on('exit', () => {
  for (const d of [full, readOnly]) if (d) { spawnSync('umount', [d]); rmSync(d, { recursive: true, force: true }); }
  rmSync(work, { recursive: true, force: true });
});
const finding = ['run', '--mutant', 'stackpoolfree-frees-during-gc', '--runs', '50'];

/** Files under dir (recursively), as paths relative to work (or absolute outside it). */
function listing(dir) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out = [];
  for (const f of readdirSync(dir, { recursive: true })) {
    const p = join(dir, String(f));
    if (statSync(p).isFile()) out.push(p);
  }
  return out;
}
const snapshot = (dirs) => new Map(dirs.flatMap((d) => listing(d)).map((p) => [p, statSync(p).mtimeMs]));
const watched = () => [join(work, 'stackcheck-findings'), join(work, 'out'), join(work, 'pages'), ...(full ? [full] : [])];

/** Runs argv (or a shell line) in work; the row. */
function run(label, argv, opts = {}) {
  const before = snapshot(watched());
  const t0 = performance.now();
  const r = opts.shell
    ? spawnSync('sh', ['-c', opts.shell], { cwd: work, encoding: 'utf8', timeout: 300_000 })
    : spawnSync(process.execPath, [bin, ...argv], { cwd: work, encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 28 });
  return row(label, r.status ?? `signal ${r.signal}`, r.stderr, before, performance.now() - t0, opts.note?.(r));
}

function row(label, code, stderr, before, ms, note) {
  const after = snapshot(watched());
  const changed = [...after.keys()].filter((p) => before.get(p) !== after.get(p) && !p.endsWith('/filler'));
  const saved = changed.map((p) => `${p.endsWith('.tmp') ? 'TEMP LEFT ' : ''}${relative(work, p).startsWith('..') ? p : relative(work, p)}`);
  const first = (stderr ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return { label, code, first, saved: [...saved, ...(note ? [note] : [])].join('; ') || 'nothing', secs: (ms / 1000).toFixed(1) };
}

/** Runs under a pseudo-terminal, sending a SIGINT each time a pattern first shows (cli/interrupt.ts). */
function interrupted(label, argv, when) {
  const before = snapshot(watched());
  const t0 = performance.now();
  const cmd = `echo STACKCHECK_PID=$$; exec '${process.execPath}' '${bin}' ${argv.map((a) => `'${a}'`).join(' ')}`;
  return new Promise((resolve) => {
    const child = spawn('script', ['-qefc', cmd, '/dev/null'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '', sent = 0;
    child.stdout.on('data', (b) => {
      text += b.toString();
      const pid = /STACKCHECK_PID=(\d+)/.exec(text);
      if (pid && sent < when.length && when[sent].test(text)) { sent++; process.kill(Number(pid[1]), 'SIGINT'); }
    });
    child.on('close', (code) => {
      // stdout and stderr share the terminal: the first stackcheck: line is stderr's.
      const err = text.replace(/\x1b\[K/g, '').split(/[\r\n]+/).filter((l) => l.startsWith('stackcheck: ')).join('\n');
      const cx = /^counterexample: (.*)$/m.exec(text.replace(/\r/g, ''));
      resolve(row(label, code, err, before, performance.now() - t0, cx ? `printed: counterexample: ${cx[1].slice(0, 90)}` : /stopped by SIGINT/.test(text) ? 'printed: partial report, "stopped by SIGINT"' : undefined));
    });
  });
}

const rows = [];
const add = (r) => { rows.push(r); process.stderr.write(`${rows.length}. ${r.label}: exit ${r.code} (${r.secs} s)\n`); };

// Crashes and exit codes.
add(run('run --scope arenaPages=8', ['run', '--scope', 'arenaPages=8']));
add(run('mutants --scope arenaPages=8', ['mutants', '--scope', 'arenaPages=8', '--runs', '5']));
add(run('replay FILE (scope arenaPages=8)', ['replay', arena8]));
add(run('run --scope heapObjects=100000000', ['run', '--scope', 'heapObjects=100000000']));
add(run('run --scope chans=1000000000', ['run', '--scope', 'chans=1000000000']));
add(run('replay FILE (scope heapObjects=100000000)', ['replay', heap1e8]));
add(run('run --scope maxMs=1000000', ['run', '--scope', 'maxMs=1000000']));
add(run('run --scope gFreeSpill=100000', ['run', '--scope', 'gFreeSpill=100000']));
for (const k of ['toString', '__proto__', 'constructor']) add(run(`run --scope ${k}=1`, ['run', '--scope', `${k}=1`]));
add(run('run --scope maxstacksize=4294975488 (2^32+8192)', ['run', '--scope', 'maxstacksize=4294975488']));
add(run('run --mutant-file (routine: TypeError)', ['run', '--mutant-file', typeError, '--runs', '50']));
add(run('run --mutant-file (routine: throw 42)', ['run', '--mutant-file', throw42, '--runs', '50']));
add(run('run --mutant-file (routine: async, rejected)', ['run', '--mutant-file', asyncRet, '--runs', '50']));
add(run('run --mutant-file (routine sets draft.gs = null)', ['run', '--mutant-file', nullDraft, '--runs', '50']));
add(run('invariants > /dev/full', [], { shell: `'${process.execPath}' '${bin}' invariants > /dev/full` }));
add(run('replay /dev/zero', ['replay', '/dev/zero']));
add(run('conform /dev/zero', ['conform', '/dev/zero']));
add(run('replay FIFO', ['replay', fifo]));
add(run('conform FIFO', ['conform', fifo]));
add(run('replay 300 MiB file', ['replay', huge]));
add(run('conform 300 MiB file', ['conform', huge]));
add(run('replay --html, 100,006-step trace, 160 MiB heap', [], {
  shell: `'${process.execPath}' --max-old-space-size=160 '${bin}' replay '${bigTrace}' --html pages/big.html`,
  note: (r) => `page ${(statSync(join(work, 'pages/big.html')).size / 2 ** 20).toFixed(1)} MiB; stdout: ${/reproduced at step \d+ of \d+/.exec(r.stdout)?.[0] ?? r.stdout.trim()}`,
}));
// Hangs.
add(run('run --mutant-file (loops at import) --time-limit 1', ['run', '--mutant-file', join(root, 'test/mutants/fixtures/loops-at-import.mjs'), '--time-limit', '1']));
add(run('run --mutant-file (routine loops) --time-limit 1', ['run', '--mutant-file', join(root, 'test/mutants/fixtures/loops-in-routine.ts'), '--time-limit', '1', '--runs', '50']));
// Findings lost, files half-written.
if (readOnly) add(run('run (finding) --out on a read-only mount', [...finding, '--out', join(readOnly, 'sub')]));
add(run('run (finding) --out under a file', [...finding, '--out', join(aFile, 'corpus')]));
if (full) add(run('run (finding) --out on a full disk', [...finding, '--out', full]));
if (full) add(run('replay --html onto a full disk (existing file)', ['replay', good, '--html', join(full, 'filler')]));
const lateGc = ['--mutant-file', join(root, 'test/mutants/fixtures/late-gc-throw.ts'), '--max-steps', '5000'];
add(await interrupted('run (finding: late-gc-throw.ts), SIGINT while shrinking', ['run', ...lateGc, '--out', 'out/sigint'], [/shrinking: /]));
add(await interrupted('run --runs 1000000, SIGINT', ['run', '--runs', '1000000', '--out', 'out'], [/run: [\d,]+\/1,000,000 runs/]));
add(await interrupted('run --mutant-file (loops at import), SIGINT twice', ['run', '--mutant-file', join(root, 'test/mutants/fixtures/loops-at-import.mjs'), '--out', 'out'], [/run: loading /, /interrupted: stopping/]));
{
  let line = '';
  add(run('run (finding: late-gc-throw.ts) --time-limit 10 --json', ['run', ...lateGc, '--runs', '100000', '--time-limit', '10', '--out', 'out/a', '--json'], {
    note: (r) => {
      if (r.status !== 1) return `no finding: stdout ${r.stdout.slice(0, 80)}`;
      const j = JSON.parse(r.stdout);
      line = /^stackcheck (run .*)$/.exec(j.reproduce)[1];
      return `detectedMs ${j.detectedMs}, elapsedMs ${j.elapsedMs} (shrinking went on past the limit)`;
    },
  }));
  if (line !== '') add(run(`its reproduce line: ${line.replace(root + '/', '')}`, [...line.split(' '), '--out', 'out/b'], {
    note: () => {
      const [fa] = listing(join(work, 'out/a')), [fb] = listing(join(work, 'out/b'));
      return `same file as --time-limit's: ${readFileSync(fa, 'utf8') === readFileSync(fb, 'utf8') ? 'yes, byte for byte' : 'NO'}`;
    },
  }));
}
// --mutant-file as a user meets it.
add(run('run --mutant-file my-change.ts (outside the repo, imports stackcheck/model)', ['run', '--mutant-file', myChange, '--runs', '20']));
add(run('run --mutant-file (syntax error)', ['run', '--mutant-file', syntaxError]));
add(run('run --json (finding): detectedMs and elapsedMs', [...finding, '--json', '--out', 'out/json'], {
  note: (r) => { const j = JSON.parse(r.stdout); return `detectedMs ${j.detectedMs}, elapsedMs ${j.elapsedMs}`; },
}));
add(run('mutants --mutant-file my-change.ts second.mjs', ['mutants', '--mutant-file', myChange, second, '--runs', '20'], {
  note: (r) => r.stdout.trim().split('\n').at(-1),
}));
// Corpus.
add(run('run (finding), no --out', finding));
add(run('replay counterexamples/corpus/frame-pointer-chain-fb0f735836.json (a local fault)', ['replay', join(corpus, 'frame-pointer-chain-fb0f735836.json')]));
// Messages.
add(run('run --runs -1', ['run', '--runs', '-1']));
add(run('run --seed -1', ['run', '--seed', '-1']));
add(run('run --seed 18446744073709551616', ['run', '--seed', '18446744073709551616']));
add(run('run --seed 1 --seed 2', ['run', '--seed', '1', '--seed', '2']));
add(run('run --scope procs=1,procs=2', ['run', '--scope', 'procs=1,procs=2']));
add(run('replay FILE ("format":"1")', ['replay', formatText]));
add(run('invariants --json --markdown', ['invariants', '--json', '--markdown']));

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(work + '/', '').replace(new RegExp(tmpdir() + '/stackcheck-[\\w-]+', 'g'), 'DIR');
console.log('| input | exit | first line of stderr | saved |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${cell(r.label)} | ${r.code} | ${cell(r.first || '(none)')} | ${cell(r.saved)} |`);
