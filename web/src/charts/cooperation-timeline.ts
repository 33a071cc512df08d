// Overlapping exit windows for one product: one row per municipality (its window from the next
// penalty-free exit, with a mark on the exit day) and, behind the rows of each cluster, its
// shared window, hatched. No clock: every date comes in the rows.
import { scaleBand, scaleUtc } from 'd3-scale';
import { utcMonth } from 'd3-time';
import { formatDate } from './contract-timeline.ts';
import { accent, fitText, hatch, ink, layer, legend, muted, round, rust, svgShell, textWidth, topAxis, type BaseOptions, type Lang, type TableData } from './common.ts';

export interface WindowRow {
  /** Stable key (the municipality code). */
  id: string;
  name: string;
  /** The window, 'yyyy-mm-dd', both days included; `from` is the exit date. */
  from: string;
  to: string;
  /** Drawn in the accent colour and bold: the asker's own municipality. */
  own?: boolean;
}

export interface SharedWindow {
  id: string;
  from: string;
  to: string;
  /** Ids of the rows in the cluster. */
  memberIds: string[];
}

export interface CooperationTimelineOptions extends BaseOptions {
  clusters: SharedWindow[];
}

const text = {
  da: {
    title: 'Exitvinduer der overlapper',
    window: 'Kommunens vindue fra exit',
    shared: 'Fælles vindue i en klynge',
    municipality: 'Kommune',
    exit: 'Exit',
    closes: 'Vinduet lukker',
    clusters: 'Klynger',
    empty: 'Ingen kendte exitvinduer at vise.',
  },
  en: {
    title: 'Overlapping exit windows',
    window: "The municipality's window from its exit",
    shared: 'Shared window of a cluster',
    municipality: 'Municipality',
    exit: 'Exit',
    closes: 'Window closes',
    clusters: 'Clusters',
    empty: 'No known exit windows to show.',
  },
};

