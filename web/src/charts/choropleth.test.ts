// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { choropleth, dagiCredit, municipalityShapes, summary, tableRows, type MunicipalityValue } from './choropleth.ts';
import { formatPercent } from './common.ts';

// A fixed indicator: a deterministic share per municipality, some left unknown.
const shapes = municipalityShapes().shapes;
const rows: MunicipalityValue[] = shapes.map((s, i) => ({
  code: s.code,
  name: s.code === 169 ? 'Høje-Taastrup' : s.name,
  value: i % 10 === 3 ? null : ((i * 37) % 100) / 100,
}));
const options = { width: 480, height: 420, label: 'Andel systemer hos de tre største leverandører', format: formatPercent('da'), domain: [0, 1] as [number, number] };

describe('choropleth', () => {
  it('draws the 98 municipalities, one focusable region each, without Christiansø', () => {
    const svg = choropleth(rows, options);
    const regions = svg.querySelectorAll('path.region');
    expect(shapes).toHaveLength(98);
    expect(regions).toHaveLength(98);
    expect(svg.querySelector('path.region[data-code="411"]')).toBeNull();
    const kbh = svg.querySelector('path.region[data-code="101"]')!;
    expect(kbh.getAttribute('tabindex')).toBe('0');
    expect(kbh.getAttribute('role')).toBe('button');
    expect(kbh.getAttribute('aria-label')).toBe('København: 0\u00a0%');
    expect(svg.querySelector('path.region[data-code="169"]')!.getAttribute('aria-label')).toMatch(/^Høje-Taastrup: /);
    const unknown = rows.find((r) => r.value === null)!;
    const unknownPath = svg.querySelector(`path.region[data-code="${unknown.code}"]`)!;
    expect(unknownPath.getAttribute('aria-label')).toBe(`${unknown.name}: ingen data`);
    expect(unknownPath.getAttribute('fill')).toBe('url(#choropleth-nodata)');
  });

  it('is an image with a title, a one-sentence description, a numeric legend and the DAGI credit', () => {
    const svg = choropleth(rows, options);
    expect(svg.getAttribute('role')).toBe('group') // its regions are buttons: not an image (axe: nested-interactive);
    expect(svg.getAttribute('aria-labelledby')).toBe('choropleth-title choropleth-desc');
    expect(svg.querySelector('title#choropleth-title')!.textContent).toBe('Kort over kommunerne');
    expect(svg.querySelector('desc#choropleth-desc')!.textContent).toBe(summary(rows, 'da', options));
    const ticks = [...svg.querySelectorAll('g.legend text.tick')].map((t) => t.textContent);
    expect(ticks).toEqual(['0\u00a0%', '20\u00a0%', '40\u00a0%', '60\u00a0%', '80\u00a0%', '100\u00a0%']);
    expect(svg.querySelectorAll('g.legend rect.swatch')).toHaveLength(5);
    expect(svg.querySelector('g.legend g.nodata text')!.textContent).toBe('ingen data');
    expect(svg.querySelector('g.legend text.legend-title')!.textContent).toBe(options.label);
    expect([...svg.querySelectorAll('g.credit text')].map((t) => t.textContent).join(' ')).toBe(dagiCredit.da);
    expect(svg.querySelector('rect.inset')).not.toBeNull();
  });

  it('keeps the legend honest for one distinct value and for no data at all', () => {
    const one = choropleth([{ code: 101, value: 1 }, { code: 147, value: 1 }], { width: 480, height: 420 });
    expect(one.querySelectorAll('g.legend rect.swatch')).toHaveLength(1);
    expect([...one.querySelectorAll('g.legend text.tick')].map((t) => t.textContent)).toEqual(['1', '']);
    const none = choropleth([], { width: 480, height: 420 });
    expect(none.querySelectorAll('g.legend rect.swatch')).toHaveLength(0);
    expect(none.querySelectorAll('path.region[fill="url(#choropleth-nodata)"]')).toHaveLength(98);
  });

  it('summarises coverage, highest and lowest', () => {
    expect(summary(rows, 'da', options)).toBe(
      'Kortet viser Andel systemer hos de tre største leverandører for 88 af 98 kommuner: højest i Køge (99\u00a0%), lavest i København (0\u00a0%).',
    );
    expect(summary([], 'da')).toBe('Kortet viser værdi for kommunerne, men der er ingen data endnu.');
    expect(summary([{ code: '0411', value: 5 }], 'en')).toBe('The map shows value by municipality, but there are no data yet.');
  });

  it('gives a table row per municipality with formatted values', () => {
    const table = tableRows(rows, 'da', options);
    expect(table.columns).toEqual(['Kommune', options.label]);
    expect(table.rows).toHaveLength(98);
    expect(table.rows[0]).toEqual(['København', '0\u00a0%']);
    expect(tableRows([{ code: 411, value: 1 }]).rows).toEqual([]);
  });

  it('keeps each region node across updates (keyed by code) and recolours it', () => {
    const svg = choropleth(rows, options);
    const before = svg.querySelector('path.region[data-code="751"]');
    const changed = rows.map((r) => (Number(r.code) === 751 ? { ...r, value: 0.95 } : r));
    const again = choropleth(changed, { ...options, svg });
    expect(again).toBe(svg);
    const after = svg.querySelector('path.region[data-code="751"]');
    expect(after).toBe(before);
    expect(after!.getAttribute('fill')).toBe('#08519c');
    expect(svg.querySelectorAll('path.region')).toHaveLength(98);
    expect(svg.querySelectorAll('title')).toHaveLength(1);
  });

  it('emits select on click, Enter and Space, and never navigates', () => {
    const svg = choropleth(rows, options);
    const seen: unknown[] = [];
    svg.addEventListener('select', (e) => seen.push((e as CustomEvent).detail));
    const region = svg.querySelector('path.region[data-code="101"]')!;
    region.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    region.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    region.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    region.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(seen).toEqual(Array(3).fill({ code: 101, name: 'København', value: 0 }));
  });

  it('renders a stable SVG', async () => {
    const svg = choropleth(rows, { ...options, width: 360, height: 330, simplify: 1.5 });
    await expect(svg.outerHTML).toMatchFileSnapshot('./__snapshots__/choropleth.svg');
  });

  it('speaks English when asked: credit, legend, numbers and lang', async () => {
    const english = { ...options, label: 'Share of systems from the three largest vendors', format: formatPercent('en'), lang: 'en' as const };
    const svg = choropleth(rows, { ...english, width: 360, height: 330, simplify: 1.5 });
    expect(svg.getAttribute('lang')).toBe('en');
    expect(svg.querySelector('title')!.textContent).toBe('Map of the municipalities');
    expect([...svg.querySelectorAll('g.credit text')].map((t) => t.textContent).join(' ')).toBe(dagiCredit.en);
    expect(svg.querySelector('g.legend g.nodata text')!.textContent).toBe('no data');
    expect([...svg.querySelectorAll('g.legend text.tick')].map((t) => t.textContent)).toContain('100%');
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows, 'en', english));
    expect(tableRows(rows, 'en', english).columns).toEqual(['Municipality', 'Share of systems from the three largest vendors']);
    await expect(svg.outerHTML).toMatchFileSnapshot('./__snapshots__/choropleth.en.svg');
  });
});
