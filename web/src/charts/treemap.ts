// Spend or exposure by vendor → product as a treemap: a named header per vendor, product tiles
// labelled where they fit, a <title> tooltip on every tile.
import { hierarchy, treemap as d3treemap, type HierarchyRectangularNode } from 'd3-hierarchy';
import {
  fitText, formatInteger, formatPercent, layer, svgShell, textWidth,
  type BaseOptions, type Format, type Lang, type TableData,
} from './common.ts';

export interface TreemapRow {
  vendorId: string;
  vendor: string;
  productId: string;
  product: string;
  /** Spend (kr.) or exposure; rows ≤ 0 are left out. */
  value: number;
  /** A row that groups others ("Øvrige leverandører", "Øvrige produkter"): how many vendors and products it stands for. */
  stands?: { vendors: number; products: number };
}

export interface TreemapOptions extends BaseOptions {
  format?: Format;
  /** Vendor colours in order of size; all take white text at ≥ 5.5:1. */
  colours?: string[];
}

/** Dark enough for white labels (≥ 5.5:1) and for the tiles against the white page (≥ 3:1). */
export const vendorColours = ['#0b5394', '#8c2d04', '#1b7837', '#6a3d9a', '#a50f15', '#01665e', '#7f3b08', '#3f4a55'];

interface Datum {
  id: string;
  name: string;
  vendorId: string;
  vendor: string;
  value: number;
  children?: Datum[];
}
type Cell = HierarchyRectangularNode<Datum>;

const text = {
  da: { title: 'Fordeling på leverandører og produkter', vendor: 'Leverandør', product: 'Produkt', value: 'Værdi', share: 'Andel' },
  en: { title: 'Breakdown by vendor and product', vendor: 'Vendor', product: 'Product', value: 'Value', share: 'Share' },
};

const headerHeight = 18;
const tileKey = (vendorId: string, productId: string) => `${vendorId}/${productId}`;

/** The vendor → product hierarchy, biggest first; ties broken by id so the layout is stable. */
export function layout(rows: TreemapRow[], width: number, height: number): Cell {
  const vendors = new Map<string, Datum>();
  for (const r of rows) {
    if (!(r.value > 0)) continue;
    const v = vendors.get(r.vendorId) ?? { id: r.vendorId, name: r.vendor, vendorId: r.vendorId, vendor: r.vendor, value: 0, children: [] };
    v.children!.push({ id: tileKey(r.vendorId, r.productId), name: r.product, vendorId: r.vendorId, vendor: r.vendor, value: r.value });
    vendors.set(r.vendorId, v);
  }
  const root = hierarchy<Datum>({ id: '', name: '', vendorId: '', vendor: '', value: 0, children: [...vendors.values()] })
    .sum((d) => (d.children ? 0 : d.value))
    .sort((a, b) => b.value! - a.value! || (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0));
  return d3treemap<Datum>().size([width, height]).paddingOuter(1).paddingTop(headerHeight).paddingInner(2).round(true)(root);
}

