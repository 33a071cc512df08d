// Shared pieces for the charts: the accessible SVG shell, Danish number formatting, rounding for
// stable snapshots, hatch patterns and keyboard-activatable marks. No fetching, no clock.
import { create, select, type Selection } from 'd3-selection';

export type Lang = 'da' | 'en';

/** What every chart takes besides its rows. Pass `svg` (a previous result) to update in place. */
export interface BaseOptions {
  width: number;
  height: number;
  lang?: Lang;
  /** Prefix for the element ids (title, desc, patterns); must be unique on the page. */
  id?: string;
  /** Short accessible name; the one-sentence summary goes into `<desc>`. */
  title?: string;
  svg?: SVGSVGElement;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A plain table for the data alternative next to the chart: header cells and formatted rows. */
export interface TableData {
  columns: string[];
  rows: string[][];
}

export type Format = (n: number) => string;
export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type G = Selection<SVGGElement, unknown, null, undefined>;

export const ink = '#1b1f24';
export const muted = '#525a63';
export const accent = '#0b5394';
/** Second series / warnings: 4.9:1 against white. */
export const rust = '#b35806';
export const alert = '#a4000f';

/** Rounds to `digits` decimals and drops "-0" so snapshots stay byte-stable. */
export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

// The one da-DK/en-GB formatter (server/src/domain/format.ts): charts, pages and exports share it.
export { locale, numberFormat } from '../../../server/src/domain/format.ts';
import { numberFormat } from '../../../server/src/domain/format.ts';

export const formatPercent = (lang: Lang = 'da', digits = 0): Format =>
  numberFormat(lang, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits });

export const formatInteger = (lang: Lang = 'da'): Format => numberFormat(lang, { maximumFractionDigits: 0 });

/**
 * The first child of `parent` matching `selector`, created (as `tag`, inserted before `before`
 * when given) on the first render and reused after, so charts can re-render into their own SVG.
 */
export function child<T extends Element>(parent: Element, tag: string, selector = tag, before?: string): Selection<T, unknown, null, undefined> {
  const found = select(parent).selectChild<T>(selector).node();
  const node = found ?? (before ? select(parent).insert<T>(tag, before) : select(parent).append<T>(tag)).node()!;
  return select<T, unknown>(node);
}

/** Creates the SVG (or reuses `options.svg`) with role="img", `<title>` and `<desc>` as its first children. */
export function svgShell(options: BaseOptions, defaults: { id: string; title: string }, description: string): Svg {
  const { width, height } = options;
  const id = options.id ?? defaults.id;
  const svg: Svg = select<SVGSVGElement, unknown>(options.svg ?? create('svg').node()!);
  svg
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-labelledby', `${id}-title ${id}-desc`)
    .attr('lang', options.lang ?? 'da')
    .attr('font-family', 'system-ui, sans-serif')
    .attr('font-size', 12)
    .attr('fill', ink)
    .style('max-width', '100%')
    .style('height', 'auto');
  const root = svg.node()!;
  child<SVGTitleElement>(root, 'title', 'title', ':first-child').attr('id', `${id}-title`).text(options.title ?? defaults.title);
  child<SVGDescElement>(root, 'desc', 'desc', 'title + *').attr('id', `${id}-desc`).text(description);
  return svg;
}

/** The one child `<g class=name>` of `parent`, created on the first render and reused after. */
export function layer(parent: { node(): Element | null }, name: string): G {
  return child<SVGGElement>(parent.node()!, 'g', `g.${name}`).attr('class', name);
}

/**
 * A diagonal hatch `<pattern>` in `<defs>`: the second series and the "unknown" marks carry a
 * texture as well as a colour, so colour is never the only carrier of meaning.
 */
export function hatch(svg: Svg, id: string, colour: string, { background = '#ffffff', angle = 45, gap = 6 } = {}): string {
  const defs = child<SVGDefsElement>(svg.node()!, 'defs', 'defs', 'desc + *');
  const pattern = child<SVGPatternElement>(defs.node()!, 'pattern', `pattern#${id}`)
    .attr('id', id)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', gap)
    .attr('height', gap)
    .attr('patternTransform', `rotate(${angle})`);
  pattern.selectAll('*').remove();
  pattern.append('rect').attr('width', gap).attr('height', gap).attr('fill', background);
  pattern.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', gap).attr('stroke', colour).attr('stroke-width', 2.5);
  return `url(#${id})`;
}

