// The national overview (route /): the map coloured by a chosen indicator beside a sortable
// ranking, the vendors with the largest national reach, and every municipality by region.
import type { MunicipalitySummary } from '../../../server/src/api-types.ts';
import { formatInteger, formatPercent, numberFormat, type Format } from '../charts/common.ts';
import { reachBars, summary as reachSummary, tableRows as reachTable, type ReachRow } from '../charts/reach-bars.ts';
import { fetchMunicipalities, fetchNationalScore, fetchScoreList, type NationalScoreView, type ScoreListRow } from '../data/api.ts';
import { el } from '../dom.ts';
import { chartFigure, chartWidth, errorLine, statusLine } from '../figure.ts';
import { coverageLine } from '../coverage.ts';
import { collator, formatDay } from '../format.ts';
import { lang, tr } from '../i18n.ts';
import { linkRowHeaders, navigate } from '../router.ts';
import { grouping, groupingSwitch, ownedLabel } from '../vendor-grouping.ts';
import { reason } from './refusal.ts';

type Key = 'L' | 'nonEuShare' | 'atRiskShare' | 'hhiSpend' | 'effectiveVendors' | 'confidence';

interface Indicator {
  key: Key;
  label: string;
  short: string;
  format: Format;
  /** The map's fixed colour domain (docs/methodology.md, "Kortets farveskalaer"); none: the data's range. */
  domain?: [number, number];
}

const decimals = (n: number): Format => numberFormat(lang(), { minimumFractionDigits: n, maximumFractionDigits: n });
/** The indicators in the chosen language, with number formats to match: call at render time. */
export const indicators = (): Indicator[] => [
  { key: 'L', label: tr('Leverandørbinding L (0–100)', 'Vendor lock-in L (0–100)'), short: tr('Binding L', 'Lock-in L'), format: decimals(0), domain: [0, 100] },
  { key: 'nonEuShare', label: tr('Andel under ikke-EU-jurisdiktion', 'Share under non-EU jurisdiction'), short: tr('Ikke-EU', 'Non-EU'), format: formatPercent(lang()), domain: [0, 1] },
  { key: 'atRiskShare', label: tr('Andel af eksponering i bånd D–E', 'Share of exposure in bands D–E'), short: tr('Bånd D–E', 'Bands D–E'), format: formatPercent(lang()), domain: [0, 1] },
  { key: 'hhiSpend', label: tr('Koncentration af udgifter (HHI, 0–10.000)', 'Spend concentration (HHI, 0–10,000)'), short: 'HHI', format: decimals(0), domain: [0, 10_000] },
  { key: 'effectiveVendors', label: tr('Effektivt antal leverandører', 'Effective number of vendors'), short: tr('Eff. leverandører', 'Eff. vendors'), format: decimals(1) },
  { key: 'confidence', label: tr('Datasikkerhed (0–1)', 'Data confidence (0–1)'), short: tr('Sikkerhed', 'Confidence'), format: decimals(2), domain: [0, 1] },
];


