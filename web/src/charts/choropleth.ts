// Denmark's 98 municipalities coloured by one indicator (DAGI 2014 boundaries, bundled), with a
// numeric legend, a credit line and keyboard-focusable regions that emit `select`.
import { geoPath, geoTransverseMercator, type GeoProjection, type GeoStream } from 'd3-geo';
import { scaleQuantize, type ScaleQuantize } from 'd3-scale';
import { extent } from 'd3-array';
import { feature, mesh } from 'topojson-client';
import type { Feature, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import dagi from '../assets/dk-municipalities-dagi-2014.topojson.json' with { type: 'json' };
import {
  activatable, fitText, focusStyle, formatInteger, hatch, layer, muted, round, svgShell, textWidth,
  type BaseOptions, type G, type Format, type Lang, type Margin, type TableData,
} from './common.ts';

/** One municipality's value; `code` is the kommunekode, 101 or "0101" alike. */
export interface MunicipalityValue {
  code: number | string;
  name?: string;
  value: number | null;
  /** What a reader should know beside the value (its data's date and confidence): read on hover and focus. */
  note?: string;
}

export interface ChoroplethOptions extends BaseOptions {
  /** What the value is, e.g. "Andel systemer fra de tre største leverandører". */
  label?: string;
  format?: Format;
  /** Fixed colour domain, e.g. [0, 1] for shares; by default the data's extent, made nice. */
  domain?: [number, number];
  /** Draw Bornholm in an inset at the top right (default true): it lies far east of the rest. */
  bornholmInset?: boolean;
  topology?: DagiTopology;
  credit?: string;
  /** Drop projected points closer than this many pixels to the previous one (default 0.75). */
  simplify?: number;
}

type DagiProperties = { KOMKODE: string; KOMNAVN: string };
export type DagiTopology = Topology<{ stdin: GeometryCollection<DagiProperties> }>;

/** The bundled DAGI 2014 topology: object `stdin`, 311 polygons, property KOMKODE ("0101"), CRS84. */
export const dagiTopology = dagi as unknown as DagiTopology;
/** Christiansø has a DAGI code but is no municipality (the state administers it). */
export const CHRISTIANSOE = 411;
const BORNHOLM = 400;

export const dagiCredit: Record<Lang, string> = {
  da: 'Kommunegrænser: Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI (kommuneinddeling, 2014)',
  en: 'Municipal boundaries: contains data from the Danish Agency for Data Supply and Infrastructure, DAGI (2014)',
};

/** Light to dark blue; light classes are outlined by the coastline and carry their value in text. */
export const palette = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const noDataInk = '#767676';

const margin: Omit<Margin, 'bottom'> = { top: 8, right: 8, left: 8 };
const legend = { swatch: 14, titleY: 0, swatchY: 8, labelY: 36 };

interface Shape {
  code: number;
  name: string;
  geometry: MultiPolygon;
}

interface Region extends Shape {
  value: number | null;
  note?: string;
}

const text = {
  da: { title: 'Kort over kommunerne', noData: 'ingen data', value: 'værdi', municipality: 'Kommune' },
  en: { title: 'Map of the municipalities', noData: 'no data', value: 'value', municipality: 'Municipality' },
};

const codeOf = (code: number | string) => Number(code);

const shapeCache = new WeakMap<DagiTopology, { shapes: Shape[]; borders: MultiLineString; coast: MultiLineString }>();

/**
 * One MultiPolygon per municipality built from the topology's own polygons (not topojson.merge,
 * whose rings d3-geo read as "the globe minus the island" for several municipalities), inner
 * borders and the coastline as meshes. Christiansø is dropped before anything is drawn.
 */
export function municipalityShapes(topology: DagiTopology = dagiTopology) {
  const cached = shapeCache.get(topology);
  if (cached) return cached;
  const all = topology.objects.stdin;
  const object: GeometryCollection<DagiProperties> = {
    ...all,
    geometries: all.geometries.filter((g) => codeOf((g.properties as DagiProperties).KOMKODE) !== CHRISTIANSOE),
  };
  const byCode = new Map<number, Shape>();
  for (const f of feature(topology, object).features as Feature<Polygon | MultiPolygon, DagiProperties>[]) {
    const code = codeOf(f.properties.KOMKODE);
    const shape = byCode.get(code) ?? { code, name: f.properties.KOMNAVN, geometry: { type: 'MultiPolygon', coordinates: [] } };
    if (f.geometry.type === 'Polygon') shape.geometry.coordinates.push(f.geometry.coordinates);
    else shape.geometry.coordinates.push(...f.geometry.coordinates);
    byCode.set(code, shape);
  }
  const shapes = [...byCode.values()].sort((a, b) => a.code - b.code);
  const props = (g: GeometryObject) => (g.properties as DagiProperties).KOMKODE;
  const borders = mesh(topology, object, (a, b) => a !== b && props(a) !== props(b));
  const coast = mesh(topology, object, (a, b) => a === b);
  const result = { shapes, borders, coast };
  shapeCache.set(topology, result);
  return result;
}

function colourScale(rows: MunicipalityValue[], domain?: [number, number]): ScaleQuantize<string> | null {
  const values = rows.filter((r) => codeOf(r.code) !== CHRISTIANSOE && r.value != null).map((r) => r.value!);
  const scale = scaleQuantize<string>().range(palette);
  if (domain) return scale.domain(domain);
  const [lo, hi] = extent(values);
  if (lo === undefined || hi === undefined) return null;
  // One distinct value: one class, so the legend doesn't invent a range the data don't have.
  return lo === hi ? scale.domain([lo, hi]).range([palette[2]!]) : scale.domain([lo, hi]).nice();
}

export function choropleth(rows: MunicipalityValue[], options: ChoroplethOptions): SVGSVGElement {
  const { width, height, lang = 'da', bornholmInset = true } = options;
  const t = text[lang];
  const id = options.id ?? 'choropleth';
  const format = options.format ?? formatInteger(lang);
  const label = options.label ?? t.value;
  const svg = svgShell(options, { id, title: t.title }, summary(rows, lang, { label, format }));
  focusStyle(svg, id);
  const noData = hatch(svg, `${id}-nodata`, noDataInk);

  const { shapes, borders, coast } = municipalityShapes(options.topology);
  const values = new Map(rows.map((r) => [codeOf(r.code), r]));
  const regions: Region[] = shapes.map((s) => ({ ...s, name: values.get(s.code)?.name ?? s.name, value: values.get(s.code)?.value ?? null, ...(values.get(s.code)?.note ? { note: values.get(s.code)!.note } : {}) }));
  const colour = colourScale(rows, options.domain);

  // Below the map: the legend, then the credit, wrapped so it stays whole and visible.
  const inner = width - margin.left - margin.right;
  const key = legendLayout(width, colour, format, t.noData);
  const creditLines = wrap(options.credit ?? dagiCredit[lang], inner, 11);
  const bottom = 28 + key.height + creditLines.length * 13;

  // Projection: transverse Mercator on 9°E (UTM zone 32, the Danish standard), fitted to the
  // municipalities; Bornholm optionally at the same scale in an inset at the top right.
  const inset = bornholmInset && regions.some((r) => r.code === BORNHOLM);
  const main = geoTransverseMercator().rotate([-9, 0]);
  const mainland = { type: 'FeatureCollection' as const, features: regions.filter((r) => !inset || r.code !== BORNHOLM).map(asFeature) };
  main.fitExtent([[margin.left, margin.top], [width - margin.right, height - bottom]], mainland);
  let east: GeoProjection = main;
  let frame: [[number, number], [number, number]] | null = null;
  if (inset) {
    const bornholm = asFeature(regions.find((r) => r.code === BORNHOLM)!);
    east = geoTransverseMercator().rotate([-14.9, 0]).scale(main.scale()).translate([0, 0]);
    const [[, by0], [bx1]] = geoPath(east).bounds(bornholm);
    const [[, my0], [mx1]] = geoPath(main).bounds(mainland);
    const pad = 6;
    east.translate([mx1 - pad - bx1, my0 + pad - by0]);
    const [[x0, y0], [x1, y1]] = geoPath(east).bounds(bornholm);
    frame = [[x0 - pad, y0 - pad], [x1 + pad, y1 + pad]];
  }
  const tolerance = options.simplify ?? 0.75;
  const pathMain = geoPath(thinned(main, tolerance)).digits(1);
  const pathEast = geoPath(thinned(east, tolerance)).digits(1);
  const pathOf = (r: Region) => (inset && r.code === BORNHOLM ? pathEast : pathMain)(r.geometry) ?? '';

  const regionLabel = (d: Region) => `${d.name}: ${d.value == null ? t.noData : format(d.value)}${d.note ? ` (${d.note})` : ''}`;
  const map = layer(svg, 'map');
  map
    .selectAll<SVGPathElement, Region>('path.region')
    .data(regions, (d) => String(d.code))
    .join('path')
    .attr('class', 'region')
    .attr('data-code', (d) => d.code)
    .attr('d', pathOf)
    .attr('fill', (d) => (d.value == null || !colour ? noData : colour(d.value)))
    .call(activatable<SVGPathElement, Region>, regionLabel, 'select',
      (d) => ({ code: d.code, name: d.name, value: d.value }));
  // The note (data date, confidence) also on hover: a tooltip where the page gives one.
  map.selectAll<SVGPathElement, Region>('path.region').selectChildren<SVGTitleElement, Region>('title')
    .data((d) => (d.note ? [d] : [])).join('title').text(regionLabel);

  // Inner borders white, the coast dark (7:1 on white): every region's edge stays visible.
  // Bornholm is drawn with its own projection, so its lines come from its region path instead.
  map.selectChildren<SVGPathElement, unknown>('path.borders').data([null]).join('path').attr('class', 'borders')
    .attr('d', pathMain(borders) ?? '').attr('fill', 'none').attr('stroke', '#ffffff').attr('stroke-width', 0.6)
    .attr('aria-hidden', 'true').attr('pointer-events', 'none');
  map.selectChildren<SVGPathElement, unknown>('path.coast').data([null]).join('path').attr('class', 'coast')
    .attr('d', inset ? (pathMain(withoutBornholm(coast)) ?? '') : (pathMain(coast) ?? ''))
    .attr('fill', 'none').attr('stroke', muted).attr('stroke-width', 0.6)
    .attr('aria-hidden', 'true').attr('pointer-events', 'none');
  map.selectChildren<SVGPathElement, unknown>('path.bornholm-coast').data(inset ? [null] : []).join('path')
    .attr('class', 'bornholm-coast').attr('d', () => pathEast(regions.find((r) => r.code === BORNHOLM)!.geometry) ?? '')
    .attr('fill', 'none').attr('stroke', muted).attr('stroke-width', 0.6).attr('aria-hidden', 'true').attr('pointer-events', 'none');
  map.selectChildren<SVGRectElement, unknown>('rect.inset').data(frame ? [frame] : []).join('rect').attr('class', 'inset')
    .attr('x', (f) => round(f[0][0])).attr('y', (f) => round(f[0][1]))
    .attr('width', (f) => round(f[1][0] - f[0][0])).attr('height', (f) => round(f[1][1] - f[0][1]))
    .attr('fill', 'none').attr('stroke', muted).attr('stroke-width', 0.5).attr('aria-hidden', 'true');

  drawLegend(layer(svg, 'legend'), key, { top: height - bottom + 20, inner, label, noData, noDataText: t.noData });

  layer(svg, 'credit').selectAll<SVGTextElement, string>('text').data(creditLines).join('text')
    .attr('x', margin.left).attr('y', (_d, i) => height - 6 - (creditLines.length - 1 - i) * 13)
    .attr('font-size', 11).attr('fill', muted).text((d) => d);
  return svg.node()!;
}

/**
 * The projection followed by a pixel-distance filter: the 1:500 000 boundaries carry far more
 * points than a few hundred pixels can show, and every point costs bytes in the DOM and the snapshot.
 * Rings that shrink below three points (islets under a pixel) are left out.
 */
function thinned(projection: GeoProjection, tolerance: number): { stream: (s: GeoStream) => GeoStream } {
  return {
    stream(output) {
      let line: [number, number][] | null = null;
      let end: [number, number] | null = null;
      let inPolygon = false;
      const filter: GeoStream = {
        point(x, y) {
          if (!line) return output.point(x, y);
          const last = line[line.length - 1];
          if (!last || Math.hypot(x - last[0], y - last[1]) >= tolerance) line.push([x, y]);
          end = [x, y];
        },
        lineStart() {
          line = [];
          end = null;
        },
        lineEnd() {
          const points = line!;
          line = null;
          // Lines keep their true end so borders still meet; rings close themselves.
          const last = points[points.length - 1];
          if (!inPolygon && end && last && (last[0] !== end[0] || last[1] !== end[1])) points.push(end);
          if (points.length < (inPolygon ? 3 : 2)) return;
          output.lineStart();
          for (const [x, y] of points) output.point(x, y);
          output.lineEnd();
        },
        polygonStart() {
          inPolygon = true;
          output.polygonStart();
        },
        polygonEnd() {
          inPolygon = false;
          output.polygonEnd();
        },
        sphere() {
          output.sphere?.();
        },
      };
      return projection.stream(filter);
    },
  };
}

/** Greedy word wrap by the rough text measure. */
function wrap(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`, fontSize) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const asFeature = (r: Shape): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: r.geometry });

/** The coastline without Bornholm's lines (longitude > 14.5°E), which the inset draws itself. */
function withoutBornholm(coast: MultiLineString): MultiLineString {
  return { type: 'MultiLineString', coordinates: coast.coordinates.filter((line) => !line.every(([lon]) => lon! > 14.5)) };
}

interface LegendLayout {
  classes: string[];
  labels: string[];
  /** x of the first boundary: the swatches start half a label in, so centred labels fit. */
  x0: number;
  step: number;
  noData: { x: number; y: number };
  height: number;
}

/**
 * A threshold legend: contiguous swatches with the class boundaries as text under them (short
 * enough for narrow maps), then a hatched "no data" key, beside the scale or on a row below it.
 */
function legendLayout(width: number, colour: ScaleQuantize<string> | null, format: Format, noDataText: string): LegendLayout {
  const inner = width - margin.left - margin.right;
  const classes = colour ? colour.range() : [];
  // A boundary that formats like its neighbour (coarse formats, narrow domains) is left blank.
  const labels = colour
    ? [colour.domain()[0]!, ...colour.thresholds(), colour.domain()[1]!].map(format).map((l, i, all) => (i > 0 && l === all[i - 1] ? '' : l))
    : [];
  const half = (l: string | undefined) => (l ? textWidth(l, 11) / 2 : 0);
  const x0 = half(labels[0]);
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, 11)));
  const step = classes.length ? Math.max(widest + 6, Math.min(64, (inner - x0 - half(labels[labels.length - 1])) / classes.length)) : 0;
  const after = classes.length ? x0 + classes.length * step + half(labels[labels.length - 1]) + 16 : 0;
  const fits = after + legend.swatch * 2 + 6 + textWidth(noDataText, 11) <= inner;
  const noData = fits ? { x: after, y: legend.swatchY } : { x: 0, y: legend.labelY + 8 };
  return { classes, labels, x0, step, noData, height: noData.y + legend.swatch + (fits ? 14 : 4) };
}

function drawLegend(g: G, l: LegendLayout, o: { top: number; inner: number; label: string; noData: string; noDataText: string }): void {
  g.attr('transform', `translate(${margin.left},${o.top})`);
  g.selectChildren<SVGTextElement, string>('text.legend-title').data([o.label]).join('text').attr('class', 'legend-title')
    .attr('y', legend.titleY).attr('font-weight', 600).text((d) => fitText(d, o.inner));
  g.selectAll<SVGRectElement, string>('rect.swatch').data(l.classes, (d) => d).join('rect').attr('class', 'swatch')
    .attr('x', (_d, i) => round(l.x0 + i * l.step)).attr('y', legend.swatchY)
    .attr('width', round(l.step)).attr('height', legend.swatch).attr('fill', (d) => d)
    .attr('stroke', muted).attr('stroke-width', 0.5);
  g.selectAll<SVGTextElement, string>('text.tick').data(l.labels, (_d, i) => String(i)).join('text').attr('class', 'tick')
    .attr('x', (_d, i) => round(l.x0 + i * l.step)).attr('y', legend.labelY).attr('font-size', 11)
    .attr('text-anchor', 'middle').text((d) => d);
  const nd = g.selectChildren<SVGGElement, string>('g.nodata').data([o.noDataText]).join((enter) => {
    const e = enter.append('g').attr('class', 'nodata');
    e.append('rect');
    e.append('text');
    return e;
  });
  nd.attr('transform', `translate(${round(l.noData.x)},${l.noData.y})`);
  nd.select('rect').attr('width', legend.swatch * 2).attr('height', legend.swatch).attr('fill', o.noData)
    .attr('stroke', muted).attr('stroke-width', 0.5);
  nd.select('text').attr('x', legend.swatch * 2 + 6).attr('y', legend.swatch - 3).attr('font-size', 11).text((d) => d);
}

/** One sentence for `<desc>` and the figure: coverage, highest and lowest. */
export function summary(rows: MunicipalityValue[], lang: Lang = 'da', o: { label?: string; format?: Format } = {}): string {
  const format = o.format ?? formatInteger(lang);
  const label = o.label ?? text[lang].value;
  const known = rows.filter((r) => codeOf(r.code) !== CHRISTIANSOE && r.value != null);
  const nameOf = (r: MunicipalityValue) => r.name ?? dagiName(codeOf(r.code));
  if (known.length === 0) {
    return lang === 'da' ? `Kortet viser ${label} for kommunerne, men der er ingen data endnu.` : `The map shows ${label} by municipality, but there are no data yet.`;
  }
  const sorted = [...known].sort((a, b) => b.value! - a.value! || codeOf(a.code) - codeOf(b.code));
  const hi = sorted[0]!;
  const lo = sorted[sorted.length - 1]!;
  return lang === 'da'
    ? `Kortet viser ${label} for ${known.length} af 98 kommuner: højest i ${nameOf(hi)} (${format(hi.value!)}), lavest i ${nameOf(lo)} (${format(lo.value!)}).`
    : `The map shows ${label} for ${known.length} of 98 municipalities: highest in ${nameOf(hi)} (${format(hi.value!)}), lowest in ${nameOf(lo)} (${format(lo.value!)}).`;
}

/** The data-table alternative: every row but Christiansø, by code, with the formatted value. */
export function tableRows(rows: MunicipalityValue[], lang: Lang = 'da', o: { label?: string; format?: Format } = {}): TableData {
  const t = text[lang];
  const format = o.format ?? formatInteger(lang);
  return {
    columns: [t.municipality, o.label ?? t.value],
    rows: rows
      .filter((r) => codeOf(r.code) !== CHRISTIANSOE)
      .sort((a, b) => codeOf(a.code) - codeOf(b.code))
      .map((r) => [r.name ?? dagiName(codeOf(r.code)), r.value == null ? t.noData : format(r.value)]),
  };
}

function dagiName(code: number): string {
  return municipalityShapes().shapes.find((s) => s.code === code)?.name ?? String(code);
}
