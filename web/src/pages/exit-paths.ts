// A municipality's ranked exit paths (route /kommuner/{code}/exitveje): for the systems with the
// highest exit priority, the candidate replacements with lock-in after migration, switching
// effort, exit window, maturity and who already runs them — by exit-priority reduction per
// effort point (docs/methodology.md, "Exitveje og scenarier"). Each row links to a scenario with that replacement.
import './solutions.css';
import { formatPercent, numberFormat } from '../charts/common.ts';
import { fetchMunicipalities, fetchMunicipality } from '../data/api.ts';
import { type ExitPath, fetchExitPaths } from '../data/solutions.ts';
import { el } from '../dom.ts';
import { formatDay, systemLabel } from '../format.ts';
import { formatAms, knownMetricsText } from './catalogue-ui.ts';
import { errorLine, statusLine } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { systemHref } from '../system-href.ts';
import { forbidden, reason } from './refusal.ts';

/** How many ranked rows the table shows at first. */
const FIRST_ROWS = 50;

export const num = (x: number | null | undefined, digits = 1) => (x == null ? '–' : numberFormat(lang(), { minimumFractionDigits: digits, maximumFractionDigits: digits })(x));
export const pct = (x: number | null | undefined) => (x == null ? '–' : formatPercent(lang(), 1)(x));
export const kindLabel = (kind: ExitPath['candidate']['kind']) => (kind === 'open_source' ? tr('Open source', 'Open source') : tr('Anden leverandør', 'Other vendor'));

/** Why a candidate is offered: the catalogue maps it onto the product, or it only shares its category. */
export const basisLabel = (basis: ExitPath['candidate']['basis']) =>
  basis === 'catalogue' ? tr('Kataloget angiver det som alternativ.', 'The catalogue lists it as an alternative.') : tr('Samme kategori – om det dækker behovet, skal vurderes.', 'Same category – whether it meets the need must be assessed.');

/** The scenario page with one replacement filled in. */
export const scenarioHref = (code: number, p: ExitPath) => `/kommuner/${code}/scenarier?erstat=${encodeURIComponent(`product:${p.usage.productId}=${p.candidate.ref}`)}`;

function th(text: string, numeric = false, title?: string) {
  return el('th', { attrs: { scope: 'col', ...(numeric ? { class: 'num' } : {}), ...(title ? { title } : {}) } }, text);
}
const td = (content: string | Node, numeric = false) => el('td', numeric ? { className: 'num' } : {}, content);

/** The exit date with its notice deadline; a deadline already passed (before `asOf`) is said plainly. */
export function windowText(w: ExitPath['exitWindow'], asOf: string): string {
  if (w.nextExit === null) return tr('ukendt', 'unknown');
  if (w.noticeBy && w.noticeBy < asOf) return tr(`${formatDay(w.nextExit)}; opsigelsesfristen ${formatDay(w.noticeBy)} er overskredet`, `${formatDay(w.nextExit)}; the notice deadline ${formatDay(w.noticeBy)} has passed`);
  const notice = w.noticeBy ? tr(`; opsig senest ${formatDay(w.noticeBy)}`, `; notice by ${formatDay(w.noticeBy)}`) : '';
  return `${formatDay(w.nextExit)}${notice}${w.withinWindow ? ' ★' : ''}`;
}

function runByText(codes: string[], names: Map<string, string>) {
  if (codes.length === 0) return tr('Ingen endnu', 'None yet');
  const shown = codes.slice(0, 3).map((c) => names.get(c) ?? c);
  const more = codes.length - shown.length;
  return `${codes.length}: ${shown.join(', ')}${more > 0 ? tr(` og ${more} andre`, ` and ${more} more`) : ''}`;
}

export function exitPathTable(code: number, paths: ExitPath[], names: Map<string, string>, caption: string, asOf: string): HTMLTableElement {
  const head = el('tr', {},
    th(tr('Rang', 'Rank'), true), th(tr('System', 'System')), th(tr('Erstatning', 'Replacement')),
    th(tr('Binding nu → efter', 'Lock-in now → after'), true), th(tr('Fald i prioritet', 'Priority reduction'), true, 'e · (L_nu − L_efter)'),
    th(tr('Indsats (point)', 'Effort (points)'), true, tr('1 + data + integrationer + brugere + kontrakt', '1 + data + integrations + users + contract')),
    th(tr('Fald pr. point', 'Reduction per point'), true), th(tr('Exitvindue', 'Exit window')), th(tr('Modenhed (AMS)', 'Maturity (AMS)'), true),
    th(tr('Kører allerede i', 'Already run by')), th(tr('Anbefalet', 'Recommended')));
  const rows = paths.map((p) => {
    const e = p.effort;
    const effort = el('span', { attrs: { title: `1 + ${num(e.dataMigration)} + ${num(e.integrationRework)} + ${num(e.retraining)} + ${num(e.contractTiming)}` } }, num(e.total));
    return el('tr', { data: { usage: p.usage.id, candidate: p.candidate.ref } },
      td(String(p.rank), true),
      el('th', { attrs: { scope: 'row' } }, link(p.usage.key ? systemHref(code, p.usage.key) : `/systemer/${p.usage.id}`, p.usage.name ? systemLabel(p.usage.name, p.usage.productName) : p.usage.productName)),
      td(el('span', {}, p.candidate.name, el('span', { className: 'kind' }, ` (${kindLabel(p.candidate.kind)}${p.candidate.vendorName ? `, ${p.candidate.vendorName}` : ''}) `),
        el('span', { className: `basis basis-${p.candidate.basis}` }, basisLabel(p.candidate.basis), ' '),
        el('span', { className: 'try' }, link(scenarioHref(code, p), tr(`Prøv ${p.candidate.name} i et scenarie`, `Try ${p.candidate.name} in a scenario`))))),
      td(`${num(p.usage.L)} (${p.usage.band}) → ${num(p.after.L)} (${p.after.band})`, true),
      td(num(p.priorityReduction, 0), true),
      td(effort, true),
      td(num(p.value), true),
      td(windowText(p.exitWindow, asOf)),
      td(p.candidate.maturity ? `${formatAms(p.candidate.maturity.ams, (n) => num(n, 0))} (${knownMetricsText(p.candidate.maturity)})` : '–', true),
      td(runByText(p.candidate.runBy, names)),
      td(p.recommended ? tr('Ja', 'Yes') : tr('Nej', 'No')),
    );
  });
  return el('table', { className: 'data-table exit-paths' }, el('caption', {}, caption), el('thead', {}, head), el('tbody', {}, ...rows));
}

