// A scenario's effect (issue #7): per row (a vendor, an indicator) the value before — hatched,
// rust — beside the value after — solid, blue — each labelled, so colour is never the only cue.
import { formatPercent, type BaseOptions, type Format, type Lang, type TableData } from './common.ts';
import { pairedBars } from './paired-bars.ts';

export interface BeforeAfterRow {
  id: string;
  name: string;
  /** 0..1 (a share); null when the row did not exist before (or does not after). */
  before: number | null;
  after: number | null;
}

export interface BeforeAfterOptions extends BaseOptions {
  format?: Format;
}

const text = {
  da: { title: 'Før og efter scenariet', before: 'Før (nuværende oversigt)', after: 'Efter scenariet', column: 'Række', beforeCol: 'Før', afterCol: 'Efter', change: 'Ændring (procentpoint)' },
  en: { title: 'Before and after the scenario', before: 'Before (current inventory)', after: 'After the scenario', column: 'Row', beforeCol: 'Before', afterCol: 'After', change: 'Change (percentage points)' },
};

export function beforeAfterBars(rows: BeforeAfterRow[], options: BeforeAfterOptions): SVGSVGElement {
  const { lang = 'da' } = options;
  const t = text[lang];
  const format = options.format ?? formatPercent(lang);
  return pairedBars(rows, options, {
    id: 'before-after',
    title: t.title,
    description: summary(rows, lang, { format }),
    format,
    series: [
      { key: 'before', label: t.before, solid: false },
      { key: 'after', label: t.after, solid: true },
    ],
    value: (r, key) => r[key] ?? 0,
    rowClass: 'row',
  });
}

/** One sentence: how many rows, and the one that changes most. */
export function summary(rows: BeforeAfterRow[], lang: Lang = 'da', o: { format?: Format } = {}): string {
  const format = o.format ?? formatPercent(lang);
  if (rows.length === 0) return lang === 'da' ? 'Scenariet ændrer ingenting at vise.' : 'The scenario changes nothing to show.';
  const change = (r: BeforeAfterRow) => Math.abs((r.after ?? 0) - (r.before ?? 0));
  const top = [...rows].sort((a, b) => change(b) - change(a) || a.id.localeCompare(b.id))[0]!;
  return lang === 'da'
    ? `Figuren viser ${rows.length} rækker før og efter scenariet; størst ændring: ${top.name}, fra ${format(top.before ?? 0)} til ${format(top.after ?? 0)}.`
    : `The chart shows ${rows.length} rows before and after the scenario; the largest change: ${top.name}, from ${format(top.before ?? 0)} to ${format(top.after ?? 0)}.`;
}

export function tableRows(rows: BeforeAfterRow[], lang: Lang = 'da', o: { format?: Format; column?: string } = {}): TableData {
  const t = text[lang];
  const format = o.format ?? formatPercent(lang);
  const points = formatPercent(lang, 0);
  return {
    columns: [o.column ?? t.column, t.beforeCol, t.afterCol, t.change],
    rows: rows.map((r) => [r.name, format(r.before ?? 0), format(r.after ?? 0), points((r.after ?? 0) - (r.before ?? 0)).replace(/\s?%$/, '')]),
  };
}
