// A chart as a figure: caption, the chart's one-sentence summary as text, the SVG, the same data
// as a table in a <details> (the alternative for screen readers, keyboards and copy-paste), and
// "Download SVG / PNG" buttons. Tables that come from an API list get CSV/XLSX links to the
// list's own export (format=csv|xlsx), so the file holds every row, not just the ones shown.
import './figure.css';
import type { TableData } from './charts/common.ts';
import { el } from './dom.ts';
import { lang, tr } from './i18n.ts';

export function dataTable(data: TableData, caption: string): HTMLTableElement {
  const table = el('table', { className: 'data-table' }, el('caption', {}, caption));
  const head = el('tr', {}, ...data.columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)));
  table.append(el('thead', {}, head), el('tbody', {}, ...data.rows.map((r) => el('tr', {}, ...r.map((v, i) => (i === 0 ? el('th', { attrs: { scope: 'row' } }, v) : el('td', {}, v)))))));
  return table;
}

/** The smallest chart text a reader must be able to read, in CSS pixels as drawn on the screen. */
export const MIN_CHART_TEXT_PX = 11;

/**
 * The width a chart may take in the page's main column (its content box), at most `max`: charts
 * drawn at the width they are shown keep their text at its drawn size on a phone.
 */
export function chartWidth(max: number, min = 300): number {
  const main = typeof document === 'undefined' ? null : document.getElementById('main');
  if (!main || !main.clientWidth) return max;
  const style = getComputedStyle(main);
  const inner = main.clientWidth - parseFloat(style.paddingLeft || '0') - parseFloat(style.paddingRight || '0');
  return Math.max(min, Math.min(max, Math.floor(inner)));
}

/** The smallest font size (SVG user units) of the chart's texts. */
function smallestFont(svg: SVGSVGElement): number {
  let smallest = Infinity;
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent?.trim()) continue;
    const size = parseFloat(getComputedStyle(t).fontSize);
    if (size < smallest) smallest = size;
  }
  return smallest;
}

/**
 * Shows the chart only while its smallest text is at least MIN_CHART_TEXT_PX on the screen;
 * otherwise (a chart wider than a phone, scaled down) the figure shows its table instead.
 */
function fitOrTable(figure: HTMLElement, body: HTMLElement, details: HTMLDetailsElement, note: HTMLElement): void {
  if (typeof ResizeObserver === 'undefined') return;
  let openedHere = false;
  const fit = () => {
    const svg = body.querySelector('svg');
    const drawn = Number(svg?.getAttribute('width'));
    const available = figure.clientWidth;
    if (!svg || !drawn || !available) return;
    const tooSmall = smallestFont(svg) * Math.min(1, available / drawn) < MIN_CHART_TEXT_PX - 0.05;
    body.hidden = tooSmall;
    note.hidden = !tooSmall;
    figure.classList.toggle('as-table', tooSmall);
    if (tooSmall && !details.open) {
      details.open = true;
      openedHere = true;
    } else if (!tooSmall && openedHere) {
      details.open = false;
      openedHere = false;
    }
  };
  new ResizeObserver(fit).observe(figure);
}

/**
 * `table` may be a function: the table is then built when the reader first opens it (a graph of
 * a whole inventory has hundreds of rows that most visitors never open).
 */
export function chartFigure(o: { id: string; caption: string; summary: string; svg: SVGSVGElement; table: TableData | (() => TableData); note?: string }): HTMLElement {
  const captionId = `${o.id}-caption`;
  const body = el('div', { className: 'chart-body' }, o.svg);
  const details = el('details', {}, el('summary', {}, tr('Vis tallene som tabel', 'Show the figures as a table')));
  const { table } = o;
  if (typeof table === 'function') {
    details.addEventListener('toggle', () => {
      if (details.open && !details.querySelector('table')) details.append(dataTable(table(), o.caption));
    });
  } else details.append(dataTable(table, o.caption));
  const narrow = el('p', { className: 'chart-note narrow-note' }, tr(
    'Figuren er for bred til skærmen; tallene vises som tabel.',
    'The chart is too wide for this screen; the figures are shown as a table.',
  ));
  narrow.hidden = true;
  const figure = el(
    'figure',
    { className: 'chart', id: o.id },
    el('figcaption', { id: captionId }, el('strong', {}, o.caption), ' ', el('span', { className: 'summary' }, o.summary)),
    body,
    narrow,
    ...(o.note ? [el('p', { className: 'chart-note' }, o.note)] : []),
    chartDownloads(() => body.querySelector('svg'), o.id, captionId),
    details,
  );
  fitOrTable(figure, body, details, narrow);
  return figure;
}

