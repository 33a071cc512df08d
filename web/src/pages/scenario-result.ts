// A scenario's before/after as page content: the indicator table, the vendors' reach as a chart
// and the replaced systems. The scenarios page and the council report show the same thing.
import { beforeAfterBars, summary as baSummary, tableRows as baTable, type BeforeAfterRow } from '../charts/before-after-bars.ts';
import type { ScenarioComparison, ScenarioIndicators } from '../data/solutions.ts';
import { el } from '../dom.ts';
import { formatDay } from '../format.ts';
import { chartFigure, chartWidth } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { num, pct } from './exit-paths.ts';

const BANDS = ['A', 'B', 'C', 'D', 'E'] as const;

/** The share of systems in `band` or a worse one (A best, E worst): what moving into a band means. */
export function shareInOrWorse(i: Pick<ScenarioIndicators, 'bandDistribution'>, band: (typeof BANDS)[number]): number {
  return BANDS.slice(BANDS.indexOf(band)).reduce((sum, b) => sum + (i.bandDistribution[b] ?? 0), 0);
}

/** The before/after: warnings, indicator table, the vendors' reach as a chart, the replaced systems. */
export function scenarioResult(c: ScenarioComparison, municipality: string, idPrefix = 'scenario'): HTMLElement[] {
  const o = c.outcome;
  const share = (v: number | null) => pct(v);
  /**
   * `verdictOf` reads the change as better or worse: by default the indicator's own change (lower
   * is better unless said). A band's share needs more: systems moving E → D raise D's share and are
   * better, C → D raise it too and are worse, so a band is judged by the share in it or a worse band
   * (band A by the share below A: more in A is better).
   */
  const indicator = (label: string, get: (i: ScenarioIndicators) => number | null, format: (v: number | null) => string, lowerIsBetter = true, verdictOf: (i: ScenarioIndicators) => number | null = get) => {
    const b = get(o.before);
    const a = get(o.after);
    const delta = a === null || b === null ? null : a - b;
    const vb = verdictOf(o.before);
    const va = verdictOf(o.after);
    const judged = va === null || vb === null ? 0 : va - vb;
    const better = delta === null || Math.abs(delta) < 1e-9 || Math.abs(judged) < 1e-9 ? '' : (judged < 0) === lowerIsBetter ? tr(' (bedre)', ' (better)') : tr(' (værre)', ' (worse)');
    return el('tr', {}, el('th', { attrs: { scope: 'row' } }, label), el('td', { className: 'num' }, format(b)), el('td', { className: 'num' }, format(a)), el('td', {}, delta === null ? '–' : `${format(delta)}${better}`));
  };
  const table = el('table', { className: 'data-table', id: `${idPrefix}-indicators` },
    el('caption', {}, tr(`Kommunens indikatorer før og efter scenariet (${municipality}, pr. ${formatDay(c.asOf)})`, `The municipality's indicators before and after the scenario (${municipality}, as of ${formatDay(c.asOf)})`)),
    el('thead', {}, el('tr', {}, ...[tr('Indikator', 'Indicator'), tr('Før', 'Before'), tr('Efter', 'After'), tr('Ændring', 'Change')].map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
    el('tbody', {},
      indicator(tr('Leverandørbinding L_m', 'Lock-in L_m'), (i) => i.L, (v) => num(v)),
      indicator(tr('Andel i bånd D–E', 'Share in bands D–E'), (i) => i.atRiskShare, share),
      ...BANDS.map((b) => indicator(tr(`Andel i bånd ${b}`, `Share in band ${b}`), (i) => i.bandDistribution[b], share, true, (i) => shareInOrWorse(i, b === 'A' ? 'B' : b))),
      indicator(tr('HHI, udgift', 'HHI, spend'), (i) => i.hhi.spend, (v) => num(v, 0)),
      indicator(tr('HHI, rækkevidde', 'HHI, reach'), (i) => i.hhi.reach, (v) => num(v, 0)),
      indicator(tr('Effektivt antal leverandører (udgift)', 'Effective number of vendors (spend)'), (i) => i.nEff.spend, (v) => num(v), false),
      indicator(tr('Effektivt antal leverandører (rækkevidde)', 'Effective number of vendors (reach)'), (i) => i.nEff.reach, (v) => num(v), false),
      indicator(tr('Andel under ikke-EU-jurisdiktion', 'Share under non-EU jurisdiction'), (i) => i.nonEuShare, share)));
  const moved = (a: number | undefined, b: number | undefined) => Math.abs((a ?? 0) - (b ?? 0)) > 1e-9;
  const vendorName = (v: (typeof o.vendors)[number]) => (v.vendorId.startsWith('self:') ? tr('Egen drift', 'Self-operated') : (v.name ?? v.vendorId));
  const changed = o.vendors.filter((v) => moved(v.after?.reach, v.before?.reach));
  // Every vendor whose direct or total reach moves: the bar shows the total, the table both.
  const reachTable = el('table', { className: 'data-table', id: `${idPrefix}-vendor-reach` },
    el('caption', {}, tr('Direkte og samlet rækkevidde pr. leverandør før og efter (andel af kommunens eksponering)', "Each vendor's direct and total reach before and after (share of the municipality's exposure)")),
    el('thead', {}, el('tr', {}, ...[tr('Leverandør', 'Vendor'), tr('Direkte før', 'Direct before'), tr('Direkte efter', 'Direct after'), tr('Samlet før', 'Total before'), tr('Samlet efter', 'Total after')].map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
    el('tbody', {}, ...o.vendors
      .filter((v) => moved(v.after?.reach, v.before?.reach) || moved(v.after?.directReach, v.before?.directReach))
      .map((v) => el('tr', {}, el('th', { attrs: { scope: 'row' } }, vendorName(v)),
        ...[v.before?.directReach, v.after?.directReach, v.before?.reach, v.after?.reach].map((x) => el('td', { className: 'num' }, pct(x ?? 0)))))));
  const chartRows: BeforeAfterRow[] = changed
    .sort((a, b) => Math.abs((b.after?.reach ?? 0) - (b.before?.reach ?? 0)) - Math.abs((a.after?.reach ?? 0) - (a.before?.reach ?? 0)))
    .slice(0, 8)
    .map((v) => ({ id: v.vendorId, name: vendorName(v), before: v.before?.reach ?? null, after: v.after?.reach ?? null }));
  const l = lang();
  const figure = chartRows.length
    ? chartFigure({
        id: `${idPrefix}-reach`,
        caption: tr('Leverandørernes samlede rækkevidde før og efter', "Vendors' total reach before and after"),
        summary: baSummary(chartRows, l),
        svg: beforeAfterBars(chartRows, { width: chartWidth(640), height: 60 + chartRows.length * 44, lang: l, id: `${idPrefix}-reach-chart` }),
        table: baTable(chartRows, l, { column: tr('Leverandør', 'Vendor') }),
      })
    : el('p', {}, tr('Ingen leverandørs rækkevidde ændres.', "No vendor's reach changes."));
  const replaced = el('ul', { className: 'replaced' }, ...o.replaced.map((r) => el('li', {},
    `${r.name ?? r.usageId} → ${r.replacement}: ${num(r.before.L)} (${r.before.band}) → ${num(r.after.L)} (${r.after.band})`,
    r.from ? tr(` fra ${formatDay(r.from)}`, ` from ${formatDay(r.from)}`) : '',
    r.parts
      ? el('span', { className: 'parts' }, tr(
          ` (gennemsnit af ${r.parts.length} lige store dele: ${r.parts.map((p) => `${p.replacement} ${num(p.L)} (${p.band})`).join(', ')})`,
          ` (mean of ${r.parts.length} equal parts: ${r.parts.map((p) => `${p.replacement} ${num(p.L)} (${p.band})`).join(', ')})`,
        ))
      : '',
    r.beforeExitWindow ? el('strong', { className: 'warning' }, tr(` – før exitvinduet ${formatDay(r.nextExit)}: opsigelse kan koste`, ` – before the exit window ${formatDay(r.nextExit)}: leaving early may cost`)) : '')));
  const warnings = c.warnings.length
    ? [el('p', { className: 'notice', role: 'note' }, tr('Nogle udskiftninger passer ikke længere til oversigten og er udeladt: ', 'Some replacements no longer match the inventory and were left out: '), c.warnings.map((w) => w.message[l]).join(' '))]
    : [];
  return [...warnings, el('div', { className: 'table-scroll' }, table), figure, el('div', { className: 'table-scroll' }, reachTable), el('h3', {}, tr('Udskiftede systemer', 'Replaced systems')), replaced];
}
