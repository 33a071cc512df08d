// @vitest-environment happy-dom
import { forceSimulation } from 'd3-force';
import { describe, expect, it } from 'vitest';
import { collapseToVendors, dependencyGraph, fitWords, layoutInSlices, lcg, neighbourhood, summary, tableRows, type Graph } from './dependency-graph.ts';

const graph: Graph = {
  nodes: [
    { id: 'v:kmd', kind: 'vendor', label: 'KMD' },
    { id: 'v:ms', kind: 'vendor', label: 'Microsoft' },
    { id: 'v:netcompany', kind: 'vendor', label: 'Netcompany' },
    { id: 'h:azure', kind: 'hosting', label: 'Azure (Vesteuropa)' },
    { id: 'h:kmd-dc', kind: 'hosting', label: 'KMD datacenter' },
    { id: 's:opus', kind: 'system', label: 'Opus Økonomi' },
    { id: 's:nexus', kind: 'system', label: 'Nexus' },
    { id: 's:m365', kind: 'system', label: 'Microsoft 365' },
    { id: 's:sbsys', kind: 'system', label: 'SBSYS' },
    { id: 's:entra', kind: 'system', label: 'Entra ID' },
  ],
  links: [
    { source: 'v:kmd', target: 's:opus', transitive: false },
    { source: 'v:kmd', target: 's:nexus', transitive: false },
    { source: 's:opus', target: 'h:kmd-dc', transitive: true },
    { source: 's:nexus', target: 'h:azure', transitive: true },
    { source: 'v:ms', target: 's:m365', transitive: false },
    { source: 'v:ms', target: 's:entra', transitive: false },
    { source: 's:m365', target: 'h:azure', transitive: true },
    { source: 'v:netcompany', target: 's:sbsys', transitive: false },
    { source: 's:sbsys', target: 'h:azure', transitive: true },
    { source: 's:sbsys', target: 's:entra', transitive: true },
    { source: 's:nexus', target: 's:entra', transitive: true },
    { source: 's:nexus', target: 'v:kmd', transitive: true }, // duplicate pair: stays one direct edge
    { source: 's:opus', target: 'x:unknown', transitive: false }, // unknown node: dropped
  ],
};
const options = { width: 640, height: 420 };

