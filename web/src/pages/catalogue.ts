// The open-source catalogue (route /katalog): free-text search and filters (category, licence,
// development status, maturity) kept in the query string, so a filtered view can be linked and
// Back returns to it; the matching entries as a table with what each replaces, its licence,
// maturity, status and how many municipalities use it; the same list as CSV/XLSX from the API.
import { categoryName } from '../../../server/src/domain/categories.ts';
import './catalogue.css';
import { coverageLine } from '../coverage.ts';
import type { SessionView } from '../../../server/src/api-types.ts';
import { type AlternativeRow, fetchAllAlternatives, fetchAlternatives } from '../data/catalogue.ts';
import { el } from '../dom.ts';
import { errorLine, statusLine } from '../figure.ts';
import { collator, formatInteger } from '../format.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import {
  alternativesApiQuery,
  type CatalogueState,
  catalogueQueryString,
  isFiltered,
  licenseIds,
  MATURITY_STEPS,
  parseCatalogueState,
  type CatalogueSort,
} from './catalogue-state.ts';
import { canContribute, canModerate, developmentStatusLabel, formatAms, licenceText, moderationTag, reason } from './catalogue-ui.ts';
import { PUBLICCODE_VOCABULARY } from './catalogue-validation.ts';

const option = (value: string, text: string, selected: boolean) => {
  const o = el('option', { attrs: { value } }, text);
  o.selected = selected;
  return o;
};

function select(id: string, label: string, choices: [string, string][], value: string): { wrapper: HTMLElement; control: HTMLSelectElement } {
  const control = el('select', { id, attrs: { name: id } }, ...choices.map(([v, t]) => option(v, t, v === value)));
  return { wrapper: el('div', { className: 'filter' }, el('label', { attrs: { for: id } }, label), control), control };
}

/** "1 alternativ" / "23 alternativer", with or without filters. */
export function countText(n: number, filtered: boolean): string {
  if (n === 0) return filtered ? tr('Ingen alternativer matcher søgningen.', 'No alternatives match the search.') : tr('Kataloget er tomt.', 'The catalogue is empty.');
  const count = formatInteger(n);
  if (filtered) return n === 1 ? tr('1 alternativ matcher søgningen.', '1 alternative matches the search.') : tr(`${count} alternativer matcher søgningen.`, `${count} alternatives match the search.`);
  return n === 1 ? tr('1 alternativ i kataloget.', '1 alternative in the catalogue.') : tr(`${count} alternativer i kataloget.`, `${count} alternatives in the catalogue.`);
}

export async function renderCatalogue(main: HTMLElement, session: SessionView): Promise<void> {
  document.title = tr('Åbne alternativer – Handlefrihed', 'Open-source alternatives – Handlefrihed');
  const state = parseCatalogueState(location.search);
  const status = statusLine(tr('Henter kataloget …', 'Loading the catalogue …'));
  const actions = el('p', { className: 'catalogue-actions' });
  if (canContribute(session)) actions.append(link('/katalog/bidrag', tr('Foreslå et alternativ', 'Propose an alternative')));
  if (canModerate(session)) actions.append(link('/katalog/moderation', tr('Moderation', 'Moderation')));
  main.replaceChildren(
    el('h1', {}, tr('Åbne alternativer', 'Open-source alternatives')),
    el('p', { className: 'lead' }, tr(
      'Open source-software, der kan erstatte kommunernes proprietære systemer: licens, modenhed, udviklingsstatus og hvor mange kommuner der allerede bruger den.',
      "Open-source software that can replace the municipalities' proprietary systems: licence, maturity, development status and how many municipalities already use it.",
    )),
    coverageLine(),
    actions,
    status,
  );
  let all: AlternativeRow[];
  try {
    all = (await fetchAllAlternatives()).items;
  } catch (err) {
    status.replaceWith(errorLine(`${tr('Kataloget kunne ikke hentes', 'The catalogue could not be loaded')}: ${reason(err)}`));
    return;
  }
  const results = el('div', { id: 'catalogue-results' });
  const form = filterForm(all, state, (next) => void apply(next, true));
  const downloads = el('p', { className: 'downloads' });
  main.append(form, downloads, results);

  let current = 0;
  async function apply(next: CatalogueState, push: boolean): Promise<void> {
    if (push) {
      const url = `/katalog${catalogueQueryString(next)}`;
      if (url !== location.pathname + location.search) history.pushState(null, '', url);
    }
    const mine = ++current;
    status.classList.remove('error');
    status.textContent = tr('Søger …', 'Searching …');
    downloads.replaceChildren(
      el('span', {}, tr('Hent listen:', 'Download the list:')), ' ',
      el('a', { attrs: { href: alternativesApiQuery(next, { format: 'csv', lang: lang() }), download: '' } }, tr('CSV', 'CSV')), ' · ',
      el('a', { attrs: { href: alternativesApiQuery(next, { format: 'xlsx', lang: lang() }), download: '' } }, tr('Excel (XLSX)', 'Excel (XLSX)')),
    );
    try {
      const page = await fetchAlternatives(next);
      if (mine !== current) return;
      const rows = next.sort === 'name' ? [...page.items].sort((a, b) => collator.compare(a.name, b.name)) : page.items;
      results.replaceChildren(resultsTable(rows, next));
      status.textContent = countText(page.total, isFiltered(next));
    } catch (err) {
      if (mine !== current) return;
      results.replaceChildren();
      status.textContent = `${tr('Søgningen mislykkedes', 'The search failed')}: ${reason(err)}`;
      status.classList.add('error');
    }
  }
  await apply(state, false);
}