export async function renderOverview(main: HTMLElement): Promise<void> {
  document.title = tr('Handlefrihed – kommunernes leverandørbinding', 'Handlefrihed – vendor lock-in in the municipalities');
  const status = statusLine(tr('Henter kommunernes tal …', 'Loading the municipalities’ figures …'));
  main.replaceChildren(
    el('h1', {}, tr('Hvor afhængige er kommunerne af deres it-leverandører?', 'How dependent are the municipalities on their IT vendors?')),
    el('p', { className: 'lead' }, tr(
      'Kortet og ranglisten viser hver kommunes leverandørbinding. Vælg en kommune for at se hvem den er afhængig af, hvorfor, og hvornår den kan handle.',
      'The map and the ranking show each municipality’s vendor lock-in. Choose a municipality to see whom it depends on, why, and when it can act.',
    )),
    coverageLine(),
    status,
  );
  const [list, scores, national, mapModule] = await Promise.allSettled([
    fetchMunicipalities(),
    fetchScoreList(),
    fetchNationalScore(),
    import('../charts/choropleth.ts'),
  ]);
  if (list.status === 'rejected') {
    status.replaceWith(errorLine(`${tr('Kommunerne kunne ikke hentes', 'The municipalities could not be loaded')}: ${reason(list.reason)}`));
    return;
  }
  const sections: HTMLElement[] = [];
  if (scores.status === 'fulfilled' && mapModule.status === 'fulfilled') sections.push(mapAndRanking(scores.value.items, mapModule.value, new Map(list.value.items.map((m) => [m.code, m]))));
  else sections.push(el('section', { className: 'panel' }, el('h2', {}, tr('Kort og rangliste', 'Map and ranking')), errorLine(`${tr('Kortet kunne ikke vises', 'The map could not be shown')}: ${reason(scores.status === 'rejected' ? scores.reason : (mapModule as PromiseRejectedResult).reason)}`)));
  sections.push(vendorSection(national));
  sections.push(regionSection(list.value.items));
  main.append(...sections);
  const scored = scores.status === 'fulfilled' ? scores.value.total : 0;
  const count = formatInteger(lang());
  status.textContent = tr(
    `${count(list.value.total)} kommuner, ${count(scored)} med beregnet score.`,
    `${count(list.value.total)} municipalities, ${count(scored)} with a computed score.`,
  );
}

type MapModule = typeof import('../charts/choropleth.ts');

/** When a municipality's data is from, and how sure its figures are: beside every value on the map and in the ranking. */
function dataNote(summary: MunicipalitySummary | undefined, confidence: number | null): string {
  const parts = [`${tr('data pr.', 'data as of')} ${formatDay(summary?.dataDate ?? null)}`];
  if (confidence != null) parts.push(`${tr('datasikkerhed', 'data confidence')} ${decimals(2)(confidence)}`);
  return parts.join(', ');
}

function mapAndRanking(rows: ScoreListRow[], map: MapModule, summaries: Map<number, MunicipalitySummary>): HTMLElement {
  const language = lang();
  const indicatorList = indicators();
  const select = el('select', { id: 'indicator' }, ...indicatorList.map((i) => el('option', { attrs: { value: i.key } }, i.label)));
  const mapSlot = el('div', { className: 'map-slot' });
  const ranking = rankingTable(rows, indicatorList, summaries);
  const draw = () => {
    const ind = indicatorList.find((i) => i.key === select.value)!;
    const values = rows.map((r) => ({ code: r.municipalityCode, name: r.name, value: r[ind.key], note: dataNote(summaries.get(r.municipalityCode), r.confidence) }));
    const o = { label: ind.label, format: ind.format, ...(ind.domain ? { domain: ind.domain } : {}) };
    // Drawn at the width it is shown (a phone's column), at most 520 px, the height to match.
    const width = chartWidth(520);
    const svg = map.choropleth(values, { width, height: Math.round(width * 560 / 520), id: 'map', title: `${tr('Kort', 'Map')}: ${ind.label}`, lang: language, ...o });
    svg.addEventListener('select', (e) => navigate(`/kommuner/${(e as CustomEvent<{ code: number }>).detail.code}`));
    mapSlot.replaceChildren(
      chartFigure({ id: 'map-figure', caption: tr(`${ind.label} i kommunerne.`, `${ind.label} by municipality.`), summary: map.summary(values, language, o), svg, table: map.tableRows(values, language, o) }),
    );
    ranking.sortBy(ind.key, 'desc');
  };
  select.addEventListener('change', draw);
  draw();
  return el(
    'section',
    { className: 'panel', attrs: { 'aria-labelledby': 'map-heading' } },
    el('h2', { id: 'map-heading' }, tr('Kort og rangliste', 'Map and ranking')),
    el('p', { className: 'control' }, el('label', { attrs: { for: 'indicator' } }, tr('Vis på kortet og sortér efter', 'Show on the map and sort by')), ' ', select),
    el('div', { className: 'overview-grid' }, mapSlot, el('div', { className: 'table-scroll' }, ranking.element)),
  );
}

type SortKey = 'name' | 'region' | 'dataDate' | Key;

