// The history table as a picture: stack operations per iteration of each program's loop,
// one bar per release on a log scale, so the hot split's 2 per call and the copied designs'
// 1 in 1000 fit on one chart. A self-contained SVG (docs/history.svg, shown by the README).

import { opsPerIteration, type HistoryRow } from './measure.ts';

const colour: Readonly<Record<string, string>> = {
  'go1.1': '#d9822b', 'go1.2': '#b35c00', 'go1.3': '#6baed6', 'go1.4': '#3182bd', 'go1.19': '#08519c', 'go1.19*': '#969696',
};

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The chart of rows (as measureHistory returns them, grouped by program). @public */
export function historySvg(rows: readonly HistoryRow[]): string {
  const left = 150;
  const plot = 480;
  const bar = 14;
  const gap = 22;
  const lo = -4;
  const hi = 2;
  const x = (v: number): number => left + ((Math.log10(v) - lo) / (hi - lo)) * plot;
  const programs = [...new Set(rows.map((r) => r.program))];
  const perGroup = rows.length / programs.length;
  const height = 50 + programs.length * (perGroup * bar + gap) + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plot + 110}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="8" y="18" font-size="13" font-weight="bold">Stack operations per loop iteration (segments linked + freed, grows + shrinks), log scale</text>`,
  ];
  for (let d = lo; d <= hi; d++) {
    const gx = left + ((d - lo) / (hi - lo)) * plot;
    out.push(`<line x1="${gx}" y1="30" x2="${gx}" y2="${height - 26}" stroke="#ddd"/>`, `<text x="${gx}" y="${height - 12}" text-anchor="middle">${10 ** d}</text>`);
  }
  let y = 40;
  for (const p of programs) {
    out.push(`<text x="8" y="${y + bar}" font-weight="bold">${esc(p)}</text>`);
    for (const r of rows.filter((x2) => x2.program === p)) {
      const v = opsPerIteration(r);
      out.push(`<text x="${left - 6}" y="${y + bar - 3}" text-anchor="end">${esc(r.profile)}</text>`);
      if (v > 0) out.push(`<rect x="${left}" y="${y}" width="${(x(v) - left).toFixed(1)}" height="${bar - 3}" fill="${colour[r.profile] ?? '#444'}"/>`);
      out.push(`<text x="${(v > 0 ? x(v) : left) + 4}" y="${y + bar - 3}">${v === 0 ? '0' : v.toLocaleString('en-US', { maximumFractionDigits: 3 })}</text>`);
      y += bar;
    }
    y += gap;
  }
  out.push('</svg>', '');
  return out.join('\n');
}
