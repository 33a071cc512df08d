// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { reachBars, summary, tableRows, type ReachRow } from './reach-bars.ts';

const rows: ReachRow[] = [
  { id: 'kmd', name: 'KMD', direct: 0.12, transitive: 0.58 },
  { id: 'microsoft', name: 'Microsoft', direct: 0.08, transitive: 0.71 },
  { id: 'netcompany', name: 'Netcompany', direct: 0.15, transitive: 0.22 },
  { id: 'os2', name: 'OS2 – offentligt digitaliseringsfællesskab', direct: 0.05, transitive: 0.05 },
];
const options = { width: 560, height: 260 };

describe('reachBars', () => {
  it('draws two bars per vendor, solid and hatched, with percentage labels', () => {
    const svg = reachBars(rows, options);
    expect(svg.querySelectorAll('g.vendor')).toHaveLength(4);
    expect(svg.querySelectorAll('rect.bar.direct')).toHaveLength(4);
    expect(svg.querySelectorAll('rect.bar.transitive')).toHaveLength(4);
    const kmd = svg.querySelector('g.vendor[data-id="kmd"]')!;
    expect(kmd.querySelector('rect.direct')!.getAttribute('fill')).toBe('#0b5394');
    expect(kmd.querySelector('rect.transitive')!.getAttribute('fill')).toBe('url(#reach-bars-hatch)');
    expect(svg.querySelector('pattern#reach-bars-hatch')).not.toBeNull();
    expect(kmd.querySelector('text.value.direct')!.textContent).toBe('12\u00a0%');
    expect(kmd.querySelector('text.value.transitive')!.textContent).toBe('58\u00a0%');
    // Bars are proportional: 0.58 of the 0..1 range.
    const w = (sel: string) => Number(kmd.querySelector(sel)!.getAttribute('width'));
    expect(w('rect.transitive') / w('rect.direct')).toBeCloseTo(0.58 / 0.12, 1);
    // Long names are shortened to fit the left column.
    expect(svg.querySelector('g.vendor[data-id="os2"] text.name')!.textContent).toMatch(/…$/);
  });

  it('is an accessible image with a legend explaining the pattern', () => {
    const svg = reachBars(rows, options);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('reach-bars-title reach-bars-desc');
    expect([...svg.querySelectorAll('g.legend text')].map((t) => t.textContent)).toEqual([
      'Direkte: leverandør af systemet',
      'Samlet: også hosting, platforme og integrationer',
    ]);
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows));
  });

  it('summarises the largest hidden dependency', () => {
    expect(summary(rows)).toBe(
      'Figuren viser direkte og samlet rækkevidde for 4 leverandører; størst skjult afhængighed: Microsoft, 8\u00a0% direkte, men 71\u00a0% med hosting, platforme og integrationer.',
    );
    expect(summary([], 'en')).toBe('There are no vendors to show.');
    expect(summary(rows, 'da', { subject: 'municipalities' })).toMatch(/^Figuren viser direkte og samlet rækkevidde for 4 kommuner; /);
    expect(tableRows(rows, 'da', { subject: 'municipalities' }).columns[0]).toBe('Kommune');
  });

  it('gives table rows with the gap in percentage points', () => {
    expect(tableRows(rows).rows[0]).toEqual(['KMD', '12\u00a0%', '58\u00a0%', '46']);
    expect(tableRows(rows, 'en').columns[3]).toBe('Hidden dependency (percentage points)');
  });

  it('reuses the vendor group and bars for the same key on update', () => {
    const svg = reachBars(rows, options);
    const group = svg.querySelector('g.vendor[data-id="netcompany"]');
    const bar = group!.querySelector('rect.transitive');
    reachBars([{ ...rows[2]!, transitive: 0.9 }, rows[0]!], { ...options, svg });
    expect(svg.querySelectorAll('g.vendor')).toHaveLength(2);
    expect(svg.querySelector('g.vendor[data-id="netcompany"]')).toBe(group);
    expect(group!.querySelector('rect.transitive')).toBe(bar);
    expect(group!.querySelector('text.value.transitive')!.textContent).toBe('90\u00a0%');
    expect(svg.querySelectorAll('pattern')).toHaveLength(1);
    expect(svg.querySelectorAll('desc')).toHaveLength(1);
  });

  it('renders a stable SVG', async () => {
    await expect(reachBars(rows, options).outerHTML).toMatchFileSnapshot('./__snapshots__/reach-bars.svg');
  });

  it('speaks English when asked: title, legend, numbers and lang', async () => {
    const svg = reachBars(rows, { ...options, lang: 'en' });
    expect(svg.getAttribute('lang')).toBe('en');
    expect(svg.querySelector('title')!.textContent).toBe('Vendors’ direct and total reach');
    expect([...svg.querySelectorAll('g.legend text')].map((t) => t.textContent)).toEqual([
      'Direct: supplier of the system',
      'Total: also hosting, platforms and integrations',
    ]);
    expect(svg.querySelector('g.vendor[data-id="kmd"] text.value.transitive')!.textContent).toBe('58%');
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows, 'en'));
    expect(tableRows(rows, 'en').rows[0]).toEqual(['KMD', '12%', '58%', '46']);
    await expect(svg.outerHTML).toMatchFileSnapshot('./__snapshots__/reach-bars.en.svg');
  });
});

describe('reach summary wording (issue #13)', () => {
  it('says "men" only when the total reach differs from the direct reach', () => {
    const equal = summary([{ id: 'v', name: 'KMD A/S', direct: 0.17, transitive: 0.17 }], 'da');
    expect(equal).not.toContain(' men ');
    expect(equal).toContain('lægger intet til');
    expect(summary([{ id: 'v', name: 'KMD A/S', direct: 0.17, transitive: 0.4 }], 'da')).toMatch(/17\s%\sdirekte, men 40\s%/);
  });
});
