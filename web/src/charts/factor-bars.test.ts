// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { factorBars, summary, tableRows, type FactorRow } from './factor-bars.ts';

const rows: FactorRow[] = [
  { id: 'F1', label: 'Dataportabilitet', score: 50, weight: 15 },
  { id: 'F2', label: 'Åbne snitflader', score: 25, weight: 10 },
  { id: 'F3', label: 'Integrationsbinding', score: 80, weight: 10 },
  { id: 'F4', label: 'Kontraktbinding', score: 75, weight: 10 },
  { id: 'F5', label: 'Erstattelighed', score: 15, weight: 10 },
  { id: 'F6', label: 'Teknologisk åbenhed', score: 80, weight: 10 },
  { id: 'F7', label: 'Driftskontrol', score: null, weight: 10 },
  { id: 'F8', label: 'Jurisdiktion', score: 87.5, weight: 15 },
  { id: 'F9', label: 'Exitparathed', score: null, weight: 10 },
];
const options = { width: 560, height: 300, system: 'KMD Opus Økonomi' };

describe('factorBars', () => {
  it('draws nine bars in proportion, unknowns hatched, full length and labelled "ukendt"', () => {
    const svg = factorBars(rows, options);
    expect(svg.querySelectorAll('g.factor')).toHaveLength(9);
    const width = (id: string) => Number(svg.querySelector(`g.factor[data-id="${id}"] rect.bar`)!.getAttribute('width'));
    expect(width('F3') / width('F2')).toBeCloseTo(80 / 25, 1);
    const f7 = svg.querySelector('g.factor[data-id="F7"]')!;
    expect(f7.getAttribute('data-unknown')).toBe('true');
    expect(f7.querySelector('rect.bar')!.getAttribute('fill')).toBe('url(#factor-bars-unknown)');
    expect(width('F7')).toBeCloseTo((width('F3') * 100) / 80, 0);
    expect(f7.querySelector('text.score')!.textContent).toBe('ukendt');
    expect(svg.querySelector('g.factor[data-id="F8"] text.score')!.textContent).toBe('87,5');
    expect(svg.querySelector('g.factor[data-id="F1"] text.weight')!.textContent).toBe('vægt 15');
    expect(svg.querySelector('g.factor[data-id="F1"] text.label')!.textContent).toBe('F1 Dataportabilitet');
    expect([...svg.querySelectorAll('g.axis text')].map((t) => t.textContent)).toEqual(['0', '25', '50', '75', '100']);
  });

  it('is an accessible image and summarises highest, lowest and unknown', () => {
    const svg = factorBars(rows, options);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('factor-bars-title factor-bars-desc');
    expect(summary(rows, 'da', options)).toBe(
      'Figuren viser 9 bindingsfaktorer for KMD Opus Økonomi på en skala fra 0 til 100, hvor højere betyder mere binding; højest er F8 Jurisdiktion (87,5), lavest F5 Erstattelighed (15); 2 faktorer er ukendte.',
    );
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows, 'da', options));
    expect(summary([{ id: 'F1', label: 'Data portability', score: null, weight: 15 }], 'en')).toBe(
      'The chart shows 1 lock-in factors for the system on a scale from 0 to 100, where higher means more lock-in; 1 factor is unknown.',
    );
  });

  it('gives table rows with "ukendt" for unknown scores', () => {
    const table = tableRows(rows);
    expect(table.columns).toEqual(['Faktor', 'Beskrivelse', 'Score (0–100)', 'Vægt']);
    expect(table.rows[6]).toEqual(['F7', 'Driftskontrol', 'ukendt', '10']);
    expect(table.rows[7]).toEqual(['F8', 'Jurisdiktion', '87,5', '15']);
  });

  it('reuses each factor group on update and switches unknown to known', () => {
    const svg = factorBars(rows, options);
    const f7 = svg.querySelector('g.factor[data-id="F7"]');
    factorBars(rows.map((r) => (r.id === 'F7' ? { ...r, score: 40 } : r)), { ...options, svg });
    expect(svg.querySelector('g.factor[data-id="F7"]')).toBe(f7);
    expect(f7!.getAttribute('data-unknown')).toBeNull();
    expect(f7!.querySelector('rect.bar')!.getAttribute('fill')).toBe('#0b5394');
    expect(f7!.querySelector('text.score')!.textContent).toBe('40');
  });

  it('renders a stable SVG', async () => {
    await expect(factorBars(rows, options).outerHTML).toMatchFileSnapshot('./__snapshots__/factor-bars.svg');
  });

  it('speaks English when asked: unknown bars, weights and lang', async () => {
    const english = rows.map((r, i) => ({ ...r, label: ['Data portability', 'Open interfaces', 'Integration lock-in', 'Contract lock-in', 'Replaceability', 'Technological openness', 'Operational control', 'Jurisdiction', 'Exit readiness'][i]! }));
    const svg = factorBars(english, { ...options, lang: 'en' });
    expect(svg.getAttribute('lang')).toBe('en');
    expect(svg.querySelector('title')!.textContent).toBe('Lock-in factors');
    expect(svg.querySelector('g.factor[data-id="F7"] text.score')!.textContent).toBe('unknown');
    expect(svg.querySelector('g.factor[data-id="F8"] text.score')!.textContent).toBe('87.5');
    expect(svg.querySelector('g.factor[data-id="F1"] text.weight')!.textContent).toBe('weight 15');
    expect(svg.querySelector('desc')!.textContent).toBe(summary(english, 'en', options));
    expect(tableRows(english, 'en').columns).toEqual(['Factor', 'Description', 'Score (0–100)', 'Weight']);
    await expect(svg.outerHTML).toMatchFileSnapshot('./__snapshots__/factor-bars.en.svg');
  });
});