const margin = { top: 52, right: 16, bottom: 8 };
const day = (s: string) => new Date(`${s}T00:00:00Z`);
const byFrom = (rows: WindowRow[]) => [...rows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Cluster numbers per row id, "1, 2" (a municipality can be in two clusters). */
function clusterLabels(rows: WindowRow[], clusters: SharedWindow[]): Map<string, string> {
  const out = new Map<string, number[]>();
  clusters.forEach((c, i) => c.memberIds.forEach((id) => out.set(id, [...(out.get(id) ?? []), i + 1])));
  return new Map(rows.map((r) => [r.id, (out.get(r.id) ?? []).join(', ')]));
}

export function cooperationTimeline(rows: WindowRow[], options: CooperationTimelineOptions): SVGSVGElement {
  const { width, height, lang = 'da', clusters } = options;
  const t = text[lang];
  const id = options.id ?? 'cooperation-timeline';
  const list = byFrom(rows);
  const svg = svgShell(options, { id, title: t.title }, summary(rows, clusters, lang));
  const hatched = hatch(svg, `${id}-hatch`, rust);
  const date = formatDate(lang);

  const first = list.length ? day(list[0]!.from) : new Date(Date.UTC(2027, 0, 1));
  const last = list.length ? day(list.reduce((m, r) => (r.to > m ? r.to : m), list[0]!.to)) : utcMonth.offset(first, 12);
  const from = utcMonth.offset(utcMonth.floor(first), -1);
  const to = utcMonth.offset(utcMonth.ceil(last), 1);
  const left = Math.min(width / 3, Math.max(90, ...list.map((r) => textWidth(r.name, 13))) + 16);
  const x = scaleUtc().domain([from, to]).range([left, width - margin.right]);
  const y = scaleBand<string>().domain(list.map((r) => r.id)).range([margin.top, height - margin.bottom]).paddingInner(0.3).paddingOuter(0.15);
  const band = y.bandwidth();

  const keys = [
    { key: 'window', label: t.window },
    { key: 'shared', label: t.shared },
  ];
  const step = Math.min(textWidth(t.window) + 40, (width - left) / 2);
  legend(svg, keys, {
    swatchWidth: 22,
    at: (i) => `translate(${round(left + i * step)},4)`,
    fill: (d) => (d.key === 'window' ? accent : hatched),
    stroke: (d) => (d.key === 'window' ? 'none' : rust),
    labelWidth: step - 32,
  });

  // Year ticks (and half years when there is room).
  const months = Math.max(1, utcMonth.count(from, to));
  const every = (width - left) / (months / 6) >= 48 ? 6 : 12;
  topAxis(svg, x.ticks(utcMonth.every(every)!), {
    key: (d) => d.toISOString().slice(0, 10),
    x,
    top: margin.top,
    bottom: height - margin.bottom,
    gap: 6,
    label: (d) => (d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : formatDate(lang)(d).replace(/^\d+\.? /, '')),
  });

  // Shared windows behind the rows of their members (members are consecutive by exit date).
  const span = (c: SharedWindow) => {
    const ys = c.memberIds.map((m) => y(m)).filter((v): v is number => v !== undefined);
    return ys.length ? { top: Math.min(...ys) - 3, bottom: Math.max(...ys) + band + 3 } : null;
  };
  layer(svg, 'clusters')
    .selectAll<SVGRectElement, SharedWindow>('rect.shared')
    .data(clusters.filter((c) => span(c) !== null), (d) => d.id)
    .join('rect')
    .attr('class', 'shared')
    .attr('data-id', (d) => d.id)
    .attr('x', (d) => round(x(day(d.from))))
    .attr('width', (d) => round(Math.max(2, x(day(d.to)) - x(day(d.from)))))
    .attr('y', (d) => round(span(d)!.top))
    .attr('height', (d) => round(span(d)!.bottom - span(d)!.top))
    .attr('fill', hatched)
    .attr('stroke', rust)
    .attr('stroke-width', 1.5);

  const labels = clusterLabels(list, clusters);
  const row = layer(svg, 'windows')
    .selectAll<SVGGElement, WindowRow>('g.window')
    .data(list, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'window');
      g.append('title');
      g.append('text').attr('class', 'name');
      g.append('rect').attr('class', 'bar');
      g.append('line').attr('class', 'exit');
      return g;
    })
    .attr('data-id', (d) => d.id)
    .attr('transform', (d) => `translate(0,${round(y(d.id)!)})`);
  row.select('title').text((d) => [d.name, `${t.exit}: ${date(day(d.from))}`, `${t.closes}: ${date(day(d.to))}`, labels.get(d.id) ? `${t.clusters}: ${labels.get(d.id)}` : null].filter(Boolean).join(' · '));
  row.select('text.name').attr('x', round(left - 8)).attr('y', round(band / 2 + 4)).attr('text-anchor', 'end')
    .attr('font-weight', (d) => (d.own ? 700 : 400)).attr('fill', (d) => (d.own ? accent : ink))
    .text((d) => fitText(d.name, left - 12));
  row.select('rect.bar')
    .attr('x', (d) => round(x(day(d.from))))
    .attr('width', (d) => round(Math.max(2, x(day(d.to)) - x(day(d.from)))))
    .attr('y', round(band / 2 - 5)).attr('height', 10)
    .attr('fill', (d) => (d.own ? accent : muted));
  row.select('line.exit')
    .attr('x1', (d) => round(x(day(d.from)))).attr('x2', (d) => round(x(day(d.from))))
    .attr('y1', 0).attr('y2', round(band))
    .attr('stroke', ink).attr('stroke-width', 2.5);

  layer(svg, 'note').selectChildren<SVGTextElement, string>('text').data(list.length ? [] : [t.empty]).join('text')
    .attr('x', left).attr('y', margin.top + 20).attr('fill', muted).text((d) => d);
  return svg.node()!;
}

/** One sentence: how many municipalities, how many clusters, and the first shared window. */
export function summary(rows: WindowRow[], clusters: SharedWindow[], lang: Lang = 'da'): string {
  const date = (s: string) => formatDate(lang)(day(s));
  const n = rows.length;
  const first = [...clusters].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))[0];
  if (lang === 'da') {
    const head = `${n} ${n === 1 ? 'kommune' : 'kommuner'} med kendt exitvindue`;
    if (!first) return `${head}; ingen vinduer overlapper.`;
    return `${head} i ${clusters.length} ${clusters.length === 1 ? 'klynge' : 'klynger'}; det første fælles vindue er ${first.from === first.to ? `den ${date(first.from)}` : `${date(first.from)}–${date(first.to)}`} for ${first.memberIds.length} kommuner.`;
  }
  const head = `${n} ${n === 1 ? 'municipality' : 'municipalities'} with a known exit window`;
  if (!first) return `${head}; no windows overlap.`;
  return `${head} in ${clusters.length} ${clusters.length === 1 ? 'cluster' : 'clusters'}; the first shared window is ${first.from === first.to ? `on ${date(first.from)}` : `${date(first.from)}–${date(first.to)}`} for ${first.memberIds.length} municipalities.`;
}

export function tableRows(rows: WindowRow[], clusters: SharedWindow[], lang: Lang = 'da'): TableData {
  const t = text[lang];
  const date = (s: string) => formatDate(lang)(day(s));
  const labels = clusterLabels(rows, clusters);
  return {
    columns: [t.municipality, t.exit, t.closes, t.clusters],
    rows: byFrom(rows).map((r) => [r.name, date(r.from), date(r.to), labels.get(r.id) || '–']),
  };
}