/** "Download SVG" and "Download PNG" for the chart `svg()` returns (looked up on click: charts redraw). */
export function chartDownloads(svg: () => SVGSVGElement | null, fileName: string, describedBy: string): HTMLElement {
  const button = (label: string, save: (s: SVGSVGElement) => Promise<void>) => {
    const b = el('button', { className: 'download-button', attrs: { type: 'button', 'aria-describedby': describedBy } }, label);
    b.addEventListener('click', () => {
      const s = svg();
      if (s) void save(s);
    });
    return b;
  };
  return el('p', { className: 'downloads' },
    button(tr('Hent SVG', 'Download SVG'), async (s) => saveBlob(svgBlob(s), `${fileName}.svg`)),
    ' ',
    button(tr('Hent PNG', 'Download PNG'), async (s) => saveBlob(await pngBlob(s), `${fileName}.png`)));
}

/**
 * CSV and XLSX links to an API list's export: `path` is the list with its filters
 * (e.g. `/api/v1/usages?municipality=101`); the headings follow the interface language.
 */
export function tableDownloads(path: string, what: string): HTMLElement {
  const href = (format: 'csv' | 'xlsx') => `${path}${path.includes('?') ? '&' : '?'}format=${format}&lang=${lang()}`;
  return el('p', { className: 'downloads' },
    el('span', {}, `${tr('Hent', 'Download')} ${what}: `),
    el('a', { attrs: { href: href('csv'), download: '' } }, 'CSV'),
    ' · ',
    el('a', { attrs: { href: href('xlsx'), download: '' } }, 'XLSX'));
}

/** Presentation properties copied from the live chart, so the file looks the same outside the page. */
const INLINE = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'paint-order', 'visibility'];

/** The chart as a standalone SVG document: computed styles inlined, interactivity dropped. */
export function serializeSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...svg.querySelectorAll('*')];
  const dead = [copy, ...copy.querySelectorAll('*')];
  const computed = typeof getComputedStyle === 'function' && svg.isConnected;
  live.forEach((node, i) => {
    const target = dead[i] as SVGElement;
    if (computed) {
      const style = getComputedStyle(node);
      for (const p of INLINE) {
        const v = style.getPropertyValue(p);
        if (v) target.style.setProperty(p, v);
      }
    }
    for (const a of ['tabindex', 'role', 'aria-label']) target.removeAttribute(a);
  });
  copy.querySelectorAll('style').forEach((s) => s.remove());
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.style.removeProperty('max-width');
  copy.style.removeProperty('height');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

const svgBlob = (svg: SVGSVGElement) => new Blob([serializeSvg(svg)], { type: 'image/svg+xml;charset=utf-8' });

/** The SVG drawn on a canvas at twice its size, white behind it. */
async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error(tr('Figuren kunne ikke tegnes som PNG', 'The chart could not be drawn as PNG')));
      image.src = url;
    });
    const canvas = el('canvas', { attrs: { width: String(Math.round(width * scale)), height: String(Math.round(height * scale)) } });
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function saveBlob(blob: Blob, fileName: string): Promise<void> {
  const url = URL.createObjectURL(blob);
  const a = el('a', { attrs: { href: url, download: fileName } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A loading or error line that screen readers hear (role=status, polite). */
export function statusLine(text: string): HTMLParagraphElement {
  return el('p', { className: 'status', role: 'status', attrs: { 'aria-live': 'polite' } }, text);
}

export function errorLine(text: string): HTMLParagraphElement {
  const p = statusLine(text);
  p.classList.add('error');
  return p;
}