describe('dependencyGraph', () => {
  it('draws every node with a shape per kind and dashes the transitive links', () => {
    const svg = dependencyGraph(graph, options);
    expect(svg.querySelectorAll('g.node')).toHaveLength(10);
    expect(svg.querySelectorAll('line.link')).toHaveLength(11);
    expect(svg.querySelectorAll('line.link.transitive')).toHaveLength(6);
    expect(svg.querySelector('line.link[data-key="s:nexus->v:kmd"]')!.getAttribute('stroke-dasharray')).toBeNull();
    expect(svg.querySelector('line.link[data-key="h:azure->s:nexus"]')!.getAttribute('stroke-dasharray')).toBe('5 4');
    const shape = (id: string) => svg.querySelector(`g.node[data-id="${id}"] path.shape`)!.getAttribute('d');
    expect(new Set([shape('v:kmd'), shape('s:opus'), shape('h:azure')]).size).toBe(3);
    expect([...svg.querySelectorAll('g.legend text')].map((t) => t.textContent)).toEqual([
      'Leverandør', 'Hosting', 'System', 'direkte', 'indirekte (via hosting, platform eller integration)',
    ]);
    // Every node lies inside the chart.
    for (const g of svg.querySelectorAll('g.node')) {
      const [, x, y] = g.getAttribute('transform')!.match(/translate\(([-\d.]+),([-\d.]+)\)/)!.map(Number);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(640);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(420);
    }
  });

  it('makes nodes focusable buttons that emit select on click, Enter and Space', () => {
    const svg = dependencyGraph(graph, options);
    const kmd = svg.querySelector('g.node[data-id="v:kmd"]')!;
    expect(kmd.getAttribute('tabindex')).toBe('0');
    expect(kmd.getAttribute('role')).toBe('button');
    expect(kmd.getAttribute('aria-label')).toBe('Leverandør: KMD, 2 forbindelser');
    const seen: unknown[] = [];
    svg.addEventListener('select', (e) => seen.push((e as CustomEvent).detail));
    kmd.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    kmd.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    kmd.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    expect(seen).toEqual(Array(3).fill({ id: 'v:kmd', kind: 'vendor', label: 'KMD' }));
    kmd.dispatchEvent(new FocusEvent('focus'));
    expect(svg.querySelector('line.link[data-key="s:opus->v:kmd"]')!.getAttribute('stroke')).toBe('#1b1f24');
    expect(svg.querySelector('line.link[data-key="s:m365->v:ms"]')!.getAttribute('stroke')).toBe('#767676');
  });

  it('is deterministic: same data in any order gives the same SVG', () => {
    const a = dependencyGraph(graph, options).outerHTML;
    const shuffled = { nodes: [...graph.nodes].reverse(), links: [...graph.links].reverse() };
    expect(dependencyGraph(shuffled, options).outerHTML).toBe(a);
    expect(dependencyGraph(graph, { ...options, ticks: 10 }).outerHTML).not.toBe(a);
    // Our LCG is d3-force's default source, made explicit.
    const ours = lcg(1);
    const d3s = forceSimulation().stop().randomSource();
    expect([ours(), ours(), ours()]).toEqual([d3s(), d3s(), d3s()]);
  });

  it('caps the node count, keeping the most connected, and says so', () => {
    const svg = dependencyGraph(graph, { ...options, maxNodes: 4 });
    expect(svg.querySelectorAll('g.node')).toHaveLength(4);
    expect(svg.querySelector('g.node[data-id="h:azure"]')).not.toBeNull();
    expect(svg.querySelector('g.note text')!.textContent).toBe('Viser de 4 mest forbundne af 10 noder.');
    expect(dependencyGraph(graph, options).querySelector('g.note text')).toBeNull();
    expect(dependencyGraph({ nodes: [], links: [] }, options).querySelector('g.note text')!.textContent).toBe('Der er ingen afhængigheder at vise.');
  });

  it('writes the names of the most connected nodes only when asked, keeping every aria-label', () => {
    const svg = dependencyGraph(graph, { ...options, labelLimit: 2 });
    const named = [...svg.querySelectorAll('g.node')].filter((g) => g.querySelector('text.label')!.textContent !== '');
    expect(named.map((g) => g.getAttribute('data-id')).sort()).toEqual(['h:azure', 's:entra']); // degree 3 each, ties by id
    expect(svg.querySelector('g.node[data-id="v:kmd"]')!.getAttribute('aria-label')).toBe('Leverandør: KMD, 2 forbindelser');
  });

  it('bundles many links into one dashed and one solid path', () => {
    const svg = dependencyGraph(graph, { ...options, bundleLinksAbove: 5 });
    expect(svg.querySelectorAll('line.link')).toHaveLength(0);
    const transitive = svg.querySelector('path.link-bundle.transitive')!;
    expect(transitive.getAttribute('stroke-dasharray')).toBe('5 4');
    expect(transitive.getAttribute('d')!.match(/M/g)).toHaveLength(6);
    expect(svg.querySelector('path.link-bundle.direct')!.getAttribute('d')!.match(/M/g)).toHaveLength(5);
    expect(svg.querySelector('path.link-bundle.direct')!.getAttribute('stroke-dasharray')).toBeNull();
    // Back under the limit: lines again, the bundles gone.
    dependencyGraph(graph, { ...options, svg });
    expect(svg.querySelectorAll('line.link')).toHaveLength(11);
    expect(svg.querySelectorAll('path.link-bundle')).toHaveLength(0);
  });

  it('reuses node and link elements by id on update', () => {
    const svg = dependencyGraph(graph, options);
    const node = svg.querySelector('g.node[data-id="s:sbsys"]');
    const link = svg.querySelector('line.link[data-key="h:azure->s:sbsys"]');
    dependencyGraph({ nodes: graph.nodes.filter((n) => n.id !== 's:opus'), links: graph.links }, { ...options, svg });
    expect(svg.querySelectorAll('g.node')).toHaveLength(9);
    expect(svg.querySelector('g.node[data-id="s:sbsys"]')).toBe(node);
    expect(svg.querySelector('line.link[data-key="h:azure->s:sbsys"]')).toBe(link);
  });

  it('summarises kinds, links and the most connected node', () => {
    expect(summary(graph)).toBe(
      'Netværket viser 3 leverandører, 2 hostingudbydere og 5 systemer med 11 forbindelser, heraf 6 indirekte; flest forbindelser har Azure (Vesteuropa) (3).',
    );
    expect(summary(graph, 'da', { maxNodes: 4 })).toMatch(/^Netværket viser .* \(de 4 mest forbundne af 10\) med /);
    expect(summary({ nodes: [], links: [] }, 'en')).toBe('There are no dependencies to show.');
    const svg = dependencyGraph(graph, options);
    expect(svg.getAttribute('role')).toBe('group') // its nodes are buttons: not an image;
    expect(svg.querySelector('desc')!.textContent).toBe(summary(graph));
  });

  it('gives one table row per node with its neighbours', () => {
    const table = tableRows(graph);
    expect(table.columns).toEqual(['Node', 'Type', 'Forbundet med']);
    expect(table.rows[0]).toEqual(['KMD', 'Leverandør', 'Nexus, Opus Økonomi']);
    expect(table.rows.find((r) => r[0] === 'Entra ID')).toEqual(['Entra ID', 'System', 'Microsoft, Nexus (indirekte), SBSYS (indirekte)']);
  });

  it('renders a stable SVG', async () => {
    await expect(dependencyGraph(graph, options).outerHTML).toMatchFileSnapshot('./__snapshots__/dependency-graph.svg');
  });
});