function filterForm(all: AlternativeRow[], state: CatalogueState, onChange: (s: CatalogueState) => void): HTMLFormElement {
  const any = tr('Alle', 'All');
  const used = new Set(all.flatMap((a) => a.categories));
  const categories = PUBLICCODE_VOCABULARY.categories.filter((c) => used.has(c) || c === state.category).sort((a, b) => collator.compare(categoryName(a, lang()), categoryName(b, lang())));
  const licenses = licenseIds(all.map((a) => a.spdxLicense));
  if (state.license && !licenses.includes(state.license)) licenses.push(state.license);
  licenses.sort((a, b) => collator.compare(a, b));

  const search = el('input', { id: 'catalogue-search', attrs: { type: 'search', name: 'search', autocomplete: 'off' } });
  search.value = state.search;
  const category = select('filter-category', tr('Kategori', 'Category'), [['', any], ...categories.map((c): [string, string] => [c, categoryName(c, lang())])], state.category);
  const license = select('filter-license', tr('Licens (SPDX)', 'Licence (SPDX)'), [['', any], ...licenses.map((l): [string, string] => [l, l])], state.license);
  const status = select('filter-status', tr('Udviklingsstatus', 'Development status'), [['', any], ...PUBLICCODE_VOCABULARY.developmentStatus.map((s): [string, string] => [s, developmentStatusLabel(s)])], state.developmentStatus);
  const maturity = select(
    'filter-maturity',
    tr('Modenhed (AMS)', 'Maturity (AMS)'),
    [['', any], ...MATURITY_STEPS.map((m): [string, string] => [String(m), tr(`Mindst ${m}`, `At least ${m}`)])],
    state.minMaturity === null ? '' : String(state.minMaturity),
  );
  const sort = select('filter-sort', tr('Sortér efter', 'Sort by'), [
    ['name', tr('Navn', 'Name')],
    ['maturity', tr('Modenhed, højeste først', 'Maturity, highest first')],
    ['municipalities', tr('Antal kommuner, flest først', 'Municipalities, most first')],
  ], state.sort);

  const read = (): CatalogueState => ({
    search: search.value,
    category: category.control.value,
    license: license.control.value,
    developmentStatus: status.control.value,
    minMaturity: maturity.control.value === '' ? null : Number(maturity.control.value),
    sort: sort.control.value as CatalogueSort,
  });
  const reset = el('button', { className: 'link-button', attrs: { type: 'button' } }, tr('Nulstil', 'Reset'));
  const form = el(
    'form',
    { className: 'catalogue-filters', role: 'search', attrs: { 'aria-label': tr('Søg i kataloget', 'Search the catalogue') } },
    el('div', { className: 'filter search' }, el('label', { attrs: { for: 'catalogue-search' } }, tr('Søg i navn og beskrivelse', 'Search names and descriptions')), search),
    category.wrapper,
    license.wrapper,
    status.wrapper,
    maturity.wrapper,
    sort.wrapper,
    el('div', { className: 'filter buttons' }, el('button', { attrs: { type: 'submit' } }, tr('Søg', 'Search')), ' ', reset),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onChange(read());
  });
  // A choice applies at once; the focus stays on the control.
  for (const s of [category, license, status, maturity, sort]) s.control.addEventListener('change', () => onChange(read()));
  reset.addEventListener('click', () => {
    search.value = '';
    for (const s of [category, license, status, maturity]) s.control.value = '';
    sort.control.value = 'name';
    onChange(read());
  });
  return form;
}

function resultsTable(rows: AlternativeRow[], state: CatalogueState): HTMLElement {
  if (!rows.length) return el('p', {}, tr('Prøv en anden søgning, eller nulstil filtrene.', 'Try another search, or reset the filters.'));
  const sortedBy = state.sort === 'name' ? 0 : state.sort === 'maturity' ? 3 : 5;
  const heads = [tr('Navn', 'Name'), tr('Erstatter', 'Replaces'), tr('Licens (SPDX)', 'Licence (SPDX)'), tr('Modenhed (AMS 0–100)', 'Maturity (AMS 0–100)'), tr('Udviklingsstatus', 'Development status'), tr('Kommuner, der bruger det', 'Municipalities using it')];
  const numeric = new Set([3, 5]);
  const head = el('tr', {}, ...heads.map((h, i) => el('th', { className: numeric.has(i) ? 'num' : '', attrs: { scope: 'col', ...(i === sortedBy ? { 'aria-sort': i === 0 ? 'ascending' : 'descending' } : {}) } }, h)));
  const body = rows.map((a) =>
    el(
      'tr',
      { data: { id: String(a.id) } },
      el('th', { attrs: { scope: 'row' } }, link(`/katalog/${a.id}`, a.name), ...moderationTag(a.moderationState).map((t) => el('span', {}, ' ', t))),
      el('td', {}, a.replaces.length ? [...a.replaces].sort((x, y) => collator.compare(x, y)).join(', ') : '–'),
      el('td', {}, licenceText(a.spdxLicense)),
      el('td', { className: 'num' }, formatAms(a.ams)),
      el('td', {}, developmentStatusLabel(a.developmentStatus)),
      el('td', { className: 'num' }, formatInteger(a.municipalityCount)),
    ),
  );
  return el(
    'div',
    { className: 'table-scroll' },
    el('table', { className: 'data-table catalogue-table', id: 'catalogue-table' }, el('caption', {}, tr('Åbne alternativer', 'Open-source alternatives')), el('thead', {}, head), el('tbody', {}, ...body)),
  );
}
