// Two bars per row, side by side: one series solid blue, the other hatched rust, each bar
// labelled with its value and the series explained in a legend. Drawn for reach-bars (direct vs
// total reach) and before-after-bars (before vs after a scenario); values are shares, 0..1.
import { scaleBand, scaleLinear } from 'd3-scale';
import { accent, fitText, hatch, layer, legend, muted, round, rust, svgShell, textWidth, type BaseOptions, type Format, type Margin } from './common.ts';

export interface PairedRow {
  id: string;
  name: string;
}

/** A series: its key (the bar's class), its legend text, and solid (blue) or hatched (rust). */
export interface PairSeries<K extends string> {
  key: K;
  label: string;
  solid: boolean;
}

/** What the chart around the bars says: its default id and title, and its one-sentence description. */
export interface PairedBarsChart<R extends PairedRow, K extends string> {
  id: string;
  title: string;
  description: string;
  format: Format;
  /** Legend and bar order. */
  series: [PairSeries<K>, PairSeries<K>];
  value: (row: R, key: K) => number;
  /** The class of a row's `<g>`. */
  rowClass: string;
  /** Unlabelled grid lines at these values, if any. */
  grid?: number[];
}

const margin: Omit<Margin, 'left'> = { top: 44, right: 52, bottom: 8 };

/** The SVG with its legend, grid and bars (or `options.svg` updated in place). */
export function pairedBars<R extends PairedRow, K extends string>(rows: R[], options: BaseOptions, o: PairedBarsChart<R, K>): SVGSVGElement {
  const { width, height } = options;
  const { format } = o;
  const id = options.id ?? o.id;
  const svg = svgShell(options, { id, title: o.title }, o.description);
  const hatched = hatch(svg, `${id}-hatch`, rust);
  const solid = new Map(o.series.map((s) => [s.key, s.solid]));
  const fill = (key: K) => (solid.get(key) ? accent : hatched);
  const stroke = (key: K) => (solid.get(key) ? accent : rust);

  // Row names on the left: as wide as the longest name, at most a third of the chart.
  const left = Math.min(width / 3, Math.max(...rows.map((r) => textWidth(r.name)), 40) + 12);
  const x = scaleLinear().domain([0, 1]).range([left, width - margin.right]);
  const y = scaleBand<string>().domain(rows.map((r) => r.id)).range([margin.top, height - margin.bottom]).paddingInner(0.3).paddingOuter(0.1);
  const inner = scaleBand<K>().domain(o.series.map((s) => s.key)).range([0, y.bandwidth()]).paddingInner(0.1);

  legend(svg, o.series, {
    swatchWidth: 14,
    at: (i) => `translate(${round(left)},${4 + i * 16})`,
    fill: (d) => fill(d.key),
    stroke: (d) => stroke(d.key),
    labelWidth: width - left - 20,
  });

  if (o.grid) {
    // Light grid lines, unlabelled: every bar carries its own value as text.
    layer(svg, 'grid')
      .selectAll<SVGLineElement, number>('line')
      .data(o.grid, (d) => String(d))
      .join('line')
      .attr('x1', (d) => round(x(d))).attr('x2', (d) => round(x(d)))
      .attr('y1', margin.top - 2).attr('y2', height - margin.bottom)
      .attr('stroke', '#d0d5da').attr('stroke-width', 1).attr('aria-hidden', 'true');
  }

  const row = layer(svg, 'bars')
    .selectAll<SVGGElement, R>(`g.${o.rowClass}`)
    .data(rows, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', o.rowClass);
      g.append('text').attr('class', 'name').attr('text-anchor', 'end').attr('dominant-baseline', 'middle');
      return g;
    })
    .attr('data-id', (d) => d.id)
    .attr('transform', (d) => `translate(0,${round(y(d.id)!)})`);
  row.select<SVGTextElement>('text.name')
    .attr('x', round(left - 8)).attr('y', round(y.bandwidth() / 2))
    .text((d) => fitText(d.name, left - 12));

  interface Bar {
    key: K;
    value: number;
  }
  const bars = (d: R): Bar[] => o.series.map((s) => ({ key: s.key, value: o.value(d, s.key) }));
  // A value beyond the scale ends at its edge; the label still says the value.
  const end = (d: Bar) => x(Math.min(1, d.value));
  row
    .selectAll<SVGRectElement, Bar>('rect.bar')
    .data(bars, (d) => d.key)
    .join('rect')
    .attr('class', (d) => `bar ${d.key}`)
    .attr('x', round(x(0)))
    .attr('y', (d) => round(inner(d.key)!))
    .attr('width', (d) => round(Math.max(0, end(d) - x(0))))
    .attr('height', round(inner.bandwidth()))
    .attr('fill', (d) => fill(d.key))
    .attr('stroke', (d) => stroke(d.key))
    .attr('stroke-width', 1.5);
  row
    .selectAll<SVGTextElement, Bar>('text.value')
    .data(bars, (d) => d.key)
    .join('text')
    .attr('class', (d) => `value ${d.key}`)
    .attr('x', (d) => round(end(d) + 4))
    .attr('y', (d) => round(inner(d.key)! + inner.bandwidth() / 2))
    .attr('dominant-baseline', 'middle')
    .attr('font-size', 11)
    .attr('fill', (d) => (solid.get(d.key) ? accent : muted))
    .text((d) => format(d.value));
  return svg.node()!;
}