describe('isolated nodes', () => {
  it('keeps an unlinked node near the middle instead of letting the charge push it to the edge', () => {
    const svg = dependencyGraph({ nodes: [...graph.nodes, { id: 'v:alone', kind: 'vendor', label: 'Alene' }], links: graph.links }, options);
    const at = (g: Element) => g.getAttribute('transform')!.match(/translate\(([-\d.]+),([-\d.]+)\)/)!.slice(1).map(Number) as [number, number];
    const all = [...svg.querySelectorAll('g.node')].map(at);
    const cx = all.reduce((a, p) => a + p[0], 0) / all.length;
    const cy = all.reduce((a, p) => a + p[1], 0) / all.length;
    const dist = ([x, y]: [number, number]) => Math.hypot(x - cx, y - cy);
    const alone = dist(at(svg.querySelector('g.node[data-id="v:alone"]')!));
    expect(alone).toBeLessThan(Math.max(...all.map(dist)));
  });
});

describe('fitWords', () => {
  it('cuts names at word boundaries so the visible words are words of the accessible name', () => {
    expect(fitWords('KMD', 110)).toBe('KMD');
    expect(fitWords('Atlassian Corporation Plc (USA)', 110)).toBe('Atlassian…');
    expect(fitWords('Microsoft Corporation, Redmond WA', 160)).toBe('Microsoft Corporation…');
    expect(fitWords('Velfærdsteknologiplatformsleverandøren A/S', 110)).toBe('Velfærdsteknologiplatformsleverandøren…');
  });
});

describe('layoutInSlices', () => {
  it('gives exactly the synchronous layout, however small the slices', async () => {
    let yields = 0;
    const positions = await layoutInSlices(graph, { ...options, sliceMs: 0, yieldTo: async () => void yields++ });
    expect(yields).toBe(300); // one before the first tick, then one tick per slice
    expect(dependencyGraph(graph, { ...options, positions }).outerHTML).toBe(dependencyGraph(graph, options).outerHTML);
  });
});

describe('neighbourhood', () => {
  const ids = (g: Graph) => g.nodes.map((n) => n.id).sort();
  it('keeps what lies within the depth of the roots, links in both directions', () => {
    expect(ids(neighbourhood(graph, 1, ['v:ms']))).toEqual(['s:entra', 's:m365', 'v:ms']);
    expect(ids(neighbourhood(graph, 2, ['v:ms']))).toEqual(['h:azure', 's:entra', 's:m365', 's:nexus', 's:sbsys', 'v:ms']);
    const two = neighbourhood(graph, 2, ['v:ms']);
    expect(two.links.every((l) => ids(two).includes(l.source) && ids(two).includes(l.target))).toBe(true);
  });

  it('starts from every vendor without roots; depth 0 is the roots alone', () => {
    expect(ids(neighbourhood(graph, 0))).toEqual(['v:kmd', 'v:ms', 'v:netcompany']);
    expect(ids(neighbourhood(graph, 1))).toEqual(['s:entra', 's:m365', 's:nexus', 's:opus', 's:sbsys', 'v:kmd', 'v:ms', 'v:netcompany']);
    expect(neighbourhood(graph, Infinity).nodes).toHaveLength(10);
  });
});

describe('collapseToVendors', () => {
  it('folds systems away and links the vendors and hosts that meet in one', () => {
    const { nodes, links } = collapseToVendors(graph.nodes, graph.links);
    expect(nodes.map((n) => n.id)).toEqual(['v:kmd', 'v:ms', 'v:netcompany', 'h:azure', 'h:kmd-dc']);
    expect(links).toEqual([
      { source: 'h:azure', target: 'v:kmd', transitive: true, weight: 1 },
      { source: 'h:azure', target: 'v:ms', transitive: true, weight: 1 },
      { source: 'h:azure', target: 'v:netcompany', transitive: true, weight: 1 },
      { source: 'h:kmd-dc', target: 'v:kmd', transitive: true, weight: 1 },
    ]);
  });

  it('keeps a direct vendor–host link direct and sums the weights', () => {
    const { links } = collapseToVendors(
      [{ id: 'v', kind: 'vendor', label: 'V' }, { id: 'h', kind: 'hosting', label: 'H' }, { id: 's1', kind: 'system', label: 'S1' }, { id: 's2', kind: 'system', label: 'S2' }],
      [
        { source: 'v', target: 's1', transitive: false },
        { source: 'h', target: 's1', transitive: false },
        { source: 'v', target: 's2', transitive: false },
        { source: 's2', target: 'h', transitive: true },
      ],
    );
    expect(links).toEqual([{ source: 'h', target: 'v', transitive: false, weight: 2 }]);
  });
});