export function treemap(rows: TreemapRow[], options: TreemapOptions): SVGSVGElement {
  const { width, height, lang = 'da' } = options;
  const t = text[lang];
  const format = options.format ?? formatInteger(lang);
  const colours = options.colours ?? vendorColours;
  const svg = svgShell(options, { id: options.id ?? 'treemap', title: t.title }, summary(rows, lang, { format }));
  const root = layout(rows, width, height);
  const vendors = root.children ?? [];
  const colourOf = new Map(vendors.map((v, i) => [v.data.id, colours[i % colours.length]!]));
  const share = formatPercent(lang);

  layer(svg, 'vendors')
    .selectAll<SVGGElement, Cell>('g.vendor')
    .data(vendors, (d) => d.data.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'vendor');
      g.append('rect');
      g.append('text').attr('class', 'label').attr('font-weight', 600).attr('fill', '#ffffff');
      return g;
    })
    .attr('data-id', (d) => d.data.id)
    .attr('transform', (d) => `translate(${d.x0},${d.y0})`)
    .call((g) => g.select('rect').attr('width', (d) => d.x1 - d.x0).attr('height', (d) => d.y1 - d.y0).attr('fill', (d) => colourOf.get(d.data.id)!))
    .call((g) => g.select('text').attr('x', 4).attr('y', 13).text((d) => fitText(`${d.data.name} · ${format(d.value!)}`, d.x1 - d.x0 - 8) || fitText(d.data.name, d.x1 - d.x0 - 8)));

  const tile = layer(svg, 'tiles')
    .selectAll<SVGGElement, Cell>('g.tile')
    .data(root.leaves().filter((d) => d.depth === 2), (d) => d.data.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tile');
      g.append('title');
      g.append('rect');
      g.append('text').attr('class', 'product').attr('fill', '#ffffff');
      g.append('text').attr('class', 'value').attr('fill', '#ffffff').attr('font-size', 11);
      return g;
    })
    .attr('data-id', (d) => d.data.id)
    .attr('transform', (d) => `translate(${d.x0},${d.y0})`);
  // The tiles share their vendor's colour; a thin white line between them, the label inside.
  tile.select('title').text((d) => `${d.data.vendor} – ${d.data.name}: ${format(d.value!)} (${share(d.value! / root.value!)})`);
  tile.select('rect')
    .attr('width', (d) => d.x1 - d.x0).attr('height', (d) => d.y1 - d.y0)
    .attr('fill', (d) => colourOf.get(d.data.vendorId)!).attr('stroke', '#ffffff').attr('stroke-opacity', 0.6);
  tile.select('text.product').attr('x', 4).attr('y', 14)
    .text((d) => (d.y1 - d.y0 >= 18 ? fitText(d.data.name, d.x1 - d.x0 - 8) : ''));
  tile.select('text.value').attr('x', 4).attr('y', 28)
    .text((d) => (d.y1 - d.y0 >= 32 && textWidth(format(d.value!), 11) <= d.x1 - d.x0 - 8 ? format(d.value!) : ''));
  return svg.node()!;
}

/** One sentence: the total, how many vendors and products, and the biggest of each. */
export function summary(rows: TreemapRow[], lang: Lang = 'da', o: { format?: Format } = {}): string {
  const format = o.format ?? formatInteger(lang);
  const share = formatPercent(lang);
  const root = layout(rows, 1, 1);
  const vendors = root.children ?? [];
  if (vendors.length === 0) return lang === 'da' ? 'Der er ingen beløb at vise.' : 'There are no amounts to show.';
  // A grouping row counts as the vendors and products it stands for, and is never "the largest".
  const shown = rows.filter((r) => r.value > 0);
  const grouped = shown.filter((r) => r.stands);
  const groupedVendors = new Set(grouped.filter((r) => r.stands!.vendors > 0).map((r) => r.vendorId));
  const groupedTiles = new Set(grouped.map((r) => tileKey(r.vendorId, r.productId)));
  const vendorCount = new Set(shown.filter((r) => !groupedVendors.has(r.vendorId)).map((r) => r.vendorId)).size + grouped.reduce((n, r) => n + r.stands!.vendors, 0);
  const products = shown.reduce((n, r) => n + (r.stands?.products ?? 1), 0);
  const top = vendors.find((v) => !groupedVendors.has(v.data.vendorId)) ?? vendors[0]!;
  const product = top.children!.find((c) => !groupedTiles.has(c.data.id)) ?? top.children![0]!;
  return lang === 'da'
    ? `I alt ${format(root.value!)} fordelt på ${vendorCount} leverandører og ${products} produkter; størst er ${top.data.name} med ${share(top.value! / root.value!)}, mest i ${product.data.name} (${format(product.value!)}).`
    : `In total ${format(root.value!)} across ${vendorCount} vendors and ${products} products; ${top.data.name} is largest with ${share(top.value! / root.value!)}, most of it in ${product.data.name} (${format(product.value!)}).`;
}

/** The data-table alternative, biggest vendor first and within it the biggest product. */
export function tableRows(rows: TreemapRow[], lang: Lang = 'da', o: { format?: Format } = {}): TableData {
  const t = text[lang];
  const format = o.format ?? formatInteger(lang);
  const share = formatPercent(lang, 1);
  const root = layout(rows, 1, 1);
  return {
    columns: [t.vendor, t.product, t.value, t.share],
    rows: root.leaves().filter((d) => d.depth === 2).map((d) => [d.data.vendor, d.data.name, format(d.value!), share(d.value! / root.value!)]),
  };
}