/**
 * A focus ring for the focusable marks, inside the SVG so the chart needs no page CSS: the mark
 * itself when it is a shape, or its `.shape` child when the focusable element is a group.
 */
export function focusStyle(svg: Svg, id: string): void {
  const ring = (state: string) => `#${id} :not(g)[tabindex]:${state},#${id} g[tabindex]:${state}>.shape`;
  child<SVGStyleElement>(svg.node()!, 'style', 'style', 'desc + *').text(
    `#${id} [tabindex]:focus{outline:none}` +
      `${ring('focus-visible')},${ring('hover')}{stroke:${ink};stroke-width:3px;paint-order:stroke}`,
  );
  svg.attr('id', id);
}

/**
 * Makes marks keyboard-operable: tabindex 0, role=button, an aria-label, and a bubbling
 * CustomEvent `eventName` on click, Enter and Space. The chart never navigates itself.
 */
export function activatable<E extends SVGElement, D>(
  marks: Selection<E, D, SVGGElement, unknown>,
  label: (d: D) => string,
  eventName: string,
  detail: (d: D) => unknown,
): void {
  const fire = (el: E, d: D) => el.dispatchEvent(new CustomEvent(eventName, { detail: detail(d), bubbles: true }));
  // An image may not hold interactive children (axe: nested-interactive): a chart with
  // operable marks is a labelled group, keeping its title and description.
  marks.node()?.ownerSVGElement?.setAttribute('role', 'group');
  marks
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', label)
    .on('click', function (_event, d) {
      fire(this, d);
    })
    .on('keydown', function (event, d) {
      const key = (event as KeyboardEvent).key;
      if (key !== 'Enter' && key !== ' ') return;
      event.preventDefault();
      fire(this, d);
    });
}

/** A rough, generous text width (no layout in tests or before insertion): 0.6 em per character. */
export const textWidth = (text: string, fontSize = 12) => text.length * fontSize * 0.6;

/** Shortens `text` with "…" so it fits `width` by the rough measure; '' if nothing fits. */
export function fitText(text: string, width: number, fontSize = 12): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = Math.floor(width / (fontSize * 0.6)) - 1;
  return chars >= 3 ? `${text.slice(0, chars).trimEnd()}…` : '';
}

/** One legend entry: a swatch (filled and outlined by the chart) and its words. */
export interface LegendKey {
  key: string;
  label: string;
}

/**
 * The legend `<g class=legend>`: per key a `width`×12 swatch and its label beside it, placed by
 * `at(i)`, so a hatch or colour is always explained in words.
 */
export function legend<K extends LegendKey>(
  svg: Svg,
  keys: K[],
  o: { swatchWidth: number; at: (i: number) => string; fill: (d: K) => string; stroke: (d: K) => string; labelWidth: number },
): void {
  layer(svg, 'legend')
    .selectAll<SVGGElement, K>('g.key')
    .data(keys, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'key');
      g.append('rect').attr('width', o.swatchWidth).attr('height', 12);
      g.append('text').attr('x', o.swatchWidth + 6).attr('y', 10);
      return g;
    })
    .attr('transform', (_d, i) => o.at(i))
    .call((g) => g.select('rect').attr('fill', o.fill).attr('stroke', o.stroke).attr('stroke-width', 1.5))
    .call((g) => g.select('text').text((d) => fitText(d.label, o.labelWidth)));
}

/**
 * The axis along the top `<g class=axis>`: per tick a light grid line from `top - gap` down to
 * `bottom` and a label above it (bold where `weight` says so).
 */
export function topAxis<T>(
  svg: Svg,
  ticks: T[],
  o: { key: (d: T) => string; x: (d: T) => number; top: number; bottom: number; gap: number; label: (d: T) => string; weight?: (d: T) => number },
): void {
  layer(svg, 'axis')
    .selectAll<SVGGElement, T>('g.tick')
    .data(ticks, o.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tick');
      g.append('line');
      g.append('text');
      return g;
    })
    .attr('transform', (d) => `translate(${round(o.x(d))},0)`)
    .call((g) => g.select('line').attr('y1', o.top - o.gap).attr('y2', o.bottom).attr('stroke', '#d0d5da'))
    .call((g) => g.select('text').attr('y', o.top - o.gap - 4).attr('text-anchor', 'middle').attr('font-size', 11)
      .attr('font-weight', o.weight ?? null).attr('fill', muted).text(o.label));
}