function rankingTable(rows: ScoreListRow[], indicatorList: Indicator[], summaries: Map<number, MunicipalitySummary>) {
  const dataDate = (r: ScoreListRow) => summaries.get(r.municipalityCode)?.dataDate ?? null;
  const columns: { key: SortKey; label: string; numeric: boolean }[] = [
    { key: 'name', label: tr('Kommune', 'Municipality'), numeric: false },
    { key: 'region', label: 'Region', numeric: false },
    ...indicatorList.filter((i) => i.key !== 'atRiskShare').map((i) => ({ key: i.key as SortKey, label: i.short, numeric: true })),
    { key: 'dataDate', label: tr('Data pr.', 'Data as of'), numeric: false },
  ];
  const tbody = el('tbody');
  const headers = new Map<SortKey, HTMLTableCellElement>();
  let current: { key: SortKey; dir: 'asc' | 'desc' } = { key: 'L', dir: 'desc' };
  const head = el('tr', {});
  for (const c of columns) {
    const button = el('button', { className: 'sort', attrs: { type: 'button' } }, c.label);
    button.addEventListener('click', () => sortBy(c.key, current.key === c.key ? (current.dir === 'asc' ? 'desc' : 'asc') : c.numeric ? 'desc' : 'asc'));
    const th = el('th', { attrs: { scope: 'col' }, className: c.numeric ? 'num' : '' }, button);
    headers.set(c.key, th);
    head.append(th);
  }
  const cell = (r: ScoreListRow, key: Key) => {
    const v = r[key];
    return el('td', { className: 'num' }, v == null ? '–' : indicatorList.find((i) => i.key === key)!.format(v));
  };
  function sortBy(key: SortKey, dir: 'asc' | 'desc') {
    current = { key, dir };
    const sign = dir === 'asc' ? 1 : -1;
    const sorted = [...rows].sort((a, b) => {
      if (key === 'name' || key === 'region') return sign * collator.compare(a[key], b[key]) || collator.compare(a.name, b.name);
      if (key === 'dataDate') return sign * (dataDate(a) ?? '').localeCompare(dataDate(b) ?? '') || collator.compare(a.name, b.name);
      const x = a[key];
      const y = b[key];
      if (x == null || y == null) return x == null ? (y == null ? collator.compare(a.name, b.name) : 1) : -1; // unknown last
      return sign * (x - y) || collator.compare(a.name, b.name);
    });
    tbody.replaceChildren(
      ...sorted.map((r) =>
        el('tr', { data: { code: String(r.municipalityCode) } },
          el('th', { attrs: { scope: 'row' } }, el('a', { attrs: { href: `/kommuner/${r.municipalityCode}`, 'data-link': '' } }, r.name), r.provisional ? el('span', { className: 'tag' }, ` ${tr('foreløbig', 'provisional')}`) : ''),
          el('td', {}, r.region.replace(/^Region /, '')),
          ...columns.slice(2, -1).map((c) => cell(r, c.key as Key)),
          el('td', { className: 'nowrap' }, formatDay(dataDate(r))),
        ),
      ),
    );
    for (const [k, th] of headers) {
      if (k === key) th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    }
  }
  const element = el(
    'div',
    { className: 'ranking' },
    el('table', { className: 'data-table ranking-table', id: 'ranking' },
      el('caption', {}, tr(
        'Rangliste over kommunerne. Vælg en kolonneoverskrift for at sortere; “foreløbig” betyder lav datasikkerhed.',
        'Ranking of the municipalities. Choose a column heading to sort; “provisional” means low data confidence.',
      )),
      el('thead', {}, head),
      tbody),
  );
  sortBy(current.key, current.dir);
  return { element, sortBy };
}

function vendorSection(national: PromiseSettledResult<NationalScoreView>): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'vendors-heading' } }, el('h2', { id: 'vendors-heading' }, tr('Leverandørerne med størst rækkevidde i hele landet', 'The vendors with the widest reach nationally')));
  if (national.status === 'rejected') {
    section.append(errorLine(`${tr('De nationale tal kunne ikke hentes', 'The national figures could not be loaded')}: ${reason(national.reason)}`));
    return section;
  }
  const score = national.value.score;
  const content = el('div', {}, ...nationalReach(score));
  section.append(groupingSwitch('national-grouping', () => content.replaceChildren(...nationalReach(score))), content);
  return section;
}

