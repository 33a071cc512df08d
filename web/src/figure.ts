// A chart as a figure: caption, the chart's one-sentence summary as text, the SVG, and the same
// data as a table in a <details> (the alternative for screen readers, keyboards and copy-paste).
import type { TableData } from './charts/common.ts';
import { el } from './dom.ts';

export function dataTable(data: TableData, caption: string): HTMLTableElement {
  const table = el('table', { className: 'data-table' }, el('caption', {}, caption));
  const head = el('tr', {}, ...data.columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)));
  table.append(el('thead', {}, head), el('tbody', {}, ...data.rows.map((r) => el('tr', {}, ...r.map((v, i) => (i === 0 ? el('th', { attrs: { scope: 'row' } }, v) : el('td', {}, v)))))));
  return table;
}

export function chartFigure(o: { id: string; caption: string; summary: string; svg: SVGSVGElement; table: TableData; note?: string }): HTMLElement {
  return el(
    'figure',
    { className: 'chart', id: o.id },
    el('figcaption', {}, el('strong', {}, o.caption), ' ', el('span', { className: 'summary' }, o.summary)),
    el('div', { className: 'chart-body' }, o.svg),
    ...(o.note ? [el('p', { className: 'chart-note' }, o.note)] : []),
    el('details', {}, el('summary', {}, 'Vis tallene som tabel'), dataTable(o.table, o.caption)),
  );
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