export async function renderExitPaths(main: HTMLElement, code: number): Promise<void> {
  const title = tr(`Exitveje – kommune ${code}`, `Exit paths – municipality ${code}`);
  document.title = `${title} – Handlefrihed`;
  const h1 = el('h1', {}, title);
  const status = statusLine(tr('Beregner exitveje …', 'Computing exit paths …'));
  main.replaceChildren(el('p', { className: 'back' }, link(`/kommuner/${code}`, tr('← Kommunens overblik', "← The municipality's dashboard"))), h1, status);
  const [muni, result, municipalities] = await Promise.allSettled([fetchMunicipality(code), fetchExitPaths(code), fetchMunicipalities()]);
  const name = muni.status === 'fulfilled' ? muni.value.name : tr(`kommune ${code}`, `municipality ${code}`);
  h1.textContent = tr(`Exitveje – ${name}`, `Exit paths – ${name}`);
  document.title = `${h1.textContent} – Handlefrihed`;
  if (result.status === 'rejected') {
    status.replaceWith(errorLine(forbidden(result.reason)
      ? tr('Du har ikke adgang til kommunens it-oversigt, så exitvejene kan ikke vises.', "You may not see the municipality's IT inventory, so its exit paths cannot be shown.")
      : `${tr('Exitvejene kunne ikke beregnes', 'The exit paths could not be computed')}: ${reason(result.reason)}`));
    return;
  }
  const r = result.value;
  const names = new Map((municipalities.status === 'fulfilled' ? municipalities.value.items : []).map((m) => [String(m.code), m.name]));
  const intro = el('p', { className: 'lead' }, tr(
    `For de ${r.systemsConsidered} af ${r.systemCount} systemer med højest exitprioritet: erstatninger, der sænker bindingen, sorteret efter hvor meget kommunens samlede exitprioritet falder pr. indsatspoint. Indsatsen tæller datamigrering (F1), integrationer (F3 og antal at genopbygge), brugere at omskole og ventetid til exitvinduet. Beregnet pr. ${formatDay(r.asOf)} med model ${r.model}.`,
    `For the ${r.systemsConsidered} of ${r.systemCount} systems with the highest exit priority: replacements that lower the lock-in, by how much the municipality's total exit priority falls per effort point. Effort counts data migration (F1), integrations (F3 and the number to rebuild), users to retrain and the wait for the exit window. Computed as of ${formatDay(r.asOf)} with model ${r.model}.`,
  ));
  const star = el('p', { className: 'chart-note' }, tr('★ = exitvinduet åbner inden for 24 måneder. Indsatsens dele vises, når markøren holdes over tallet.', '★ = the exit window opens within 24 months. Hover over the effort to see its parts.'));
  const method = el('p', { className: 'chart-note' }, tr('Reglen er beskrevet i metodebeskrivelsen under «Exitveje og scenarier».', 'The rule is described in the methodology under “Exit paths and scenarios”.'));
  const section = el('section', { className: 'panel', id: 'exit-paths', attrs: { 'aria-labelledby': 'exit-paths-heading' } }, el('h2', { id: 'exit-paths-heading' }, tr('Rangerede exitveje', 'Ranked exit paths')));
  if (r.paths.length === 0) {
    section.append(el('p', {}, tr('Kataloget har ingen erstatning, der sænker bindingen for disse systemer.', 'The catalogue has no replacement that lowers the lock-in of these systems.')));
  } else {
    const caption = tr(`${r.paths.length} exitveje for ${name}, bedste først`, `${r.paths.length} exit paths for ${name}, best first`);
    const wrap = el('div', { className: 'table-scroll' }, exitPathTable(code, r.paths.slice(0, FIRST_ROWS), names, caption, r.asOf));
    section.append(wrap);
    if (r.paths.length > FIRST_ROWS) {
      const more = el('button', { className: 'more-button', attrs: { type: 'button' } }, tr(`Vis alle ${r.paths.length}`, `Show all ${r.paths.length}`));
      more.addEventListener('click', () => {
        wrap.replaceChildren(exitPathTable(code, r.paths, names, caption, r.asOf));
        more.remove();
        (wrap.querySelector('tbody tr:nth-child(51) th a') as HTMLElement | null)?.focus();
      });
      section.append(el('p', {}, more));
    }
  }
  if (r.withoutCandidate > 0) {
    section.append(el('p', { className: 'chart-note' }, tr(
      `${r.withoutCandidate} af systemerne har ingen erstatning i kataloget, der sænker bindingen.`,
      `${r.withoutCandidate} of the systems have no replacement in the catalogue that lowers the lock-in.`,
    )));
  }
  main.append(intro, method, star, el('p', {}, link(`/kommuner/${code}/scenarier`, tr('Byg et scenarie med flere udskiftninger →', 'Build a scenario with several replacements →'))), section);
  status.textContent = tr(`${r.paths.length} exitveje for ${name}.`, `${r.paths.length} exit paths for ${name}.`);
}
