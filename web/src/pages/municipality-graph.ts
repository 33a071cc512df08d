// The dashboard's dependency graph: vendors ↔ systems ↔ hosting with controls to fold the systems
// away (vendor level, the default for large inventories), limit the depth from a chosen vendor,
// and open a node's page with Enter. The layout is ticked in short slices (layoutInSlices), so
// even the largest inventory never blocks the page for long.
import { collapseToVendors, dependencyGraph, layoutInSlices, neighbourhood, summary, tableRows, type Graph } from '../charts/dependency-graph.ts';
import type { MunicipalityGraph } from '../data/dashboard.ts';
import { el } from '../dom.ts';
import { chartFigure, errorLine, statusLine } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { navigate } from '../router.ts';
import { systemHref } from '../system-href.ts';
import { collator } from '../format.ts';
import { forbidden, reason } from './refusal.ts';

/** Above this many systems the graph opens at vendor level. */
export const COLLAPSE_ABOVE = 150;
const DEPTHS = ['1', '2', '3', 'all'] as const;
type Depth = (typeof DEPTHS)[number];

interface GraphState {
  collapsed: boolean;
  depth: Depth;
  /** A vendor node id, or '' for every vendor. */
  focus: string;
}

/**
 * The page a node stands for: vendors and hosts are vendors; a system is its stable address
 * (municipality + key), or its usage row's page, which moves there, when the node has no key.
 */
export function nodeHref(node: { id: string; key?: string }, municipalityCode: number): string | null {
  const m = node.id.match(/^([vhs]):(\d+)$/);
  if (!m) return null;
  if (m[1] !== 's') return `/leverandoerer/${m[2]}`;
  return node.key ? systemHref(municipalityCode, node.key) : `/systemer/${m[2]}`;
}

/** The graph to draw for the controls' state: the neighbourhood first, then folded if asked. */
export function graphView(graph: Graph, state: GraphState): Graph {
  const depth = state.depth === 'all' ? Infinity : Number(state.depth);
  const near = depth === Infinity && !state.focus ? graph : neighbourhood(graph, depth, state.focus ? [state.focus] : undefined);
  return state.collapsed ? collapseToVendors(near.nodes, near.links) : near;
}

export function graphSection(code: number, result: PromiseSettledResult<MunicipalityGraph>, systemCount: number): HTMLElement {
  const section = el('section', { className: 'panel', id: 'graph', attrs: { 'aria-labelledby': 'graph-heading' } },
    el('h2', { id: 'graph-heading' }, tr('Hvordan hænger leverandører, systemer og hosting sammen?', 'How do vendors, systems and hosting connect?')));
  if (result.status === 'rejected') {
    section.append(forbidden(result.reason)
      ? el('p', {}, tr('Netværket bygger på kommunens it-oversigt, som du ikke har adgang til.', "The network is built from the municipality's IT inventory, which you may not see."))
      : errorLine(`${tr('Netværket kunne ikke hentes', 'The network could not be loaded')}: ${reason(result.reason)}`));
    return section;
  }
  const graph: Graph = { nodes: result.value.nodes, links: result.value.links };
  const state: GraphState = { collapsed: systemCount > COLLAPSE_ABOVE, depth: 'all', focus: '' };

  const collapse = el('input', { id: 'graph-collapse', attrs: { type: 'checkbox' } });
  collapse.checked = state.collapsed;
  const depth = el('select', { id: 'graph-depth' }, ...DEPTHS.map((d) => el('option', { attrs: { value: d } }, d === 'all' ? tr('Alle led', 'All steps') : d)));
  depth.value = state.depth;
  const vendors = graph.nodes.filter((n) => n.kind === 'vendor').sort((a, b) => collator.compare(a.label, b.label));
  const focus = el('select', { id: 'graph-focus' }, el('option', { attrs: { value: '' } }, tr('Alle leverandører', 'All vendors')), ...vendors.map((v) => el('option', { attrs: { value: v.id } }, v.label)));
  const controls = el('div', { className: 'graph-controls', role: 'group', attrs: { 'aria-label': tr('Vis netværket', 'Show the network') } },
    el('span', { className: 'control' }, collapse, ' ', el('label', { attrs: { for: 'graph-collapse' } }, tr('Kun leverandører og hosting (fold systemerne sammen)', 'Vendors and hosting only (fold the systems away)'))),
    el('span', { className: 'control' }, el('label', { attrs: { for: 'graph-focus' } }, tr('Udgangspunkt', 'Start from')), ' ', focus),
    el('span', { className: 'control' }, el('label', { attrs: { for: 'graph-depth' } }, tr('Antal led', 'Steps')), ' ', depth));
  const status = statusLine('');
  const slot = el('div', { className: 'graph-slot' });
  section.append(
    el('p', { className: 'chart-note' }, tr(
      'Stiplede linjer er indirekte afhængigheder (hosting, drift, integrationer og platforme). Vælg en node med Tab og tryk Enter for at åbne systemet eller leverandøren.',
      'Dashed lines are indirect dependencies (hosting, operation, integrations and platforms). Reach a node with Tab and press Enter to open the system or the vendor.',
    )),
    controls, status, slot,
  );

  let drawing = 0;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  // Each step is its own task (folding, layout slices, drawing, the figure), so a large graph
  // never holds the main thread for long; a newer choice abandons an older drawing.
  const draw = async () => {
    const mine = ++drawing;
    const stale = () => mine !== drawing;
    status.textContent = tr('Tegner netværket …', 'Drawing the network …');
    section.setAttribute('aria-busy', 'true');
    await pause();
    if (stale()) return;
    const view = graphView(graph, state);
    const big = !state.collapsed;
    const width = 900;
    const height = big ? 640 : 520;
    const maxNodes = big ? 800 : 120;
    // A large unfolded graph: fewer ticks (same cooling) and names on the hubs only.
    const ticks = view.nodes.length > 200 ? 120 : 300;
    const labelLimit = view.nodes.length > 200 ? 40 : undefined;
    const positions = await layoutInSlices(view, { width, height, maxNodes, ticks, sliceMs: 25 });
    if (stale()) return;
    await pause();
    if (stale()) return;
    const svg = dependencyGraph(view, { width, height, maxNodes, positions, ...(labelLimit ? { labelLimit } : {}), id: 'graph-svg', lang: lang() });
    svg.addEventListener('select', (event) => {
      const id = (event as CustomEvent<{ id: string }>).detail.id;
      const href = nodeHref(graph.nodes.find((n) => n.id === id) ?? { id }, code);
      if (href) navigate(href);
    });
    await pause();
    if (stale()) return;
    const figure = chartFigure({
      id: 'graph-figure',
      caption: state.collapsed
        ? tr('Leverandører og hostingudbydere, forbundet når de mødes i samme system.', 'Vendors and hosting providers, linked where they meet in one system.')
        : tr('Leverandører, systemer og hosting med direkte og indirekte afhængigheder.', 'Vendors, systems and hosting with direct and indirect dependencies.'),
      summary: svg.querySelector('desc')?.textContent ?? summary(view, lang(), { maxNodes }), svg,
      table: () => tableRows(view, lang()),
    });
    slot.replaceChildren(figure);
    section.removeAttribute('aria-busy');
    section.dataset.drawn = String(mine);
    status.textContent = '';
  };
  collapse.addEventListener('change', () => {
    state.collapsed = collapse.checked;
    void draw();
  });
  depth.addEventListener('change', () => {
    state.depth = depth.value as Depth;
    void draw();
  });
  focus.addEventListener('change', () => {
    state.focus = focus.value;
    void draw();
  });
  void draw();
  return section;
}
