// The "hidden dependency" chart: per vendor, direct reach (share of systems it supplies) beside
// transitive reach (also hosting, platforms and integrations). Solid vs hatched, labelled in %.
import { scaleBand, scaleLinear } from 'd3-scale';
import {
  accent, fitText, formatPercent, hatch, layer, muted, round, rust, svgShell, textWidth,
  type BaseOptions, type Format, type Lang, type Margin, type TableData,
} from './common.ts';

export interface ReachRow {
  id: string;
  name: string;
  /** Share of systems where the vendor is the supplier, 0..1. */
  direct: number;
  /** Share of systems that depend on the vendor in any role, 0..1. */
  transitive: number;
}

/** What the rows are: vendors (a municipality's or the nation's), or municipalities (one vendor's). */
export type ReachSubject = 'vendors' | 'municipalities';

export interface ReachBarsOptions extends BaseOptions {
  format?: Format;
  subject?: ReachSubject;
}

const subjects: Record<ReachSubject, Record<Lang, { plural: string; column: string; title: string }>> = {
  vendors: {
    da: { plural: 'leverandører', column: 'Leverandør', title: 'Leverandørernes direkte og samlede rækkevidde' },
    en: { plural: 'vendors', column: 'Vendor', title: 'Vendors’ direct and total reach' },
  },
  municipalities: {
    da: { plural: 'kommuner', column: 'Kommune', title: 'Leverandørens direkte og samlede rækkevidde i kommunerne' },
    en: { plural: 'municipalities', column: 'Municipality', title: 'The vendor’s direct and total reach in the municipalities' },
  },
};

type Series = 'direct' | 'transitive';
interface Bar {
  key: Series;
  value: number;
}

const text = {
  da: {
    direct: 'Direkte: leverandør af systemet',
    transitive: 'Samlet: også hosting, platforme og integrationer',
    directCol: 'Direkte rækkevidde',
    transitiveCol: 'Samlet rækkevidde',
    hiddenCol: 'Skjult afhængighed (procentpoint)',
  },
  en: {
    direct: 'Direct: supplier of the system',
    transitive: 'Total: also hosting, platforms and integrations',
    directCol: 'Direct reach',
    transitiveCol: 'Total reach',
    hiddenCol: 'Hidden dependency (percentage points)',
  },
};

const margin: Omit<Margin, 'left'> = { top: 44, right: 52, bottom: 8 };

