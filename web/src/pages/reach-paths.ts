// "Hvorfor?" on the vendor page: for one municipality, the systems behind the vendor's reach
// figure, each with the path that reaches it (system → via → vendor, each step's kind and weight),
// its weight ρ*, its exposure and its contribution; the contributions add up to the figure shown
// beside them. The municipality comes from the page's address (?kommune=0101) or the chooser.
import { label } from '../../../server/src/domain/labels.ts';
import { formatPercent, numberFormat } from '../charts/common.ts';
import { fetchVendorDependency, type VendorDependency } from '../data/api.ts';
import { el } from '../dom.ts';
import { errorLine, statusLine } from '../figure.ts';
import { formatDay } from '../format.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { reason } from './refusal.ts';

type Explanation = NonNullable<VendorDependency['explanation']>;
type Explained = Explanation['owner'];
type Path = Explained['paths'][number];

/** The page's query parameter naming the municipality whose paths are shown. */
export const MUNICIPALITY_PARAM = 'kommune';

/** `?kommune=0101` or `?kommune=101` → 101; null when absent or not a municipality code. */
export function chosenMunicipality(search: string): number | null {
  const raw = new URLSearchParams(search).get(MUNICIPALITY_PARAM);
  if (!raw || !/^\d{3,4}$/.test(raw)) return null;
  const code = Number(raw);
  return code >= 100 && code <= 999 ? code : null;
}

/** The vendor page with a municipality's paths open: /leverandoerer/{id}?kommune=0101. */
export const vendorPathsHref = (vendorId: number | string, code: number) => `/leverandoerer/${vendorId}?${MUNICIPALITY_PARAM}=${String(code).padStart(4, '0')}`;

/** Remembers each municipality's explanation for the page's life (one answer holds both groupings). */
export class ExplanationCache {
  readonly #answers = new Map<number, Promise<Explanation>>();
  constructor(readonly vendorId: number) {}
  get(code: number): Promise<Explanation> {
    let answer = this.#answers.get(code);
    if (!answer) {
      answer = fetchVendorDependency(this.vendorId, code).then((d) => {
        if (!d.explanation) throw new Error(tr('Svaret havde ingen forklaring', 'The answer had no explanation'));
        return d.explanation;
      });
      this.#answers.set(code, answer);
    }
    return answer;
  }
}

const pct1 = (n: number) => formatPercent(lang(), 1)(n);
const weightText = (n: number) => numberFormat(lang(), { maximumFractionDigits: 3 })(n);
const points = (n: number) => numberFormat(lang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 })(n * 100);

/**
 * The section: a chooser of the municipalities where the vendor has reach (largest first), and
 * for the chosen one the table of paths in the page's grouping (`alone`: the company itself).
 */
export function whySection(o: {
  vendorName: string;
  municipalities: readonly { municipalityCode: number; name: string; reach: number }[];
  alone: boolean;
  cache: ExplanationCache;
  chosen: number | null;
}): HTMLElement {
  const section = el('section', { className: 'panel', id: 'why', attrs: { 'aria-labelledby': 'why-heading' } },
    el('h2', { id: 'why-heading' }, tr('Hvorfor? Systemerne bag rækkevidden', 'Why? The systems behind the reach')),
    el('p', {}, tr(
      `Vælg en kommune for at se hvert system, der tæller med i ${o.vendorName}s rækkevidde dér: vejen fra systemet til leverandøren, vægten og hvor meget systemet bidrager med. Bidragene giver tilsammen tallet.`,
      `Choose a municipality to see each system that counts in the reach of ${o.vendorName} there: the path from the system to the vendor, its weight and how much the system contributes. The contributions add up to the figure.`,
    )));
  const rows = [...o.municipalities].sort((a, b) => b.reach - a.reach || a.name.localeCompare(b.name, 'da'));
  if (rows.length === 0) return section;
  const select = el('select', { id: 'why-municipality' },
    el('option', { attrs: { value: '' } }, tr('Vælg en kommune', 'Choose a municipality')),
    ...rows.map((m) => el('option', { attrs: { value: String(m.municipalityCode) } }, `${m.name} (${pct1(m.reach)})`)));
  const result = el('div', { id: 'why-result', attrs: { 'aria-live': 'polite' } });
  section.append(el('p', { className: 'why-chooser' }, el('label', { attrs: { for: 'why-municipality' } }, tr('Kommune', 'Municipality')), ' ', select), result);
  const show = (code: number | null) => {
    const row = rows.find((m) => m.municipalityCode === code);
    if (!row) {
      result.replaceChildren();
      return;
    }
    const status = statusLine(tr(`Henter vejene i ${row.name} …`, `Loading the paths in ${row.name} …`));
    result.replaceChildren(status);
    o.cache.get(row.municipalityCode).then(
      (e) => {
        if (select.value !== String(row.municipalityCode)) return;
        result.replaceChildren(...pathTable(e, o.alone ? e.company : e.owner, row.reach, o.vendorName));
      },
      (error: unknown) => {
        if (select.value !== String(row.municipalityCode)) return;
        result.replaceChildren(errorLine(`${tr('Vejene kunne ikke hentes', 'The paths could not be loaded')}: ${reason(error)}`));
      },
    );
  };
  select.addEventListener('change', () => {
    const code = select.value === '' ? null : Number(select.value);
    const url = new URL(location.href);
    if (code === null) url.searchParams.delete(MUNICIPALITY_PARAM);
    else url.searchParams.set(MUNICIPALITY_PARAM, String(code).padStart(4, '0'));
    history.replaceState(history.state, '', url.pathname + url.search);
    show(code);
  });
  if (o.chosen !== null && rows.some((m) => m.municipalityCode === o.chosen)) {
    select.value = String(o.chosen);
    show(o.chosen);
  } else if (o.chosen !== null) {
    result.append(el('p', {}, tr(
      `${o.vendorName} har ingen rækkevidde i kommune ${o.chosen} ifølge dens it-oversigt (eller kommunen tæller ikke med).`,
      `${o.vendorName} has no reach in municipality ${o.chosen} according to its IT inventory (or the municipality does not count).`,
    )));
  }
  return section;
}