/** The ten vendors with the widest national reach, by company (with owner) or by ultimate owner. */
function nationalReach(score: NationalScoreView['score']): HTMLElement[] {
  const companies = grouping() === 'company' ? score.byCompany?.vendors : undefined;
  const name = (v: { vendorId: string; name: string | null }) => v.name ?? `${tr('Leverandør', 'Vendor')} ${v.vendorId}`;
  const rows: ReachRow[] = (companies
    ? companies.map((v) => ({ id: v.vendorId, name: ownedLabel(v), direct: v.directReach, transitive: v.reach }))
    : score.vendors.map((v) => ({ id: v.vendorId, name: name(v), direct: v.directReach, transitive: v.reach })))
    .sort((a, b) => b.transitive - a.transitive)
    .slice(0, 10);
  const language = lang();
  const svg = reachBars(rows, { width: chartWidth(720), height: 60 + rows.length * 34, id: 'national-reach', lang: language });
  const figure = chartFigure({
    id: 'national-reach-figure',
    caption: tr('Direkte og samlet rækkevidde for de ti største leverandører, hele landet.', 'Direct and total reach of the ten largest vendors, nationally.'),
    summary: reachSummary(rows, language),
    svg,
    table: reachTable(rows, language),
  });
  linkRowHeaders(figure.querySelector('table')!, rows.map((r) => vendorHref(r.id)));
  return [figure, vendorLinks(rows)];
}

/** A vendor's page; the scores name vendors by their (ultimate parent's) numeric id. */
export const vendorHref = (id: string): string | null => (/^\d+$/.test(id) ? `/leverandoerer/${id}` : null);

/** The chart's vendors as links below it (the bars themselves are not links). */
export function vendorLinks(rows: ReachRow[]): HTMLElement {
  const items = rows.flatMap((r) => {
    const href = vendorHref(r.id);
    return href ? [el('li', {}, el('a', { attrs: { href, 'data-link': '' } }, r.name))] : [];
  });
  return el('nav', { className: 'vendor-links', attrs: { 'aria-label': tr('Leverandørerne i figuren', 'The vendors in the chart') } }, el('span', {}, tr('Se leverandøren: ', 'See the vendor: ')), el('ul', {}, ...items));
}

function regionSection(items: MunicipalitySummary[]): HTMLElement {
  const byRegion = new Map<string, MunicipalitySummary[]>();
  for (const m of items) byRegion.set(m.region, [...(byRegion.get(m.region) ?? []), m]);
  const container = el('div', { className: 'regions' });
  const count = formatInteger(lang());
  for (const region of [...byRegion.keys()].sort(collator.compare)) {
    const list = byRegion.get(region)!.sort((a, b) => collator.compare(a.name, b.name));
    const id = `region-${region.toLowerCase().replace(/[^a-zæøå]+/g, '-')}`;
    const ul = el('ul', { className: 'municipality-list' });
    for (const m of list) {
      // Not counted nationally (no inventory, or demo data once real data exists): "ingen data".
      const usage = !m.counted
        ? m.demo ? tr('ingen data (kun fiktive demodata)', 'no data (fictitious demo data only)') : tr('ingen data', 'no data')
        : `${tr(`${count(m.usageCount)} systemer`, `${count(m.usageCount)} systems`)} · ${tr('data pr.', 'data as of')} ${formatDay(m.dataDate)}`;
      ul.append(
        el('li', { className: 'municipality', data: { code: String(m.code) } },
          el('a', { className: 'name', attrs: { href: `/kommuner/${m.code}`, 'data-link': '' } }, m.name),
          el('span', { className: 'count' }, usage),
        ),
      );
    }
    container.append(el('section', { className: 'region' }, el('h3', { id }, `${region} `, el('span', { className: 'region-count' }, `(${list.length})`)), ul));
  }
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'all-heading' } }, el('h2', { id: 'all-heading' }, tr('Alle kommuner efter region', 'All municipalities by region')), container);
}
