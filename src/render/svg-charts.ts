/**
 * Charts drawn as inline SVG when a report is built: plain shapes and text, no script, no font to
 * fetch, readable without JavaScript and printed as vectors. Each chart is an image with a title and a
 * description for screen readers (`role="img"`, `<title>`, `<desc>`); its figures are also given in a
 * table beside it. Three kinds cover the owner's report: bars (the aged balance, the weekly forecast)
 * and lines against a reference (the DSO trend against the sector's).
 */

/** Text for HTML and SVG: the five characters that mean something there, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

export interface BarChart {
  /** Unique within the page: the ids of its title and description. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly labels: readonly string[];
  readonly values: readonly number[];
  /** The text over each bar. */
  readonly valueText: (value: number) => string;
  /** A class per bar (its colour in the page's CSS). */
  readonly barClass?: (index: number) => string;
  readonly width?: number;
  readonly height?: number;
}

/** A round step for an axis: 1, 2 or 5 × a power of ten, about `max / ticks`. */
function niceStep(max: number, ticks: number): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

const r1 = (x: number): string => String(Math.round(x * 10) / 10);

function frame(id: string, title: string, description: string, width: number, height: number, body: string): string {
  return (
    `<svg class="chart" id="${id}" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(description)}</desc>${body}</svg>`
  );
}

/** Vertical bars, one per label, the value written over each; zero at the bottom. */
export function barChart(c: BarChart): string {
  const width = c.width ?? 720;
  const height = c.height ?? 260;
  const left = 12;
  const right = 12;
  const top = 26;
  const bottom = 40;
  const n = c.values.length;
  const max = Math.max(0, ...c.values);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const slot = plotW / Math.max(1, n);
  const barW = Math.max(2, slot * 0.7);
  let body = `<line class="axis" x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}"/>`;
  for (let i = 0; i < n; i++) {
    const v = Math.max(0, c.values[i]!);
    const h = max > 0 ? (v / max) * plotH : 0;
    const x = left + i * slot + (slot - barW) / 2;
    const y = top + plotH - h;
    body += `<rect class="bar ${c.barClass?.(i) ?? ''}" x="${r1(x)}" y="${r1(y)}" width="${r1(barW)}" height="${r1(Math.max(h, v > 0 ? 1 : 0))}"/>`;
    body += `<text class="value" x="${r1(x + barW / 2)}" y="${r1(y - 6)}" text-anchor="middle">${escapeHtml(c.valueText(c.values[i]!))}</text>`;
    body += `<text class="label" x="${r1(x + barW / 2)}" y="${r1(top + plotH + 18)}" text-anchor="middle">${escapeHtml(c.labels[i]!)}</text>`;
  }
  return frame(c.id, c.title, c.description, width, height, body);
}

export interface LineSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
  /** A class for its stroke (dashed, muted…). */
  readonly className: string;
}

export interface LineChart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly labels: readonly string[];
  readonly series: readonly LineSeries[];
  readonly valueText: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

/** Lines over the same labels, with a labelled y axis from zero; a null value breaks its line. */
export function lineChart(c: LineChart): string {
  const width = c.width ?? 720;
  const height = c.height ?? 240;
  const left = 44;
  const right = 26;
  const top = 16;
  const bottom = 40;
  const n = c.labels.length;
  const all = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const step = niceStep(Math.max(1, ...all), 4);
  const max = Math.ceil(Math.max(1, ...all) / step) * step;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  let body = '';
  for (let t = 0; t <= max + 1e-9; t += step) {
    body += `<line class="grid" x1="${left}" y1="${r1(y(t))}" x2="${width - right}" y2="${r1(y(t))}"/>`;
    body += `<text class="tick" x="${left - 6}" y="${r1(y(t) + 4)}" text-anchor="end">${escapeHtml(c.valueText(t))}</text>`;
  }
  for (let i = 0; i < n; i++) body += `<text class="label" x="${r1(x(i))}" y="${r1(top + plotH + 18)}" text-anchor="middle">${escapeHtml(c.labels[i]!)}</text>`;
  for (const s of c.series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${r1(x(i))} ${r1(y(v))}`;
      pen = true;
    });
    if (d) body += `<path class="line ${s.className}" d="${d}"><title>${escapeHtml(s.name)}</title></path>`;
    s.values.forEach((v, i) => {
      if (v !== null && s.values.filter((w) => w !== null).length <= 24) body += `<circle class="dot ${s.className}" cx="${r1(x(i))}" cy="${r1(y(v))}" r="3"/>`;
    });
  }
  // The legend, top right.
  let lx = width - right;
  for (const s of [...c.series].reverse()) {
    const w = 14 + s.name.length * 6.5;
    lx -= w + 12;
    body += `<line class="line ${s.className}" x1="${r1(lx)}" y1="${top + 2}" x2="${r1(lx + 12)}" y2="${top + 2}"/><text class="legend" x="${r1(lx + 16)}" y="${top + 6}">${escapeHtml(s.name)}</text>`;
  }
  return frame(c.id, c.title, c.description, width, height, body);
}
