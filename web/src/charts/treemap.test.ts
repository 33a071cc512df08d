// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { numberFormat } from './common.ts';
import { summary, tableRows, treemap, type TreemapRow } from './treemap.ts';

const kr = (n: number) => `${numberFormat('da', { maximumFractionDigits: 0 })(n)}\u00a0kr.`;
const rows: TreemapRow[] = [
  { vendorId: 'kmd', vendor: 'KMD', productId: 'opus', product: 'KMD Opus Økonomi', value: 4_200_000 },
  { vendorId: 'kmd', vendor: 'KMD', productId: 'nexus', product: 'KMD Nexus', value: 2_100_000 },
  { vendorId: 'kmd', vendor: 'KMD', productId: 'sag', product: 'KMD Sag', value: 300_000 },
  { vendorId: 'ms', vendor: 'Microsoft', productId: 'm365', product: 'Microsoft 365', value: 3_900_000 },
  { vendorId: 'ms', vendor: 'Microsoft', productId: 'azure', product: 'Azure', value: 1_000_000 },
  { vendorId: 'netcompany', vendor: 'Netcompany', productId: 'sbsys', product: 'SBSYS', value: 800_000 },
  { vendorId: 'os2', vendor: 'OS2', productId: 'os2mo', product: 'OS2mo', value: 90_000 },
  { vendorId: 'os2', vendor: 'OS2', productId: 'zero', product: 'Gratis', value: 0 },
];
const options = { width: 520, height: 320, format: kr };

describe('treemap', () => {
  it('draws a header per vendor and a tile per product with a positive value', () => {
    const svg = treemap(rows, options);
    expect(svg.querySelectorAll('g.vendor')).toHaveLength(4);
    expect(svg.querySelectorAll('g.tile')).toHaveLength(7);
    expect(svg.querySelector('g.tile[data-id="os2/zero"]')).toBeNull();
    // Biggest vendor first, and its tiles in its colour.
    expect(svg.querySelector('g.vendor')!.getAttribute('data-id')).toBe('kmd');
    expect(svg.querySelector('g.tile[data-id="kmd/opus"] rect')!.getAttribute('fill')).toBe('#0b5394');
    expect(svg.querySelector('g.vendor[data-id="kmd"] text')!.textContent).toBe('KMD · 6.600.000\u00a0kr.');
  });

  it('labels tiles where they fit and gives every tile a title tooltip', () => {
    const svg = treemap(rows, options);
    const opus = svg.querySelector('g.tile[data-id="kmd/opus"]')!;
    expect(opus.querySelector('title')!.textContent).toBe('KMD – KMD Opus Økonomi: 4.200.000\u00a0kr. (34\u00a0%)');
    expect(opus.querySelector('text.product')!.textContent).toBe('KMD Opus Økonomi');
    expect(opus.querySelector('text.value')!.textContent).toBe('4.200.000\u00a0kr.');
    // OS2mo is a sliver: no label, but still its tooltip.
    const os2mo = svg.querySelector('g.tile[data-id="os2/os2mo"]')!;
    expect(os2mo.querySelector('text.product')!.textContent).toBe('');
    expect(os2mo.querySelector('title')!.textContent).toMatch(/^OS2 – OS2mo: 90\.000/);
    // Tiles stay inside the chart.
    for (const rect of svg.querySelectorAll('g.tile rect')) {
      const g = rect.parentElement!.getAttribute('transform')!.match(/translate\((\d+),(\d+)\)/)!;
      expect(Number(g[1]) + Number(rect.getAttribute('width'))).toBeLessThanOrEqual(520);
      expect(Number(g[2]) + Number(rect.getAttribute('height'))).toBeLessThanOrEqual(320);
    }
  });

  it('is an accessible image and summarises the biggest vendor', () => {
    const svg = treemap(rows, options);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('treemap-title treemap-desc');
    expect(summary(rows, 'da', options)).toBe(
      'I alt 12.390.000\u00a0kr. fordelt på 4 leverandører og 7 produkter; størst er KMD med 53\u00a0%, mest i KMD Opus Økonomi (4.200.000\u00a0kr.).',
    );
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows, 'da', options));
    expect(summary([], 'da')).toBe('Der er ingen beløb at vise.');
  });

  it('gives table rows in layout order with shares', () => {
    const table = tableRows(rows, 'da', options);
    expect(table.columns).toEqual(['Leverandør', 'Produkt', 'Værdi', 'Andel']);
    expect(table.rows).toHaveLength(7);
    expect(table.rows[0]).toEqual(['KMD', 'KMD Opus Økonomi', '4.200.000\u00a0kr.', '33,9\u00a0%']);
  });

  it('reuses tile nodes by vendor/product key on update', () => {
    const svg = treemap(rows, options);
    const azure = svg.querySelector('g.tile[data-id="ms/azure"]');
    treemap(rows.map((r) => (r.productId === 'azure' ? { ...r, value: 9_000_000 } : r)), { ...options, svg });
    expect(svg.querySelector('g.tile[data-id="ms/azure"]')).toBe(azure);
    expect(azure!.querySelector('title')!.textContent).toMatch(/^Microsoft – Azure: 9\.000\.000/);
    expect(svg.querySelector('g.vendor')!.getAttribute('data-id')).toBe('ms');
    expect(svg.querySelectorAll('g.tile')).toHaveLength(7);
  });

  it('renders a stable SVG', async () => {
    await expect(treemap(rows, options).outerHTML).toMatchFileSnapshot('./__snapshots__/treemap.svg');
  });

  it('speaks English when asked: title, English number format and lang', async () => {
    const dkk = (n: number) => `DKK\u00a0${numberFormat('en', { maximumFractionDigits: 0 })(n)}`;
    const svg = treemap(rows, { ...options, format: dkk, lang: 'en' });
    expect(svg.getAttribute('lang')).toBe('en');
    expect(svg.querySelector('title')!.textContent).toBe('Breakdown by vendor and product');
    expect(svg.querySelector('g.tile[data-id="kmd/opus"] title')!.textContent).toBe('KMD – KMD Opus Økonomi: DKK\u00a04,200,000 (34%)');
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows, 'en', { format: dkk }));
    expect(tableRows(rows, 'en', { format: dkk }).columns).toEqual(['Vendor', 'Product', 'Value', 'Share']);
    await expect(svg.outerHTML).toMatchFileSnapshot('./__snapshots__/treemap.en.svg');
  });
});

describe('treemap summary with grouped rows (issue #13)', () => {
  it('counts "Øvrige leverandører" as the vendors it stands for, never as a vendor or the largest', () => {
    const rows = [
      { vendorId: 'a', vendor: 'A', productId: 'p1', product: 'P1', value: 10 },
      { vendorId: 'a', vendor: 'A', productId: '…', product: 'Øvrige produkter', value: 30, stands: { vendors: 0, products: 4 } },
      { vendorId: '…', vendor: 'Øvrige leverandører', productId: '…', product: '3 leverandører', value: 100, stands: { vendors: 3, products: 5 } },
    ];
    const text = summary(rows, 'da');
    expect(text).toContain('fordelt på 4 leverandører og 10 produkter');
    expect(text).toContain('størst er A');
    expect(text).toContain('mest i P1');
  });
});
