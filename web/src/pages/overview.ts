// The national overview (route /): the map coloured by a chosen indicator beside a sortable
// ranking, the vendors with the largest national reach, and every municipality by region.
import type { MunicipalitySummary } from '../../../server/src/api-types.ts';
import { formatPercent, numberFormat, type Format } from '../charts/common.ts';
import { reachBars, summary as reachSummary, tableRows as reachTable, type ReachRow } from '../charts/reach-bars.ts';
import { fetchMunicipalities, fetchNationalScore, fetchScoreList, type NationalScoreView, type ScoreListRow } from '../data/api.ts';
import { el } from '../dom.ts';
import { chartFigure, errorLine, statusLine } from '../figure.ts';
import { collator, formatInteger } from '../format.ts';
import { linkRowHeaders, navigate } from '../router.ts';

type Key = 'L' | 'nonEuShare' | 'atRiskShare' | 'hhiSpend' | 'effectiveVendors' | 'confidence';

interface Indicator {
  key: Key;
  label: string;
  short: string;
  format: Format;
}

const decimals = (n: number): Format => numberFormat('da', { minimumFractionDigits: n, maximumFractionDigits: n });
export const indicators: Indicator[] = [
  { key: 'L', label: 'Leverandørbinding L (0–100)', short: 'Binding L', format: decimals(0) },
  { key: 'nonEuShare', label: 'Andel under ikke-EU-jurisdiktion', short: 'Ikke-EU', format: formatPercent('da') },
  { key: 'atRiskShare', label: 'Andel af eksponering i bånd D–E', short: 'Bånd D–E', format: formatPercent('da') },
  { key: 'hhiSpend', label: 'Koncentration af udgifter (HHI, 0–10.000)', short: 'HHI', format: decimals(0) },
  { key: 'effectiveVendors', label: 'Effektivt antal leverandører', short: 'Eff. leverandører', format: decimals(1) },
  { key: 'confidence', label: 'Datasikkerhed (0–1)', short: 'Sikkerhed', format: decimals(2) },
];

const reason = (err: unknown) => (err instanceof Error && err.message ? err.message : String(err));

export async function renderOverview(main: HTMLElement): Promise<void> {
  document.title = 'Handlefrihed – kommunernes leverandørbinding';
  const status = statusLine('Henter kommunernes tal …');
  main.replaceChildren(
    el('h1', {}, 'Hvor afhængige er kommunerne af deres it-leverandører?'),
    el('p', { className: 'lead' }, 'Kortet og ranglisten viser hver kommunes leverandørbinding. Vælg en kommune for at se hvem den er afhængig af, hvorfor, og hvornår den kan handle.'),
    status,
  );
  const [list, scores, national, mapModule] = await Promise.allSettled([
    fetchMunicipalities(),
    fetchScoreList(),
    fetchNationalScore(),
    import('../charts/choropleth.ts'),
  ]);
  if (list.status === 'rejected') {
    status.replaceWith(errorLine(`Kommunerne kunne ikke hentes: ${reason(list.reason)}`));
    return;
  }
  const sections: HTMLElement[] = [];
  if (scores.status === 'fulfilled' && mapModule.status === 'fulfilled') sections.push(mapAndRanking(scores.value.items, mapModule.value));
  else sections.push(el('section', { className: 'panel' }, el('h2', {}, 'Kort og rangliste'), errorLine(`Kortet kunne ikke vises: ${reason(scores.status === 'rejected' ? scores.reason : (mapModule as PromiseRejectedResult).reason)}`)));
  sections.push(vendorSection(national));
  sections.push(regionSection(list.value.items));
  main.append(...sections);
  const scored = scores.status === 'fulfilled' ? scores.value.total : 0;
  status.textContent = `${formatInteger(list.value.total)} kommuner, ${formatInteger(scored)} med beregnet score.`;
}

type MapModule = typeof import('../charts/choropleth.ts');

function mapAndRanking(rows: ScoreListRow[], map: MapModule): HTMLElement {
  const select = el('select', { id: 'indicator' }, ...indicators.map((i) => el('option', { attrs: { value: i.key } }, i.label)));
  const mapSlot = el('div', { className: 'map-slot' });
  const ranking = rankingTable(rows);
  const draw = () => {
    const ind = indicators.find((i) => i.key === select.value)!;
    const values = rows.map((r) => ({ code: r.municipalityCode, name: r.name, value: r[ind.key] }));
    const o = { label: ind.label, format: ind.format };
    const svg = map.choropleth(values, { width: 520, height: 560, id: 'map', title: `Kort: ${ind.label}`, ...o });
    svg.addEventListener('select', (e) => navigate(`/kommuner/${(e as CustomEvent<{ code: number }>).detail.code}`));
    mapSlot.replaceChildren(
      chartFigure({ id: 'map-figure', caption: `${ind.label} i kommunerne.`, summary: map.summary(values, 'da', o), svg, table: map.tableRows(values, 'da', o) }),
    );
    ranking.sortBy(ind.key, 'desc');
  };
  select.addEventListener('change', draw);
  draw();
  return el(
    'section',
    { className: 'panel', attrs: { 'aria-labelledby': 'map-heading' } },
    el('h2', { id: 'map-heading' }, 'Kort og rangliste'),
    el('p', { className: 'control' }, el('label', { attrs: { for: 'indicator' } }, 'Vis på kortet og sortér efter'), ' ', select),
    el('div', { className: 'overview-grid' }, mapSlot, ranking.element),
  );
}

