// Vendors ↔ systems ↔ hosting as a force-directed graph. The layout is computed synchronously
// (a fixed number of ticks, seeded LCG, nodes in a canonical order) so the same data always gives
// the same picture. Nodes differ by shape as well as colour, transitive links are dashed, and
// every node is focusable and emits `select`.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';
import { extent } from 'd3-array';
import {
  accent, activatable, fitText, focusStyle, ink, layer, muted, round, rust, svgShell, textWidth,
  type BaseOptions, type Lang, type Margin, type TableData,
} from './common.ts';

export type NodeKind = 'vendor' | 'system' | 'hosting';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
}

export interface GraphLink {
  source: string;
  target: string;
  /** Reached through hosting, a platform or an integration rather than supplied directly. */
  transitive: boolean;
  /** How many systems a collapsed link stands for (see collapseToVendors). */
  weight?: number;
}

export interface Graph {
  nodes: GraphNode[];
  links: GraphLink[];
}

export interface DependencyGraphOptions extends BaseOptions {
  /** Show at most this many nodes, the most connected first (default 60). */
  maxNodes?: number;
  /** Simulation ticks (default 300); the cooling is scaled so fewer ticks still settle. */
  ticks?: number;
  /** Above this many links, draw them as one path per line style (default 1000). */
  bundleLinksAbove?: number;
  /** Write the names of only this many nodes, the most connected (default all): the rest keep theirs in the aria-label. */
  labelLimit?: number;
  /** Positions computed beforehand (layoutInSlices, off the critical path): no layout here. */
  positions?: ReadonlyMap<string, { x: number; y: number }>;
}

const kinds: NodeKind[] = ['vendor', 'hosting', 'system'];
const kindColour: Record<NodeKind, string> = { vendor: accent, system: '#1b7837', hosting: rust };
/** Square, circle and diamond, drawn as paths so one keyed join covers all kinds. */
const kindShape: Record<NodeKind, string> = {
  vendor: 'M-7,-7H7V7H-7Z',
  system: 'M7,0A7,7 0 1,1 -7,0A7,7 0 1,1 7,0Z',
  hosting: 'M0,-9L9,0L0,9L-9,0Z',
};
const linkInk = '#767676';

const text = {
  da: {
    title: 'Afhængigheder mellem leverandører, systemer og hosting',
    kind: { vendor: 'Leverandør', system: 'System', hosting: 'Hosting' },
    kinds: { vendor: ['leverandør', 'leverandører'], system: ['system', 'systemer'], hosting: ['hostingudbyder', 'hostingudbydere'] },
    direct: 'direkte',
    transitive: 'indirekte (via hosting, platform eller integration)',
    connections: (n: number) => `${n} ${n === 1 ? 'forbindelse' : 'forbindelser'}`,
    truncated: (shown: number, all: number) => `Viser de ${shown} mest forbundne af ${all} noder.`,
    node: 'Node',
    type: 'Type',
    neighbours: 'Forbundet med',
    indirect: 'indirekte',
  },
  en: {
    title: 'Dependencies between vendors, systems and hosting',
    kind: { vendor: 'Vendor', system: 'System', hosting: 'Hosting' },
    kinds: { vendor: ['vendor', 'vendors'], system: ['system', 'systems'], hosting: ['hosting provider', 'hosting providers'] },
    direct: 'direct',
    transitive: 'indirect (via hosting, platform or integration)',
    connections: (n: number) => `${n} ${n === 1 ? 'connection' : 'connections'}`,
    truncated: (shown: number, all: number) => `Showing the ${shown} most connected of ${all} nodes.`,
    node: 'Node',
    type: 'Type',
    neighbours: 'Connected to',
    indirect: 'indirect',
  },
};

const margin: Margin = { top: 44, right: 110, bottom: 24, left: 16 };

