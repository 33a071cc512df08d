// A municipality against its peers on the main indicators: one row per indicator, each on its own
// scale; the peers as open circles, the municipality as a filled diamond with its value written
// out, the peers' median as a vertical tick. Shape and text carry the meaning, not colour.
import { median } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import {
  accent, fitText, formatPercent, layer, muted, numberFormat, round, svgShell,
  type BaseOptions, type Format, type Lang, type Margin, type TableData,
} from './common.ts';

export type PeerIndicator = 'L' | 'nonEuShare' | 'hhiSpend' | 'effectiveVendors' | 'confidence';

export interface PeerRow {
  code: number;
  name: string;
  /** The compared municipality itself (exactly one row). */
  self: boolean;
  systemCount: number;
  values: Record<PeerIndicator, number | null>;
}

export interface PeerDotsOptions extends BaseOptions {
  /** The peer group in words, e.g. "Region Hovedstaden, lignende antal systemer". */
  group?: string;
}

export const indicators: PeerIndicator[] = ['L', 'nonEuShare', 'hhiSpend', 'effectiveVendors', 'confidence'];

const text = {
  da: {
    title: 'Kommunen sammenlignet med lignende kommuner',
    label: { L: 'Binding L', nonEuShare: 'Ikke-EU-andel', hhiSpend: 'HHI (udgifter)', effectiveVendors: 'Effektivt antal leverandører', confidence: 'Datasikkerhed' },
    self: 'Kommunen',
    peers: 'Sammenlignelige kommuner',
    median: 'Median for sammenlignelige',
    municipality: 'Kommune',
    systems: 'Systemer',
    chosen: '(valgt)',
    none: 'Der er ingen sammenlignelige kommuner med en score.',
    higher: 'højere', lower: 'lavere', same: 'samme',
    sentence: (name: string, n: number, parts: string[]) => `${name} sammenlignet med ${n} ${n === 1 ? 'lignende kommune' : 'lignende kommuner'}: ${parts.join('; ')}.`,
    part: (label: string, cmp: string, own: string, med: string) => `${label} ${cmp} (${own} mod median ${med})`,
  },
  en: {
    title: 'The municipality compared with similar municipalities',
    label: { L: 'Lock-in L', nonEuShare: 'Non-EU share', hhiSpend: 'HHI (spend)', effectiveVendors: 'Effective number of vendors', confidence: 'Confidence' },
    self: 'The municipality',
    peers: 'Comparable municipalities',
    median: 'Median of the comparable',
    municipality: 'Municipality',
    systems: 'Systems',
    chosen: '(chosen)',
    none: 'There are no comparable municipalities with a score.',
    higher: 'higher', lower: 'lower', same: 'the same',
    sentence: (name: string, n: number, parts: string[]) => `${name} compared with ${n} similar ${n === 1 ? 'municipality' : 'municipalities'}: ${parts.join('; ')}.`,
    part: (label: string, cmp: string, own: string, med: string) => `${label} ${cmp} (${own} against a median of ${med})`,
  },
};

/** Each indicator's scale domain and number format; shares as percentages. */
function formats(lang: Lang): Record<PeerIndicator, Format> {
  const whole = numberFormat(lang, { maximumFractionDigits: 0 });
  return {
    L: whole,
    nonEuShare: formatPercent(lang),
    hhiSpend: whole,
    effectiveVendors: numberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    confidence: numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  };
}

function domain(indicator: PeerIndicator, rows: PeerRow[]): [number, number] {
  if (indicator === 'L') return [0, 100];
  if (indicator === 'hhiSpend') return [0, 10000];
  if (indicator === 'effectiveVendors') return [0, Math.max(10, Math.ceil(Math.max(...rows.map((r) => r.values.effectiveVendors ?? 0)) / 5) * 5)];
  return [0, 1];
}

const margin: Margin = { top: 40, right: 70, bottom: 12, left: 0 };
const diamond = 'M0,-8L8,0L0,8L-8,0Z';

interface Dot {
  key: string;
  row: PeerRow;
  value: number;
}