type SortKey = 'name' | 'region' | Key;
const columns: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Kommune', numeric: false },
  { key: 'region', label: 'Region', numeric: false },
  ...indicators.filter((i) => i.key !== 'atRiskShare').map((i) => ({ key: i.key as SortKey, label: i.short, numeric: true })),
];

function rankingTable(rows: ScoreListRow[]) {
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
    return el('td', { className: 'num' }, v == null ? '–' : indicators.find((i) => i.key === key)!.format(v));
  };
  function sortBy(key: SortKey, dir: 'asc' | 'desc') {
    current = { key, dir };
    const sign = dir === 'asc' ? 1 : -1;
    const sorted = [...rows].sort((a, b) => {
      if (key === 'name' || key === 'region') return sign * collator.compare(a[key], b[key]) || collator.compare(a.name, b.name);
      const x = a[key];
      const y = b[key];
      if (x == null || y == null) return x == null ? (y == null ? collator.compare(a.name, b.name) : 1) : -1; // unknown last
      return sign * (x - y) || collator.compare(a.name, b.name);
    });
    tbody.replaceChildren(
      ...sorted.map((r) =>
        el('tr', { data: { code: String(r.municipalityCode) } },
          el('th', { attrs: { scope: 'row' } }, el('a', { attrs: { href: `/kommuner/${r.municipalityCode}`, 'data-link': '' } }, r.name), r.provisional ? el('span', { className: 'tag' }, ' foreløbig') : ''),
          el('td', {}, r.region.replace(/^Region /, '')),
          ...columns.slice(2).map((c) => cell(r, c.key as Key)),
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
      el('caption', {}, 'Rangliste over kommunerne. Vælg en kolonneoverskrift for at sortere; “foreløbig” betyder lav datasikkerhed.'),
      el('thead', {}, head),
      tbody),
  );
  sortBy(current.key, current.dir);
  return { element, sortBy };
}

function vendorSection(national: PromiseSettledResult<NationalScoreView>): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'vendors-heading' } }, el('h2', { id: 'vendors-heading' }, 'Leverandørerne med størst rækkevidde i hele landet'));
  if (national.status === 'rejected') {
    section.append(errorLine(`De nationale tal kunne ikke hentes: ${reason(national.reason)}`));
    return section;
  }
  const rows: ReachRow[] = [...national.value.score.vendors]
    .sort((a, b) => b.reach - a.reach)
    .slice(0, 10)
    .map((v) => ({ id: v.vendorId, name: v.name ?? `Leverandør ${v.vendorId}`, direct: v.directReach, transitive: v.reach }));
  const svg = reachBars(rows, { width: 720, height: 60 + rows.length * 34, id: 'national-reach' });
  const figure = chartFigure({ id: 'national-reach-figure', caption: 'Direkte og samlet rækkevidde for de ti største leverandører, hele landet.', summary: reachSummary(rows), svg, table: reachTable(rows) });
  linkRowHeaders(figure.querySelector('table')!, rows.map((r) => vendorHref(r.id)));
  section.append(figure, vendorLinks(rows));
  return section;
}

/** A vendor's page; the scores name vendors by their (ultimate parent's) numeric id. */
export const vendorHref = (id: string): string | null => (/^\d+$/.test(id) ? `/leverandoerer/${id}` : null);

/** The chart's vendors as links below it (the bars themselves are not links). */
export function vendorLinks(rows: ReachRow[]): HTMLElement {
  const items = rows.flatMap((r) => {
    const href = vendorHref(r.id);
    return href ? [el('li', {}, el('a', { attrs: { href, 'data-link': '' } }, r.name))] : [];
  });
  return el('nav', { className: 'vendor-links', attrs: { 'aria-label': 'Leverandørerne i figuren' } }, el('span', {}, 'Se leverandøren: '), el('ul', {}, ...items));
}

function regionSection(items: MunicipalitySummary[]): HTMLElement {
  const byRegion = new Map<string, MunicipalitySummary[]>();
  for (const m of items) byRegion.set(m.region, [...(byRegion.get(m.region) ?? []), m]);
  const container = el('div', { className: 'regions' });
  for (const region of [...byRegion.keys()].sort(collator.compare)) {
    const list = byRegion.get(region)!.sort((a, b) => collator.compare(a.name, b.name));
    const id = `region-${region.toLowerCase().replace(/[^a-zæøå]+/g, '-')}`;
    const ul = el('ul', { className: 'municipality-list' });
    for (const m of list) {
      const usage = m.usageCount ? `${formatInteger(m.usageCount)} systemer` : 'ingen oversigt endnu';
      ul.append(
        el('li', { className: 'municipality', data: { code: String(m.code) } },
          el('a', { className: 'name', attrs: { href: `/kommuner/${m.code}`, 'data-link': '' } }, m.name),
          el('span', { className: 'count' }, usage),
        ),
      );
    }
    container.append(el('section', { className: 'region' }, el('h3', { id }, `${region} `, el('span', { className: 'region-count' }, `(${list.length})`)), ul));
  }
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'all-heading' } }, el('h2', { id: 'all-heading' }, 'Alle kommuner efter region'), container);
}