interface SimNode extends GraphNode, SimulationNodeDatum {
  degree: number;
}
interface Edge {
  key: string;
  source: string;
  target: string;
  transitive: boolean;
  weight: number;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const edgeKey = (a: string, b: string) => (a < b ? `${a}->${b}` : `${b}->${a}`);

/**
 * Links between known nodes, undirected and de-duplicated: a pair linked twice is one edge,
 * direct if either link is direct.
 */
function edges(nodes: GraphNode[], links: GraphLink[]): Edge[] {
  const known = new Set(nodes.map((n) => n.id));
  const out = new Map<string, Edge>();
  for (const l of links) {
    if (!known.has(l.source) || !known.has(l.target) || l.source === l.target) continue;
    const key = edgeKey(l.source, l.target);
    const prev = out.get(key);
    const [source, target] = l.source < l.target ? [l.source, l.target] : [l.target, l.source];
    out.set(key, { key, source, target, transitive: (prev?.transitive ?? true) && l.transitive, weight: (prev?.weight ?? 0) + (l.weight ?? 1) });
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The nodes to draw (the most connected, up to `maxNodes`) in a canonical order, and their edges. */
export function visibleGraph(nodes: GraphNode[], links: GraphLink[], maxNodes = 60) {
  const unique = [...new Map(nodes.map((n) => [n.id, n])).values()];
  const all = edges(unique, links);
  const degree = new Map<string, number>();
  for (const e of all) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const ranked = [...unique].sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || byId(a, b));
  const kept = ranked.slice(0, Math.max(0, maxNodes));
  const keptIds = new Set(kept.map((n) => n.id));
  const shown = all.filter((e) => keptIds.has(e.source) && keptIds.has(e.target));
  const shownDegree = new Map<string, number>();
  for (const e of shown) for (const id of [e.source, e.target]) shownDegree.set(id, (shownDegree.get(id) ?? 0) + 1);
  const ordered = kept
    .map((n): SimNode => ({ id: n.id, kind: n.kind, label: n.label, degree: shownDegree.get(n.id) ?? 0 }))
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || byId(a, b));
  return { nodes: ordered, edges: shown, total: unique.length };
}

/** d3-force's own LCG (a = 1664525, c = 1013904223, m = 2³²), with a chosen seed. */
export function lcg(seed = 1): () => number {
  let s = seed >>> 0;
  return () => (s = (1664525 * s + 1013904223) % 4294967296) / 4294967296;
}

/**
 * Positions after `ticks` synchronous ticks, scaled to fit the plot. d3-force 3 places new nodes
 * on a phyllotaxis spiral by index (no randomness) and uses its random source only to jiggle
 * coincident nodes; a canonical node order plus an explicit LCG make the layout a pure function of
 * the data, independent of input order and of d3's default source.
 */
export function layoutGraph(nodes: SimNode[], links: Edge[], o: { width: number; height: number; ticks?: number | undefined }) {
  const ticks = o.ticks ?? 300;
  const sim = simulation(nodes, links, ticks);
  for (let i = 0; i < ticks; i++) sim.tick();
  return fitted(nodes, o);
}

/**
 * The same layout as layoutGraph, ticked in slices of at most `sliceMs` with a yield to the event
 * loop between slices, so a large graph never blocks input for long. The tick count is fixed, so
 * the positions are exactly layoutGraph's: deterministic, whatever the machine's speed.
 */
export async function layoutInSlices(
  graph: Graph,
  o: { width: number; height: number; ticks?: number | undefined; maxNodes?: number | undefined; sliceMs?: number; yieldTo?: () => Promise<void> },
): Promise<Map<string, { x: number; y: number }>> {
  const { nodes, edges: shown } = visibleGraph(graph.nodes, graph.links, o.maxNodes);
  const ticks = o.ticks ?? 300;
  const pause = o.yieldTo ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  await pause(); // choosing the nodes is work of its own: the ticks start in a fresh task
  const sim = simulation(nodes, shown, ticks);
  let done = 0;
  while (done < ticks) {
    const start = performance.now();
    do {
      sim.tick();
      done++;
    } while (done < ticks && performance.now() - start < (o.sliceMs ?? 30));
    if (done < ticks) await pause();
  }
  return fitted(nodes, o);
}

function simulation(nodes: SimNode[], links: Edge[], ticks: number) {
  return forceSimulation<SimNode>(nodes)
    .stop()
    // d3's default cools from 1 to 0.001 in 300 ticks; the same curve over `ticks`.
    .alphaDecay(1 - Math.pow(0.001, 1 / Math.max(1, ticks)))
    .randomSource(lcg(1))
    .force('link', forceLink<SimNode, { source: string | SimNode; target: string | SimNode; transitive: boolean }>(
      links.map((l) => ({ source: l.source, target: l.target, transitive: l.transitive })),
    ).id((d) => d.id).distance((l) => (l.transitive ? 70 : 45)))
    .force('charge', forceManyBody<SimNode>().strength(-150))
    // Unlinked nodes are held in close (or the charge pushes them off and shrinks the rest to fit).
    .force('x', forceX<SimNode>(0).strength((d) => (d.degree === 0 ? 0.4 : 0.05)))
    .force('y', forceY<SimNode>(0).strength((d) => (d.degree === 0 ? 0.4 : 0.05)))
    .force('collide', forceCollide<SimNode>(16));
}

/** The simulated positions scaled into the plot area and rounded. */
function fitted(nodes: SimNode[], o: { width: number; height: number }) {
  const [x0 = 0, x1 = 0] = extent(nodes, (n) => n.x!);
  const [y0 = 0, y1 = 0] = extent(nodes, (n) => n.y!);
  const w = o.width - margin.left - margin.right;
  const h = o.height - margin.top - margin.bottom;
  const k = Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1), 1.5);
  const cx = margin.left + (w - k * (x1 - x0)) / 2;
  const cy = margin.top + (h - k * (y1 - y0)) / 2;
  return new Map(nodes.map((n) => [n.id, { x: round(cx + k * (n.x! - x0)), y: round(cy + k * (n.y! - y0)) }]));
}

