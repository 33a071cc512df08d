// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { beforeAfterBars, type BeforeAfterRow, summary, tableRows } from './before-after-bars.ts';

const rows: BeforeAfterRow[] = [
  { id: 'microsoft', name: 'Microsoft Corporation', before: 0.83, after: null },
  { id: 'kmd', name: 'KMD A/S', before: 0.4, after: 0.4 },
  { id: 'self', name: 'Egen drift', before: null, after: 0.55 },
];
const options = { width: 560, height: 220 };

describe('beforeAfterBars', () => {
  it('draws a hatched bar before and a solid bar after per row, labelled', () => {
    const svg = beforeAfterBars(rows, options);
    expect(svg.querySelectorAll('g.row')).toHaveLength(3);
    const ms = svg.querySelector('g.row[data-id="microsoft"]')!;
    expect(ms.querySelector('rect.before')!.getAttribute('fill')).toBe('url(#before-after-hatch)');
    expect(ms.querySelector('rect.after')!.getAttribute('fill')).toBe('#0b5394');
    expect(ms.querySelector('text.value.before')!.textContent).toBe('83\u00a0%');
    expect(ms.querySelector('text.value.after')!.textContent).toBe('0\u00a0%');
    expect(Number(ms.querySelector('rect.after')!.getAttribute('width'))).toBe(0);
    const kmd = svg.querySelector('g.row[data-id="kmd"]')!;
    expect(kmd.querySelector('rect.before')!.getAttribute('width')).toBe(kmd.querySelector('rect.after')!.getAttribute('width'));
  });

  it('is an accessible image whose description names the largest change', () => {
    const svg = beforeAfterBars(rows, options);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows));
    expect(summary(rows)).toBe('Figuren viser 3 rækker før og efter scenariet; størst ændring: Microsoft Corporation, fra 83\u00a0% til 0\u00a0%.');
    expect(tableRows(rows, 'en').rows[0]).toEqual(['Microsoft Corporation', '83%', '0%', '-83']);
  });

  it('updates in place with keyed joins', () => {
    const svg = beforeAfterBars(rows, options);
    const g = svg.querySelector('g.row[data-id="kmd"]');
    beforeAfterBars([{ ...rows[1]!, after: 0.1 }], { ...options, svg });
    expect(svg.querySelectorAll('g.row')).toHaveLength(1);
    expect(svg.querySelector('g.row[data-id="kmd"]')).toBe(g);
    expect(svg.querySelectorAll('pattern')).toHaveLength(1);
  });

  it('renders a stable SVG', async () => {
    await expect(beforeAfterBars(rows, options).outerHTML).toMatchFileSnapshot('./__snapshots__/before-after-bars.svg');
  });
});
