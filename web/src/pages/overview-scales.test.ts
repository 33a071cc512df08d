// @vitest-environment happy-dom
// The overview map's colour scales are fixed and documented (docs/methodology.md, "Kortets
// farveskalaer"): 0–100 for L, 0–10,000 for HHI, 0–100 % for shares. Municipalities between 70
// and 75 no longer span the whole palette, and a municipality without a score is "ingen data".
import { describe, expect, it } from 'vitest';
import { choropleth } from '../charts/choropleth.ts';
import { indicators } from './overview.ts';

describe('the overview map scales', () => {
  it('fixes the domains: L 0–100, HHI 0–10,000, shares and confidence 0–1', () => {
    const domains = Object.fromEntries(indicators().map((i) => [i.key, i.domain]));
    expect(domains).toEqual({ L: [0, 100], nonEuShare: [0, 1], atRiskShare: [0, 1], hhiSpend: [0, 10_000], effectiveVendors: undefined, confidence: [0, 1] });
  });

  it('draws L from 70 to 75 in at most two of five classes, with the 0–100 legend and a "no data" swatch', () => {
    const L = indicators().find((i) => i.key === 'L')!;
    const rows = [{ code: 101, value: 70 }, { code: 147, value: 72 }, { code: 151, value: 75 }, { code: 153, value: null }];
    const svg = choropleth(rows, { width: 400, height: 430, label: L.label, format: L.format, domain: L.domain! });
    expect([...svg.querySelectorAll('g.legend text.tick')].map((t) => t.textContent)).toEqual(['0', '20', '40', '60', '80', '100']);
    const fills = new Set(rows.filter((r) => r.value != null).map((r) => svg.querySelector(`path.region[data-code="${r.code}"]`)!.getAttribute('fill')));
    expect(fills.size).toBeLessThanOrEqual(2);
    expect(svg.querySelector('path.region[data-code="153"]')!.getAttribute('fill')).toMatch(/nodata/);
    expect(svg.querySelector('g.legend g.nodata text')!.textContent).toBe('ingen data');
  });
});