export function dependencyGraph(graph: Graph, options: DependencyGraphOptions): SVGSVGElement {
  const { width, height, lang = 'da' } = options;
  const t = text[lang];
  const id = options.id ?? 'dependency-graph';
  const visible = visibleGraph(graph.nodes, graph.links, options.maxNodes);
  const svg = svgShell(options, { id, title: t.title }, describe(visible, lang));
  focusStyle(svg, id);

  const { nodes, edges: shown, total } = visible;
  const at = options.positions ?? layoutGraph(nodes, shown, { width, height, ticks: options.ticks });

  // Legend: the three shapes and the two line styles, in words.
  type Key = { key: string; label: string; shape?: NodeKind; dashed?: boolean };
  const keys: Key[] = [
    ...kinds.map((k): Key => ({ key: k, label: t.kind[k], shape: k })),
    { key: 'direct', label: t.direct, dashed: false },
    { key: 'transitive', label: t.transitive, dashed: true },
  ];
  // Items flow left to right and wrap to a second row on narrow charts.
  const place: { x: number; y: number }[] = [];
  let cursor = { x: margin.left, y: 14 };
  for (const k of keys) {
    const w = 22 + textWidth(k.label, 11) + 14;
    if (cursor.x + w > width && cursor.x > margin.left) cursor = { x: margin.left, y: cursor.y + 18 };
    place.push({ x: cursor.x, y: cursor.y });
    cursor = { x: cursor.x + w, y: cursor.y };
  }
  layer(svg, 'legend')
    .selectAll<SVGGElement, Key>('g.key')
    .data(keys, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'key');
      g.append('path');
      g.append('text').attr('x', 14).attr('y', 4).attr('font-size', 11);
      return g;
    })
    .attr('transform', (_d, i) => `translate(${round(place[i]!.x + 8)},${place[i]!.y})`)
    .call((g) => g.select('path')
      .attr('d', (d) => (d.shape ? kindShape[d.shape] : 'M-8,0H8'))
      .attr('transform', (d) => (d.shape ? 'scale(0.7)' : null))
      .attr('fill', (d) => (d.shape ? kindColour[d.shape] : 'none'))
      .attr('stroke', (d) => (d.shape ? '#ffffff' : linkInk)).attr('stroke-width', (d) => (d.shape ? 1 : 2))
      .attr('stroke-dasharray', (d) => (d.dashed ? '4 3' : null)))
    .call((g) => g.select('text').text((d) => fitText(d.label, Math.max(0, width - margin.left - 30), 11)));

  // Thousands of links (a whole inventory unfolded) are drawn as one path per line style: the
  // same picture with two elements instead of thousands, so drawing stays a short task.
  const bundled = shown.length > (options.bundleLinksAbove ?? 1000);
  type Bundle = { key: 'direct' | 'transitive'; d: string };
  const segment = (e: Edge) => `M${at.get(e.source)!.x},${at.get(e.source)!.y}L${at.get(e.target)!.x},${at.get(e.target)!.y}`;
  const bundles: Bundle[] = bundled
    ? (['direct', 'transitive'] as const).map((key) => ({ key, d: shown.filter((e) => e.transitive === (key === 'transitive')).map(segment).join('') }))
    : [];
  layer(svg, 'links')
    .selectAll<SVGPathElement, Bundle>('path.link-bundle')
    .data(bundles.filter((b) => b.d !== ''), (b) => b.key)
    .join('path')
    .attr('class', (b) => `link-bundle ${b.key}`)
    .attr('d', (b) => b.d)
    .attr('fill', 'none')
    .attr('stroke', linkInk)
    .attr('stroke-width', 1)
    .attr('stroke-dasharray', (b) => (b.key === 'transitive' ? '5 4' : null));
  const link = layer(svg, 'links')
    .attr('aria-hidden', 'true')
    .selectAll<SVGLineElement, Edge>('line.link')
    .data(bundled ? [] : shown, (d) => d.key)
    .join('line')
    .attr('class', (d) => (d.transitive ? 'link transitive' : 'link'))
    .attr('data-key', (d) => d.key)
    .attr('x1', (d) => at.get(d.source)!.x).attr('y1', (d) => at.get(d.source)!.y)
    .attr('x2', (d) => at.get(d.target)!.x).attr('y2', (d) => at.get(d.target)!.y)
    .attr('stroke', linkInk)
    .attr('stroke-width', (d) => round(1.5 + Math.min(3, Math.log2(d.weight)), 1))
    .attr('stroke-dasharray', (d) => (d.transitive ? '5 4' : null));

  const node = layer(svg, 'nodes')
    .selectAll<SVGGElement, SimNode>('g.node')
    .data(nodes, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'node');
      g.append('path').attr('class', 'shape').attr('stroke', '#ffffff').attr('stroke-width', 1.5);
      g.append('text').attr('class', 'label').attr('x', 12).attr('y', 4).attr('font-size', 11)
        .attr('paint-order', 'stroke').attr('stroke', '#ffffff').attr('stroke-width', 3).attr('stroke-linejoin', 'round');
      return g;
    })
    .attr('data-id', (d) => d.id)
    .attr('data-kind', (d) => d.kind)
    .attr('transform', (d) => `translate(${at.get(d.id)!.x},${at.get(d.id)!.y})`);
  node.select('path.shape').attr('d', (d) => kindShape[d.kind]).attr('fill', (d) => kindColour[d.kind]);
  const labelled = new Set([...nodes].sort((a, b) => b.degree - a.degree || byId(a, b)).slice(0, options.labelLimit ?? nodes.length).map((n) => n.id));
  node.select('text.label').attr('fill', ink).text((d) => (labelled.has(d.id) ? fitWords(d.label, 110, 11) : ''));
  node.call(activatable<SVGGElement, SimNode>, (d) => `${t.kind[d.kind]}: ${d.label}, ${t.connections(d.degree)}`, 'select',
    (d) => ({ id: d.id, kind: d.kind, label: d.label }));
  // Focus or hover lights up a node's own links, so its neighbourhood can be followed.
  node.on('focus mouseenter', (_event, d) => link.attr('stroke', (l) => (l.source === d.id || l.target === d.id ? ink : linkInk)))
    .on('blur mouseleave', () => link.attr('stroke', linkInk));

  const note = nodes.length === 0 ? [describe(visible, lang)] : nodes.length < total ? [t.truncated(nodes.length, total)] : [];
  layer(svg, 'note').selectChildren<SVGTextElement, string>('text').data(note)
    .join('text').attr('x', margin.left).attr('y', height - 6).attr('font-size', 11).attr('fill', muted).text((d) => d);
  return svg.node()!;
}

