// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { contractTimeline, formatDate, summary, tableRows, type ContractRow } from './contract-timeline.ts';

const today = '2025-11-27';
const rows: ContractRow[] = [
  { id: 'opus', name: 'Økonomisystem', vendor: 'KMD', start: '2019-01-01', end: '2027-12-31', noticeDeadline: '2027-06-30' },
  { id: 'esdh', name: 'ESDH', vendor: 'Netcompany', start: '2021-04-01', end: '2026-09-30', noticeDeadline: '2026-03-31' },
  { id: 'm365', name: 'Microsoft 365', vendor: 'Microsoft', end: '2026-06-30', noticeDeadline: '2025-10-01' },
  { id: 'nexus', name: 'Omsorgssystem', vendor: 'Systematic', start: '2024-02-01', end: '2028-01-31' },
  { id: 'old', name: 'Gammelt lønsystem', vendor: 'Visma', start: '2015-01-01', end: '2025-06-30', noticeDeadline: '2024-12-31' },
];
const options = { width: 720, height: 300, today };

describe('contractTimeline', () => {
  it('draws one row per contract, nearest deadline first, with exit windows and deadline marks', () => {
    const svg = contractTimeline(rows, options);
    const ids = [...svg.querySelectorAll('g.contract')].map((g) => g.getAttribute('data-id'));
    expect(ids).toEqual(['old', 'm365', 'esdh', 'opus', 'nexus']);
    const esdh = svg.querySelector('g.contract[data-id="esdh"]')!;
    const window = esdh.querySelector('rect.window')!;
    expect(window.getAttribute('display')).toBeNull();
    expect(window.getAttribute('fill')).toBe('url(#contract-timeline-hatch)');
    expect(Number(window.getAttribute('x'))).toBe(Number(esdh.querySelector('line.deadline')!.getAttribute('x1')));
    expect(esdh.querySelector('text.status')!.textContent).toBe('frist om 124 dage');
    // No deadline: no window and no mark, said in words.
    const nexus = svg.querySelector('g.contract[data-id="nexus"]')!;
    expect(nexus.querySelector('rect.window')!.getAttribute('display')).toBe('none');
    expect(nexus.querySelector('text.status')!.textContent).toBe('ingen frist kendt');
    expect(svg.querySelector('g.contract[data-id="m365"] text.status')!.textContent).toBe('frist passeret');
    expect(svg.querySelector('g.contract[data-id="m365"] rect.period')!.getAttribute('data-open-start')).toBe('true');
    const old = svg.querySelector('g.contract[data-id="old"]')!;
    expect(old.querySelector('text.status')!.textContent).toBe('udløbet');
    // Ended before the axis starts: no marks squeezed against its edge.
    expect(old.querySelector('rect.period')!.getAttribute('display')).toBe('none');
    expect(old.querySelector('line.deadline')!.getAttribute('display')).toBe('none');
  });

  it('has a today line labelled in Danish and Danish month ticks', () => {
    const svg = contractTimeline(rows, options);
    expect(svg.querySelector('g.today text')!.textContent).toBe('I dag, 27. nov. 2025');
    const ticks = [...svg.querySelectorAll('g.axis g.tick text')].map((t) => t.textContent);
    expect(ticks).toContain('jul.');
    expect(ticks).toContain('2026');
    expect(ticks.every((t) => /^(jan\.|feb\.|mar\.|apr\.|maj|jun\.|jul\.|aug\.|sep\.|okt\.|nov\.|dec\.|\d{4})$/.test(t!))).toBe(true);
    expect(formatDate('da')(new Date(Date.UTC(2026, 2, 1)))).toBe('1. mar. 2026');
  });

  it('does not depend on the clock: the same today gives the same picture', () => {
    const a = contractTimeline(rows, options).outerHTML;
    const b = contractTimeline(rows, { ...options, today: new Date(2025, 10, 27, 23, 59) }).outerHTML;
    expect(b).toBe(a);
    expect(() => contractTimeline(rows, { ...options, today: '27-11-2025' })).toThrow(RangeError);
  });

  it('is an accessible image with a one-sentence summary', () => {
    const svg = contractTimeline(rows, options);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('contract-timeline-title contract-timeline-desc');
    expect(summary(rows, 'da', { today })).toBe(
      'Tidslinjen viser 5 kontrakter set fra i dag, 27. nov. 2025; næste opsigelsesfrist er 31. mar. 2026 for ESDH (Netcompany), om 124 dage, og 1 kontrakt har passeret fristen uden at være udløbet.',
    );
    expect(summary([], 'en', { today })).toBe('The timeline shows 0 contracts as of today, 27 Nov 2025; no upcoming notice deadlines.');
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows, 'da', { today }));
  });

  it('gives table rows with Danish dates and status', () => {
    const table = tableRows(rows, 'da', { today });
    expect(table.columns).toEqual(['Kontrakt', 'Leverandør', 'Start', 'Udløb', 'Opsigelsesfrist', 'Status']);
    expect(table.rows[1]).toEqual(['Microsoft 365', 'Microsoft', '–', '30. jun. 2026', '1. okt. 2025', 'frist passeret']);
  });

  it('reuses the row group for the same contract id on update', () => {
    const svg = contractTimeline(rows, options);
    const esdh = svg.querySelector('g.contract[data-id="esdh"]');
    const x = esdh!.querySelector('line.deadline')!.getAttribute('x1');
    contractTimeline([{ ...rows[1]!, noticeDeadline: '2026-05-31' }, rows[0]!], { ...options, svg });
    expect(svg.querySelectorAll('g.contract')).toHaveLength(2);
    expect(svg.querySelector('g.contract[data-id="esdh"]')).toBe(esdh);
    expect(esdh!.querySelector('line.deadline')!.getAttribute('x1')).not.toBe(x);
    expect(esdh!.querySelector('text.status')!.textContent).toBe('frist om 185 dage');
  });

  it('renders a stable SVG', async () => {
    await expect(contractTimeline(rows, options).outerHTML).toMatchFileSnapshot('./__snapshots__/contract-timeline.svg');
  });
});

describe('contractTimeline without contracts', () => {
  it('says so in words', () => {
    const svg = contractTimeline([], { width: 400, height: 160, today });
    expect(svg.querySelectorAll('g.contract')).toHaveLength(0);
    expect(svg.querySelector('g.note text')!.textContent).toBe('Ingen kontrakter at vise.');
  });

  it('speaks English when asked: today, month names, status and lang', async () => {
    const svg = contractTimeline(rows, { ...options, lang: 'en' });
    expect(svg.getAttribute('lang')).toBe('en');
    expect(svg.querySelector('title')!.textContent).toBe('Contracts, notice deadlines and exit windows');
    expect(svg.querySelector('g.today text')!.textContent).toBe('Today, 27 Nov 2025');
    const ticks = [...svg.querySelectorAll('g.axis g.tick text')].map((t) => t.textContent);
    expect(ticks.every((t) => /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\d{4})$/.test(t!))).toBe(true);
    expect(svg.querySelector('g.contract[data-id="m365"] text.status')!.textContent).toBe('deadline passed');
    expect(svg.querySelector('desc')!.textContent).toBe(summary(rows, 'en', { today }));
    expect(tableRows(rows, 'en', { today }).rows[1]).toEqual(['Microsoft 365', 'Microsoft', '–', '30 Jun 2026', '1 Oct 2025', 'deadline passed']);
    await expect(svg.outerHTML).toMatchFileSnapshot('./__snapshots__/contract-timeline.en.svg');
  });
});