export function peerDots(rows: PeerRow[], options: PeerDotsOptions): SVGSVGElement {
  const { width, height, lang = 'da' } = options;
  const t = text[lang];
  const id = options.id ?? 'peer-dots';
  const svg = svgShell(options, { id, title: t.title }, summary(rows, lang));
  const fmt = formats(lang);
  const left = 200;
  const x = (indicator: PeerIndicator) => scaleLinear().domain(domain(indicator, rows)).range([left, width - margin.right]);
  const band = (height - margin.top - margin.bottom) / indicators.length;
  const yOf = (i: number) => round(margin.top + band * (i + 0.5));

  // Legend in words and shapes.
  const legend = [
    { key: 'self', label: t.self, d: diamond, fill: accent, stroke: '#ffffff' },
    { key: 'peers', label: t.peers, d: 'M5,0A5,5 0 1,1 -5,0A5,5 0 1,1 5,0Z', fill: '#ffffff', stroke: muted },
    { key: 'median', label: t.median, d: 'M0,-8V8', fill: 'none', stroke: '#1b1f24' },
  ];
  layer(svg, 'legend')
    .selectAll<SVGGElement, (typeof legend)[number]>('g.key')
    .data(legend, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'key');
      g.append('path');
      g.append('text').attr('x', 14).attr('y', 4).attr('font-size', 11);
      return g;
    })
    .attr('transform', (_d, i) => `translate(${10 + i * Math.floor(width / 3)},16)`)
    .call((g) => g.select('path').attr('d', (d) => d.d).attr('fill', (d) => d.fill).attr('stroke', (d) => d.stroke).attr('stroke-width', 2))
    .call((g) => g.select('text').text((d) => fitText(d.label, width / 3 - 24, 11)));

  const row = layer(svg, 'indicators')
    .selectAll<SVGGElement, PeerIndicator>('g.indicator')
    .data(indicators, (d) => d)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'indicator');
      g.append('text').attr('class', 'name').attr('x', 0).attr('y', 4);
      g.append('line').attr('class', 'axis').attr('stroke', '#949494');
      g.append('text').attr('class', 'lo').attr('y', 20).attr('font-size', 11).attr('fill', muted).attr('text-anchor', 'start');
      g.append('text').attr('class', 'hi').attr('y', 20).attr('font-size', 11).attr('fill', muted).attr('text-anchor', 'end');
      g.append('line').attr('class', 'median').attr('stroke', '#1b1f24').attr('stroke-width', 2);
      g.append('g').attr('class', 'dots');
      g.append('text').attr('class', 'own').attr('y', 4).attr('font-weight', 600);
      return g;
    })
    .attr('data-indicator', (d) => d)
    .attr('transform', (_d, i) => `translate(0,${yOf(i)})`);
  row.select('text.name').text((d) => fitText(t.label[d], left - 12));
  row.select('line.axis').attr('x1', left).attr('x2', width - margin.right).attr('y1', 0).attr('y2', 0);
  row.select('text.lo').attr('x', left).text((d) => fmt[d](domain(d, rows)[0]));
  row.select('text.hi').attr('x', width - margin.right).text((d) => fmt[d](domain(d, rows)[1]));
  row.select('line.median').each(function (d) {
    const m = median(rows.filter((r) => !r.self), (r) => r.values[d] ?? undefined);
    const line = this as SVGLineElement;
    if (m === undefined) return line.setAttribute('visibility', 'hidden');
    const at = String(round(x(d)(m)));
    line.removeAttribute('visibility');
    for (const [k, v] of [['x1', at], ['x2', at], ['y1', '-9'], ['y2', '9']]) line.setAttribute(k!, v!);
  });
  row.select('text.own').attr('x', width - margin.right + 8).text((d) => {
    const own = rows.find((r) => r.self)?.values[d];
    return own == null ? '–' : fmt[d](own);
  });
  row.select<SVGGElement>('g.dots').each(function (d) {
    const dots: Dot[] = rows
      .filter((r) => r.values[d] !== null)
      .map((r) => ({ key: String(r.code), row: r, value: r.values[d]! }))
      // The municipality last, so it is drawn on top of its peers.
      .sort((a, b) => Number(a.row.self) - Number(b.row.self) || a.row.code - b.row.code);
    const scale = x(d);
    layer({ node: () => this }, 'marks')
      .selectAll<SVGPathElement, Dot>('path.dot')
      .data(dots, (p) => p.key)
      .join('path')
      .attr('class', (p) => (p.row.self ? 'dot self' : 'dot peer'))
      .attr('data-code', (p) => p.key)
      .attr('transform', (p) => `translate(${round(scale(p.value))},0)`)
      .attr('d', (p) => (p.row.self ? diamond : 'M5,0A5,5 0 1,1 -5,0A5,5 0 1,1 5,0Z'))
      .attr('fill', (p) => (p.row.self ? accent : '#ffffff'))
      .attr('fill-opacity', (p) => (p.row.self ? 1 : 0.6))
      .attr('stroke', (p) => (p.row.self ? '#ffffff' : muted))
      .attr('stroke-width', 1.5);
  });
  return svg.node()!;
}

/** One sentence: per indicator, higher or lower than the peers' median, with both values. */
export function summary(rows: PeerRow[], lang: Lang = 'da'): string {
  const t = text[lang];
  const self = rows.find((r) => r.self);
  const peers = rows.filter((r) => !r.self);
  if (!self || peers.length === 0) return t.none;
  const fmt = formats(lang);
  const parts = indicators.flatMap((i) => {
    const own = self.values[i];
    const m = median(peers, (r) => r.values[i] ?? undefined);
    if (own === null || m === undefined) return [];
    const a = fmt[i](own);
    const b = fmt[i](m);
    const cmp = a === b ? t.same : own > m ? t.higher : t.lower;
    return [t.part(t.label[i], cmp, a, b)];
  });
  return t.sentence(self.name, peers.length, parts);
}

/** The table's row order: the municipality first, then its peers by name (Danish collation). */
export function tableOrder(rows: PeerRow[], lang: Lang = 'da'): PeerRow[] {
  const collator = new Intl.Collator(lang === 'da' ? 'da-DK' : 'en-GB');
  return [...rows].sort((a, b) => Number(b.self) - Number(a.self) || collator.compare(a.name, b.name));
}

/** The data table, in tableOrder; every indicator formatted. */
export function tableRows(rows: PeerRow[], lang: Lang = 'da'): TableData {
  const t = text[lang];
  const fmt = formats(lang);
  const count = numberFormat(lang, { maximumFractionDigits: 0 });
  return {
    columns: [t.municipality, t.systems, ...indicators.map((i) => t.label[i])],
    rows: tableOrder(rows, lang)
      .map((r) => [r.self ? `${r.name} ${t.chosen}` : r.name, count(r.systemCount), ...indicators.map((i) => (r.values[i] === null ? '–' : fmt[i](r.values[i]!)))]),
  };
}