/** The figure, the table of paths (largest contribution first) and the sum that equals the figure. */
function pathTable(e: Explanation, x: Explained, figure: number, vendorName: string): HTMLElement[] {
  const code = e.municipalityCode;
  const systemHref = (key: string) => `/kommuner/${code}/systemer/${encodeURIComponent(key)}`;
  const head = el('dl', { className: 'headline', id: 'why-figure' },
    el('div', { className: 'figure-box' },
      el('dt', {}, tr(`Samlet rækkevidde i ${e.name}`, `Total reach in ${e.name}`)),
      el('dd', {}, el('span', { className: 'big' }, pct1(figure)), el('span', { className: 'detail' }, tr(`${x.paths.length} systemer tæller med`, `${x.paths.length} ${x.paths.length === 1 ? 'system counts' : 'systems count'}`)))));
  const columns = [tr('System', 'System'), tr('Vej', 'Path'), tr('Vægt ρ*', 'Weight ρ*'), tr('Eksponering', 'Exposure'), tr('Bidrag (procentpoint)', 'Contribution (percentage points)')];
  const total = x.paths.reduce((s, p) => s + p.contribution, 0);
  const table = el('table', { className: 'data-table', id: 'why-paths' },
    el('caption', {}, tr(
      `Systemerne i ${e.name}, der tæller med i rækkevidden for ${vendorName}, største bidrag først. Model ${e.modelVersion}, opgjort pr. ${formatDay(e.asOf)}.`,
      `The systems in ${e.name} that count in the reach of ${vendorName}, largest contribution first. Model ${e.modelVersion}, as of ${formatDay(e.asOf)}.`,
    )),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
    el('tbody', {}, ...x.paths.map((p) => el('tr', {},
      el('th', { attrs: { scope: 'row' } }, link(systemHref(p.system.usageKey), p.system.name)),
      el('td', { className: 'path' }, ...pathParts(p, systemHref)),
      el('td', { className: 'num' }, weightText(p.rho)),
      el('td', { className: 'num' }, weightText(p.exposure)),
      el('td', { className: 'num' }, points(p.contribution)),
    ))),
    el('tfoot', {}, el('tr', { id: 'why-total' },
      el('th', { attrs: { scope: 'row', colspan: '4' } }, tr(`Sum = ${pct1(total)} = rækkevidden`, `Sum = ${pct1(total)} = the reach`)),
      el('td', { className: 'num' }, points(total)))));
  const note = el('p', { className: 'chart-note' }, tr(
    'Bidrag = systemets eksponering × ρ* ÷ kommunens samlede eksponering. ρ* er produktet af trinenes vægte og vægten af leverandørens rolle; en dataintegration ender altid en vej.',
    "Contribution = the system's exposure × ρ* ÷ the municipality's total exposure. ρ* is the product of the steps' weights and the weight of the vendor's role; a data integration always ends a path.",
  ));
  const parts = reachBreakdown(x.paths);
  const breakdown = el('p', { id: 'why-breakdown' }, tr('Heraf', 'Of which'), ': ', parts.map((b) =>
    `${b.kind === 'own' ? tr('egen rolle på systemet (leverandør, drift, hosting, platform)', 'its own role on the system (supplier, operator, host, platform)') : `${tr('første trin', 'first step')} «${label('dependencyEdge', b.kind, lang())}»`} ${points(b.contribution)} ${tr('procentpoint', 'percentage points')} (${b.systems} ${b.systems === 1 ? 'system' : tr('systemer', 'systems')})`).join('; '), '.');
  return [head, breakdown, el('div', { className: 'table-scroll' }, table), note];
}

/**
 * The figure split by how the vendor is reached: its own role on the system (no step), or the
 * kind of the path's first step (login, data, platform …); largest first. The parts sum to the figure.
 */
export function reachBreakdown(paths: readonly Pick<Path, 'steps' | 'contribution'>[]): { kind: 'own' | Path['steps'][number]['kind']; contribution: number; systems: number }[] {
  const by = new Map<string, { kind: 'own' | Path['steps'][number]['kind']; contribution: number; systems: number }>();
  for (const p of paths) {
    const kind = p.steps.length ? p.steps[0]!.kind : 'own';
    const b = by.get(kind) ?? { kind, contribution: 0, systems: 0 };
    b.contribution += p.contribution;
    b.systems++;
    by.set(kind, b);
  }
  return [...by.values()].sort((a, b) => b.contribution - a.contribution || (a.kind < b.kind ? -1 : 1));
}

/** "Løn → logger ind med (0,75) → Entra ID → Microsoft Corporation som platformsleverandøren (0,75)". */
function pathParts(p: Path, systemHref: (key: string) => string): (Node | string)[] {
  const language = lang();
  const parts: (Node | string)[] = [p.system.name];
  for (const s of p.steps) {
    parts.push(` → ${label('dependencyEdge', s.kind, language)} (${weightText(s.weight)}) → `, link(systemHref(s.to.usageKey), s.to.name));
  }
  const company = p.party.owner.id === p.party.company.id ? p.party.company.name : `${p.party.company.name} (${p.party.owner.name})`;
  const role = label('partyRole', p.party.role, language);
  parts.push(` → ${company} ${tr('som', 'as')} ${role}${p.party.rightsHolder ? tr(', rettighedshaver', ', rights holder') : ''} (${weightText(p.party.weight)})`);
  return parts;
}
