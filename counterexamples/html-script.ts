// The page's script (html.ts): renders one frame of the embedded trace at a time — the state
// panel, the stacks with arrows, the spans, the changes — and moves between frames by
// buttons, slider, ←/→/Home/End, a click in the action list, or the URL (#step=N, N as the
// command line numbers steps; #step=initial). Plain ES2020, no template literals (it lives
// in one).

/** @internal */
export const pageScript = `
'use strict';
const data = JSON.parse(document.getElementById('trace').textContent);
const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const total = data.actions.length;
const slider = $('slider');
slider.max = String(data.frames.length - 1);
let cur = 0;

for (const o of data.owners) {
  const s = el('span', '', o.replace('-', ' '));
  s.style.setProperty('--c', 'var(--' + o + ')');
  $('legend').appendChild(s);
}

const frameOfStep = new Map(data.frames.map((f, i) => [f.step, i]));
const list = $('actions');
data.actions.forEach((text, i) => {
  const li = el('li');
  li.value = i;
  const a = el('a', '', text);
  a.href = '#step=' + i;
  li.appendChild(a);
  if (!frameOfStep.has(i)) { li.classList.add('nowin'); li.title = 'outside the window of steps this page holds'; }
  if (i === data.recorded.step) li.classList.add('fail');
  list.appendChild(li);
});

if (total === 0) list.appendChild(el('li', 'nowin empty', '(no actions: the trace has 0 steps)'));

function stepName(f) {
  return f.step < 0 ? 'initial' : String(f.step);
}

function label(f) {
  const e = $('step-label');
  e.replaceChildren();
  if (f.step < 0) {
    e.append(total === 0 ? 'initial state: this trace has 0 steps, the violation is in the initial state' : 'initial state (before step 0 of ' + total + ')');
    return;
  }
  e.append('step ' + f.step + ' of ' + total + ': ' + f.action);
  if (f.result === 'throw') e.appendChild(el('span', 'note', '  (the step throws: the state shown is the one it started from)'));
  else if (f.result !== 'ok') e.appendChild(el('span', 'note', '  (' + f.result + ')'));
}

function cell(tag, f, rowKey, changed) {
  const c = el(tag, '', f.v);
  if (f.v.length <= 28 || f.v.startsWith('[')) c.classList.add('nb');
  if (changed.has(rowKey + '|' + f.k)) c.classList.add('chg');
  if (f.bad) c.classList.add('bad');
  return c;
}

function section(sec, changed) {
  const box = document.createDocumentFragment();
  if (sec.rows.length === 0) return box;
  box.appendChild(el('h3', '', sec.title));
  if (sec.rows.length === 1 && sec.rows[0].sub.length === 0) {
    const r = sec.rows[0];
    const facts = el('div', 'facts');
    facts.dataset.section = sec.title;
    for (const f of r.facts) {
      const part = el('span');
      part.append(el('span', 'k', f.k), cell('span', f, r.key, changed));
      facts.appendChild(part);
    }
    box.appendChild(facts);
    return box;
  }
  const keys = [];
  for (const r of sec.rows) for (const f of r.facts) if (!keys.includes(f.k)) keys.push(f.k);
  const wrap = el('div', 'tablewrap');
  const table = el('table');
  table.dataset.section = sec.title;
  const head = el('tr');
  head.appendChild(el('th', '', ''));
  for (const k of keys) head.appendChild(el('th', '', k));
  const thead = el('thead');
  thead.appendChild(head);
  const body = el('tbody');
  for (const r of sec.rows) {
    const tr = el('tr');
    tr.dataset.key = r.key;
    if (changed.has(r.key)) tr.classList.add('new');
    tr.appendChild(el('th', '', r.head));
    for (const k of keys) {
      const f = r.facts.find((x) => x.k === k);
      tr.appendChild(f === undefined ? el('td', '', '') : cell('td', f, r.key, changed));
    }
    body.appendChild(tr);
    for (const s of r.sub) {
      const sub = el('tr', 'sub' + (changed.has(s.key) ? ' new' : ''));
      sub.dataset.key = s.key;
      const td = el('td');
      td.colSpan = keys.length + 1;
      td.appendChild(el('b', '', s.head + ': '));
      for (const f of s.facts) {
        const part = el('span', 'part');
        part.append(f.k + ' ');
        part.appendChild(cell('span', f, s.key, changed));
        td.appendChild(part);
      }
      sub.appendChild(td);
      body.appendChild(sub);
    }
  }
  table.append(thead, body);
  wrap.appendChild(table);
  box.appendChild(wrap);
  return box;
}

function summary(f) {
  const changed = new Set(f.changed);
  const box = $('summary');
  box.replaceChildren();
  for (const sec of f.summary) box.appendChild(section(sec, changed));
  const gone = f.changed.filter((k) => k.startsWith('-')).map((k) => k.slice(1));
  if (gone.length > 0) box.appendChild(el('div', 'gone', 'gone at this step: ' + gone.join(', ')));
  $('state-title').textContent = f.step < 0 ? 'Initial state' : f.result === 'ok' ? 'State after step ' + f.step : 'State before step ' + f.step + ' (it did not complete)';
}

function hex(n) {
  return '0x' + n.toString(16);
}

function wordRow(w) {
  const d = el('div', 'w ' + w.kind + (w.bad ? ' bad' : ''));
  if (w.addr !== null) d.dataset.addr = String(w.addr);
  if (w.to !== null) d.dataset.to = String(w.to);
  if (w.kind === 'frame' || w.kind === 'gap') { d.textContent = w.label; return d; }
  d.append(el('span', 'a', w.addr === null ? '' : hex(w.addr)), el('span', 'l', w.label), el('span', 'v', w.value));
  return d;
}

const NS = 'http://www.w3.org/2000/svg';
function arrows(card) {
  const old = card.querySelector('svg');
  if (old) old.remove();
  const svg = document.createElementNS(NS, 'svg');
  const box = card.getBoundingClientRect();
  svg.setAttribute('width', String(box.width));
  svg.setAttribute('height', String(box.height));
  const defs = document.createElementNS(NS, 'defs');
  const marker = document.createElementNS(NS, 'marker');
  marker.id = 'head' + card.dataset.goid;
  marker.setAttribute('viewBox', '0 0 8 8'); marker.setAttribute('refX', '7'); marker.setAttribute('refY', '4');
  marker.setAttribute('markerWidth', '7'); marker.setAttribute('markerHeight', '7'); marker.setAttribute('orient', 'auto');
  const tip = document.createElementNS(NS, 'path');
  tip.setAttribute('d', 'M0,0 L8,4 L0,8 z'); tip.setAttribute('fill', '#2d5fb0');
  marker.appendChild(tip); defs.appendChild(marker); svg.appendChild(defs);
  let lane = 0;
  for (const src of card.querySelectorAll('[data-to]')) {
    const dst = card.querySelector('[data-addr="' + src.dataset.to + '"]');
    if (!dst || dst === src) continue;
    dst.classList.add('target');
    const a = src.getBoundingClientRect(), b = dst.getBoundingClientRect();
    const y1 = a.top + a.height / 2 - box.top, y2 = b.top + b.height / 2 - box.top;
    const x = 50, bend = 8 + (lane++ % 5) * 8;
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', 'M' + x + ',' + y1 + ' C' + (x - bend * 4) + ',' + y1 + ' ' + (x - bend * 4) + ',' + y2 + ' ' + (x + 2) + ',' + y2);
    p.setAttribute('fill', 'none'); p.setAttribute('stroke', '#2d5fb0'); p.setAttribute('stroke-width', '1.3');
    p.setAttribute('marker-end', 'url(#head' + card.dataset.goid + ')');
    svg.appendChild(p);
  }
  card.prepend(svg);
}

function stacks(f) {
  const box = $('stacks');
  box.replaceChildren();
  if (f.stacks.length === 0) box.appendChild(el('div', 'gone', 'no goroutine has a stack'));
  for (const s of f.stacks) {
    const card = el('div', 'card');
    card.dataset.goid = String(s.goid);
    if (f.changed.some((k) => k === 'g' + s.goid || k.startsWith('g' + s.goid + '|') || k.startsWith('g' + s.goid + '.'))) card.classList.add('chg');
    card.appendChild(el('h4', '', s.head));
    s.sources.forEach((w, i) => { const d = wordRow(w); if (i === s.sources.length - 1) d.classList.add('sources-end'); card.appendChild(d); });
    for (const w of s.words) card.appendChild(wordRow(w));
    box.appendChild(card);
  }
  for (const card of box.children) arrows(card);
}

function blockKey(b) { return b[2] + ' ' + b[0] + ' ' + b[1]; }
function kib(n) { return n % 1024 === 0 ? n / 1024 + ' KiB' : n + ' B'; }

function memory(f) {
  const prev = cur > 0 ? new Set(data.frames[cur - 1].rows.flatMap((r) => r[1].map(blockKey))) : null;
  const mem = $('memory');
  mem.replaceChildren();
  for (const [title, blocks] of f.rows) {
    const row = el('div', 'row');
    const bs = el('div', 'blocks');
    const runs = [];
    for (const b of blocks) {
      const d = el('div', 'block' + (prev !== null && !prev.has(blockKey(b)) ? ' changed' : ''));
      const owner = data.owners[b[0]];
      d.dataset.owner = owner;
      d.style.flex = String(b[3]);
      if (owner !== 'unowned' && owner !== 'free-pages') d.style.background = 'var(--' + owner + ')';
      d.textContent = owner === 'span-free' ? '' : owner === 'conflict' ? 'twice' : owner === 'unowned' ? '?' : b[1].split(' ').slice(0, owner === 'free-pages' ? 3 : 1).join(' ');
      bs.appendChild(d);
      const last = runs[runs.length - 1];
      if (last && last.label === b[1]) last.n++;
      else runs.push({ addr: b[2], label: b[1], n: 1, size: b[3] });
    }
    const caption = runs.length > 1 || blocks.length > 1
      ? runs.map((r) => r.addr + ' ' + r.label + (r.n > 1 ? ' \\u00d7' + r.n : '')).join(' \\u00b7 ') + '  (' + kib(blocks[0][3]) + ' each)'
      : '';
    row.append(el('div', 'title', title), bs);
    if (caption) row.appendChild(el('div', 'caption', caption));
    mem.appendChild(row);
  }
}

function violations(f) {
  const v = $('violation');
  v.replaceChildren();
  v.className = f.violations.length > 0 ? 'show' + (cur === data.failFrame ? ' recorded' : '') : '';
  for (const x of f.violations) {
    const p = el('div');
    p.append(el('b', '', x.id), ' (' + x.title + '): ' + x.message + (cur === data.failFrame && x.id === data.recorded.id ? '  \\u2190 recorded violation' : ''));
    v.appendChild(p);
  }
}

function show(i, fromHash) {
  cur = Math.max(0, Math.min(data.frames.length - 1, i));
  const f = data.frames[cur];
  slider.value = String(cur);
  label(f);
  violations(f);
  summary(f);
  stacks(f);
  memory(f);
  for (const li of list.children) li.classList.toggle('current', li.value === f.step);
  const cl = f.step >= 0 ? list.children[f.step] : null;
  if (cl) cl.scrollIntoView({ block: 'nearest' });
  $('diff').textContent = f.diff.length > 0 ? f.diff.join('\\n') : (f.step < 0 ? 'the state after the runtime starts' : '(no change)');
  $('prev').disabled = $('first').disabled = cur === 0;
  $('next').disabled = $('last').disabled = cur === data.frames.length - 1;
  const hash = '#step=' + stepName(f);
  $('link').href = hash;
  if (!fromHash && location.hash !== hash) history.replaceState(null, '', hash);
}

/** The frame a #step=N hash names: that step's frame, or the nearest one the page holds. */
function frameOfHash() {
  const m = /^#step=(initial|-?\\d+)$/.exec(location.hash);
  if (!m) return null;
  const n = m[1] === 'initial' ? -1 : Number(m[1]);
  let best = 0;
  data.frames.forEach((f, i) => { if (Math.abs(f.step - n) < Math.abs(data.frames[best].step - n)) best = i; });
  return best;
}

slider.addEventListener('input', () => show(Number(slider.value)));
$('first').addEventListener('click', () => show(0));
$('prev').addEventListener('click', () => show(cur - 1));
$('next').addEventListener('click', () => show(cur + 1));
$('last').addEventListener('click', () => show(data.frames.length - 1));
$('fail').addEventListener('click', () => show(data.failFrame));
window.addEventListener('hashchange', () => { const i = frameOfHash(); if (i !== null) show(i, true); });
window.addEventListener('resize', () => { for (const card of $('stacks').children) arrows(card); });
document.addEventListener('keydown', (e) => {
  if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) return;
  const to = { ArrowRight: cur + 1, ArrowLeft: cur - 1, Home: 0, End: data.frames.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  show(to);
});
const start = frameOfHash();
show(start === null ? data.failFrame : start, start !== null);
`;