export function reachBars(rows: ReachRow[], options: ReachBarsOptions): SVGSVGElement {
  const { width, height, lang = 'da' } = options;
  const t = text[lang];
  const id = options.id ?? 'reach-bars';
  const format = options.format ?? formatPercent(lang);
  const subject = options.subject ?? 'vendors';
  const svg = svgShell(options, { id, title: subjects[subject][lang].title }, summary(rows, lang, { format, subject }));
  const hatched = hatch(svg, `${id}-hatch`, rust);
  const fill = (key: Series) => (key === 'direct' ? accent : hatched);

  // Vendor names on the left: as wide as the longest name, at most a third of the chart.
  const left = Math.min(width / 3, Math.max(...rows.map((r) => textWidth(r.name)), 40) + 12);
  const x = scaleLinear().domain([0, 1]).range([left, width - margin.right]);
  const y = scaleBand<string>().domain(rows.map((r) => r.id)).range([margin.top, height - margin.bottom]).paddingInner(0.3).paddingOuter(0.1);
  const inner = scaleBand<Series>().domain(['direct', 'transitive']).range([0, y.bandwidth()]).paddingInner(0.1);

  // Legend: a swatch of each series, so the hatch is explained in words.
  const legendItems: { key: Series; label: string }[] = [
    { key: 'direct', label: t.direct },
    { key: 'transitive', label: t.transitive },
  ];
  layer(svg, 'legend')
    .selectAll<SVGGElement, (typeof legendItems)[number]>('g.key')
    .data(legendItems, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'key');
      g.append('rect').attr('width', 14).attr('height', 12);
      g.append('text').attr('x', 20).attr('y', 10);
      return g;
    })
    .attr('transform', (_d, i) => `translate(${round(left)},${4 + i * 16})`)
    .call((g) => g.select('rect').attr('fill', (d) => fill(d.key)).attr('stroke', (d) => (d.key === 'direct' ? accent : rust)).attr('stroke-width', 1.5))
    .call((g) => g.select('text').text((d) => fitText(d.label, width - left - 20)));

  // Light grid at every 25 %, unlabelled: every bar carries its own value as text.
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  layer(svg, 'grid')
    .selectAll<SVGLineElement, number>('line')
    .data(ticks, (d) => String(d))
    .join('line')
    .attr('x1', (d) => round(x(d))).attr('x2', (d) => round(x(d)))
    .attr('y1', margin.top - 2).attr('y2', height - margin.bottom)
    .attr('stroke', '#d0d5da').attr('stroke-width', 1).attr('aria-hidden', 'true');

  const vendor = layer(svg, 'bars')
    .selectAll<SVGGElement, ReachRow>('g.vendor')
    .data(rows, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'vendor');
      g.append('text').attr('class', 'name').attr('text-anchor', 'end').attr('dominant-baseline', 'middle');
      return g;
    })
    .attr('data-id', (d) => d.id)
    .attr('transform', (d) => `translate(0,${round(y(d.id)!)})`);
  vendor.select<SVGTextElement>('text.name')
    .attr('x', round(left - 8)).attr('y', round(y.bandwidth() / 2))
    .text((d) => fitText(d.name, left - 12));

  const bars = (d: ReachRow): Bar[] => [{ key: 'direct', value: d.direct }, { key: 'transitive', value: d.transitive }];
  vendor
    .selectAll<SVGRectElement, Bar>('rect.bar')
    .data(bars, (d) => d.key)
    .join('rect')
    .attr('class', (d) => `bar ${d.key}`)
    .attr('x', round(x(0)))
    .attr('y', (d) => round(inner(d.key)!))
    .attr('width', (d) => round(Math.max(0, x(d.value) - x(0))))
    .attr('height', round(inner.bandwidth()))
    .attr('fill', (d) => fill(d.key))
    .attr('stroke', (d) => (d.key === 'direct' ? accent : rust))
    .attr('stroke-width', 1.5);
  vendor
    .selectAll<SVGTextElement, Bar>('text.value')
    .data(bars, (d) => d.key)
    .join('text')
    .attr('class', (d) => `value ${d.key}`)
    .attr('x', (d) => round(x(d.value) + 4))
    .attr('y', (d) => round(inner(d.key)! + inner.bandwidth() / 2))
    .attr('dominant-baseline', 'middle')
    .attr('font-size', 11)
    .attr('fill', (d) => (d.key === 'direct' ? accent : muted))
    .text((d) => format(d.value));
  return svg.node()!;
}

/** One sentence: how many vendors, and the one whose reach grows most beyond its own systems. */
export function summary(rows: ReachRow[], lang: Lang = 'da', o: { format?: Format; subject?: ReachSubject } = {}): string {
  const format = o.format ?? formatPercent(lang);
  const { plural } = subjects[o.subject ?? 'vendors'][lang];
  if (rows.length === 0) return lang === 'da' ? `Der er ingen ${plural} at vise.` : `There are no ${plural} to show.`;
  const top = [...rows].sort((a, b) => b.transitive - b.direct - (a.transitive - a.direct) || a.id.localeCompare(b.id))[0]!;
  return lang === 'da'
    ? `Figuren viser direkte og samlet rækkevidde for ${rows.length} ${plural}; størst skjult afhængighed: ${top.name}, ${format(top.direct)} direkte, men ${format(top.transitive)} med hosting, platforme og integrationer.`
    : `The chart shows direct and total reach for ${rows.length} ${plural}; the largest hidden dependency: ${top.name}, ${format(top.direct)} direct, but ${format(top.transitive)} with hosting, platforms and integrations.`;
}

export function tableRows(rows: ReachRow[], lang: Lang = 'da', o: { format?: Format; subject?: ReachSubject } = {}): TableData {
  const t = text[lang];
  const format = o.format ?? formatPercent(lang);
  const points = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 0 });
  return {
    columns: [subjects[o.subject ?? 'vendors'][lang].column, t.directCol, t.transitiveCol, t.hiddenCol],
    rows: rows.map((r) => [r.name, format(r.direct), format(r.transitive), points.format(round((r.transitive - r.direct) * 100, 0))]),
  };
}