/**
 * Shortens a node's name at a word boundary ("Atlassian…", never "Atlassian Corpo…"): the visible
 * words stay words of the node's accessible name (WCAG 2.5.3, label in name). A first word too
 * long to fit is kept whole.
 */
export function fitWords(label: string, width: number, fontSize = 11): string {
  if (textWidth(label, fontSize) <= width) return label;
  const words = label.split(/\s+/);
  let out = words[0]!;
  for (const w of words.slice(1)) {
    if (textWidth(`${out} ${w}…`, fontSize) > width) break;
    out = `${out} ${w}`;
  }
  return `${out.replace(/[\s,.;:–-]+$/, '')}…`;
}

/**
 * The graph one level up: systems are folded away and every two vendors or hosting providers that
 * meet in a system are linked (weight = how many systems). A collapsed link is transitive unless
 * some system links both ends directly.
 */
export function collapseToVendors(nodes: GraphNode[], links: GraphLink[]): Graph {
  const kind = new Map(nodes.map((n) => [n.id, n.kind]));
  const kept = nodes.filter((n) => n.kind !== 'system');
  const neighbours = new Map<string, Map<string, boolean>>();
  const out = new Map<string, GraphLink>();
  const add = (a: string, b: string, transitive: boolean, weight: number) => {
    if (a === b) return;
    const [source, target] = a < b ? [a, b] : [b, a];
    const key = `${source}->${target}`;
    const prev = out.get(key);
    out.set(key, { source, target, transitive: (prev?.transitive ?? true) && transitive, weight: (prev?.weight ?? 0) + weight });
  };
  for (const l of links) {
    const ks = kind.get(l.source);
    const kt = kind.get(l.target);
    if (!ks || !kt) continue;
    if (ks !== 'system' && kt !== 'system') add(l.source, l.target, l.transitive, l.weight ?? 1);
    for (const [system, other] of [[l.source, l.target], [l.target, l.source]] as const) {
      if (kind.get(system) !== 'system' || kind.get(other) === 'system') continue;
      const m = neighbours.get(system) ?? new Map<string, boolean>();
      m.set(other, (m.get(other) ?? true) && l.transitive);
      neighbours.set(system, m);
    }
  }
  for (const [, m] of [...neighbours].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ends = [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    for (let i = 0; i < ends.length; i++) {
      for (let j = i + 1; j < ends.length; j++) add(ends[i]![0], ends[j]![0], ends[i]![1] || ends[j]![1], 1);
    }
  }
  return { nodes: kept, links: [...out.values()].sort((a, b) => edgeKey(a.source, a.target).localeCompare(edgeKey(b.source, b.target))) };
}

/** One sentence: how many of each kind, how many links (and indirect), the most connected node. */
export function summary(graph: Graph, lang: Lang = 'da', o: { maxNodes?: number | undefined } = {}): string {
  return describe(visibleGraph(graph.nodes, graph.links, o.maxNodes), lang);
}

function describe({ nodes, edges: shown, total }: ReturnType<typeof visibleGraph>, lang: Lang): string {
  const t = text[lang];
  if (nodes.length === 0) return lang === 'da' ? 'Der er ingen afhængigheder at vise.' : 'There are no dependencies to show.';
  const counts = kinds
    .map((k) => [k, nodes.filter((n) => n.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${t.kinds[k][n === 1 ? 0 : 1]}`);
  const list = lang === 'da' ? joinList(counts, 'og') : joinList(counts, 'and');
  const indirect = shown.filter((e) => e.transitive).length;
  const top = [...nodes].sort((a, b) => b.degree - a.degree || byId(a, b))[0]!;
  const cut = nodes.length < total ? (lang === 'da' ? ` (de ${nodes.length} mest forbundne af ${total})` : ` (the ${nodes.length} most connected of ${total})`) : '';
  return lang === 'da'
    ? `Netværket viser ${list}${cut} med ${shown.length} forbindelser, heraf ${indirect} indirekte; flest forbindelser har ${top.label} (${top.degree}).`
    : `The network shows ${list}${cut} with ${shown.length} connections, ${indirect} of them indirect; ${top.label} has the most (${top.degree}).`;
}

const joinList = (items: string[], and: string) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

/** The data-table alternative: one row per node with its neighbours, indirect ones marked. */
export function tableRows(graph: Graph, lang: Lang = 'da'): TableData {
  const t = text[lang];
  const collator = new Intl.Collator(lang === 'da' ? 'da-DK' : 'en-GB');
  const unique = [...new Map(graph.nodes.map((n) => [n.id, n])).values()];
  const label = new Map(unique.map((n) => [n.id, n.label]));
  const around = new Map<string, { other: string; transitive: boolean }[]>();
  for (const e of edges(unique, graph.links)) {
    for (const [a, b] of [[e.source, e.target], [e.target, e.source]] as const) {
      const list = around.get(a) ?? [];
      list.push({ other: b, transitive: e.transitive });
      around.set(a, list);
    }
  }
  return {
    columns: [t.node, t.type, t.neighbours],
    rows: [...unique]
      .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || collator.compare(a.label, b.label))
      .map((n) => [
        n.label,
        t.kind[n.kind],
        (around.get(n.id) ?? [])
          .map((e) => ({ name: label.get(e.other)!, transitive: e.transitive }))
          .sort((a, b) => collator.compare(a.name, b.name))
          .map((e) => (e.transitive ? `${e.name} (${t.indirect})` : e.name))
          .join(', '),
      ]),
  };
}

/**
 * The part of the graph within `depth` links of the `roots` (every vendor when none are given):
 * depth 1 is a vendor and the systems it supplies, depth 2 adds their hosting, operators and the
 * systems they integrate with, and so on. Links are followed in both directions.
 */
export function neighbourhood(graph: Graph, depth: number, roots?: readonly string[]): Graph {
  const start = roots?.length ? roots : graph.nodes.filter((n) => n.kind === 'vendor').map((n) => n.id);
  const adjacent = new Map<string, string[]>();
  for (const l of graph.links) {
    for (const [a, b] of [[l.source, l.target], [l.target, l.source]] as const) {
      const list = adjacent.get(a) ?? [];
      list.push(b);
      adjacent.set(a, list);
    }
  }
  const seen = new Set(start);
  let frontier = [...seen];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of adjacent.get(id) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return { nodes: graph.nodes.filter((n) => seen.has(n.id)), links: graph.links.filter((l) => seen.has(l.source) && seen.has(l.target)) };
}
