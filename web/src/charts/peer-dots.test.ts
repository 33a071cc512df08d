// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { peerRows, type ScoredMunicipality } from '../peers.ts';
import { peerDots, summary, tableRows, type PeerRow } from './peer-dots.ts';

const m = (code: number, name: string, region: string, systemCount: number, L: number | null, extra: Partial<ScoredMunicipality> = {}): ScoredMunicipality => ({
  municipalityCode: code, name, region, systemCount, L, nonEuShare: 0.4, hhiSpend: 1800, effectiveVendors: 5.5, confidence: 0.7, ...extra,
});
const all: ScoredMunicipality[] = [
  m(101, 'København', 'Hovedstaden', 600, 62, { nonEuShare: 0.55, hhiSpend: 2100, effectiveVendors: 4.8, confidence: 0.62 }),
  m(147, 'Frederiksberg', 'Hovedstaden', 300, 55),
  m(151, 'Ballerup', 'Hovedstaden', 250, 50, { nonEuShare: 0.3 }),
  m(153, 'Brøndby', 'Hovedstaden', 200, 58),
  m(155, 'Dragør', 'Hovedstaden', 90, 40, { hhiSpend: null }),
  m(157, 'Gentofte', 'Hovedstaden', 320, 60),
  m(159, 'Gladsaxe', 'Hovedstaden', 310, 57),
  m(751, 'Aarhus', 'Midtjylland', 560, 48),
];
const rows: PeerRow[] = peerRows(all, 101);
const options = { width: 640, height: 300 };

describe('peerRows', () => {
  it('takes the municipality and the five in its region nearest in size', () => {
    expect(rows.map((r) => r.code)).toEqual([101, 157, 159, 147, 151, 153]);
    expect(rows.filter((r) => r.self).map((r) => r.name)).toEqual(['København']);
    expect(peerRows(all, 101, 2).map((r) => r.code)).toEqual([101, 157, 159]);
    expect(peerRows(all, 999)).toEqual([]);
    expect(peerRows(all, 751).map((r) => r.code)).toEqual([751]);
  });
});

describe('peerDots', () => {
  it('draws a row per indicator: peers as circles, the municipality as a diamond, the median as a tick', () => {
    const svg = peerDots(rows, options);
    expect(svg.querySelectorAll('g.indicator')).toHaveLength(5);
    const L = svg.querySelector('g.indicator[data-indicator="L"]')!;
    expect(L.querySelectorAll('path.dot.peer')).toHaveLength(5);
    expect(L.querySelectorAll('path.dot.self')).toHaveLength(1);
    expect(L.querySelector('text.own')!.textContent).toBe('62');
    // Median of 60, 57, 55, 50, 58 is 57 on a 0..100 scale from x=200 to x=570.
    expect(Number(L.querySelector('line.median')!.getAttribute('x1'))).toBeCloseTo(200 + 0.57 * 370, 0);
    // The municipality is drawn last (on top).
    expect(L.querySelector('g.dots path:last-child')!.getAttribute('class')).toBe('dot self');
    expect(svg.querySelector('g.indicator[data-indicator="nonEuShare"] text.own')!.textContent).toBe('55\u00a0%');
  });

  it('summarises each indicator against the median, in Danish and English', () => {
    expect(summary(rows)).toBe(
      'København sammenlignet med 5 lignende kommuner: Binding L højere (62 mod median 57); Ikke-EU-andel højere (55\u00a0% mod median 40\u00a0%); HHI (udgifter) højere (2.100 mod median 1.800); Effektivt antal leverandører lavere (4,8 mod median 5,5); Datasikkerhed lavere (0,62 mod median 0,70).',
    );
    expect(summary(rows, 'en')).toMatch(/^København compared with 5 similar municipalities: Lock-in L higher \(62 against a median of 57\)/);
    expect(summary(rows.slice(0, 1))).toBe('Der er ingen sammenlignelige kommuner med en score.');
  });

  it('gives a table with the municipality first and a dash for missing values', () => {
    const t = tableRows(peerRows(all, 155, 5));
    expect(t.columns).toEqual(['Kommune', 'Systemer', 'Binding L', 'Ikke-EU-andel', 'HHI (udgifter)', 'Effektivt antal leverandører', 'Datasikkerhed']);
    expect(t.rows[0]).toEqual(['Dragør (valgt)', '90', '40', '40\u00a0%', '–', '5,5', '0,70']);
    expect(t.rows.slice(1).map((r) => r[0])).toEqual(['Ballerup', 'Brøndby', 'Frederiksberg', 'Gentofte', 'Gladsaxe']);
  });

  it('renders a stable SVG', async () => {
    await expect(peerDots(rows, options).outerHTML).toMatchFileSnapshot('./__snapshots__/peer-dots.svg');
  });
});
