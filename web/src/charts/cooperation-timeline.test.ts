// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cooperationTimeline, summary, tableRows, type SharedWindow, type WindowRow } from './cooperation-timeline.ts';

const rows: WindowRow[] = [
  { id: '147', name: 'Frederiksberg', from: '2027-03-01', to: '2027-09-01' },
  { id: '101', name: 'København', from: '2027-01-01', to: '2027-07-01', own: true },
  { id: '153', name: 'Brøndby', from: '2027-09-01', to: '2028-03-01' },
  { id: '151', name: 'Ballerup', from: '2027-06-15', to: '2027-12-15' },
  { id: '155', name: 'Dragør', from: '2028-09-01', to: '2029-03-01' },
];
const clusters: SharedWindow[] = [
  { id: '101-151', from: '2027-06-15', to: '2027-07-01', memberIds: ['101', '147', '151'] },
  { id: '147-153', from: '2027-09-01', to: '2027-09-01', memberIds: ['147', '151', '153'] },
];
const options = { width: 720, height: 260, clusters };

describe('cooperationTimeline', () => {
  it('draws one row per municipality by exit date, and each shared window behind its members', () => {
    const svg = cooperationTimeline(rows, options);
    expect([...svg.querySelectorAll('g.window')].map((g) => g.getAttribute('data-id'))).toEqual(['101', '147', '151', '153', '155']);
    const shared = [...svg.querySelectorAll('rect.shared')];
    expect(shared.map((r) => r.getAttribute('data-id'))).toEqual(['101-151', '147-153']);
    const bar = (id: string) => svg.querySelector(`g.window[data-id="${id}"] rect.bar`)!;
    // The first shared window starts where Ballerup's window starts.
    expect(shared[0]!.getAttribute('x')).toBe(bar('151').getAttribute('x'));
    expect(shared[0]!.getAttribute('fill')).toBe('url(#cooperation-timeline-hatch)');
    expect(svg.querySelector('g.window[data-id="101"] text.name')!.getAttribute('font-weight')).toBe('700');
    expect(svg.querySelector('g.window[data-id="147"] title')!.textContent).toBe('Frederiksberg · Exit: 1. mar. 2027 · Vinduet lukker: 1. sep. 2027 · Klynger: 1, 2');
  });

  it('summarises in a sentence and as a table, in Danish and English', () => {
    expect(summary(rows, clusters)).toBe('5 kommuner med kendt exitvindue i 2 klynger; det første fælles vindue er 15. jun. 2027–1. jul. 2027 for 3 kommuner.');
    expect(summary(rows, [], 'en')).toBe('5 municipalities with a known exit window; no windows overlap.');
    const t = tableRows(rows, clusters);
    expect(t.columns).toEqual(['Kommune', 'Exit', 'Vinduet lukker', 'Klynger']);
    expect(t.rows[1]).toEqual(['Frederiksberg', '1. mar. 2027', '1. sep. 2027', '1, 2']);
    expect(t.rows[4]).toEqual(['Dragør', '1. sep. 2028', '1. mar. 2029', '–']);
  });

  it('says so in words when there is nothing to show', () => {
    const svg = cooperationTimeline([], { width: 400, height: 120, clusters: [] });
    expect(svg.querySelector('g.note text')!.textContent).toBe('Ingen kendte exitvinduer at vise.');
  });

  it('reuses the row group for the same municipality on update', () => {
    const svg = cooperationTimeline(rows, options);
    const g = svg.querySelector('g.window[data-id="151"]');
    cooperationTimeline(rows.slice(0, 4), { ...options, svg });
    expect(svg.querySelectorAll('g.window')).toHaveLength(4);
    expect(svg.querySelector('g.window[data-id="151"]')).toBe(g);
  });

  it('renders a stable SVG', async () => {
    await expect(cooperationTimeline(rows, options).outerHTML).toMatchFileSnapshot('./__snapshots__/cooperation-timeline.svg');
    await expect(cooperationTimeline(rows, { ...options, lang: 'en' }).outerHTML).toMatchFileSnapshot('./__snapshots__/cooperation-timeline.en.svg');
  });
});
