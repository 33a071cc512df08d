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
import { label } from '../../../server/src/domain/labels.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { systemHref } from '../system-href.ts';
import { forbidden, reason } from './refusal.ts';

/** How many ranked rows the table shows at first. */
const FIRST_ROWS = 50;

export const num = (x: number | null | undefined, digits = 1) => (x == null ? '–' : numberFormat(lang(), { minimumFractionDigits: digits, maximumFractionDigits: digits })(x));
export const pct = (x: number | null | undefined) => (x == null ? '–' : formatPercent(lang(), 1)(x));
export const kindLabel = (kind: ExitPath['candidate']['kind']) => (kind === 'open_source' ? tr('Open source', 'Open source') : tr('Anden leverandør', 'Other vendor'));

// The labels as written ("E-mail", "Kalender"): lower-cased, a label such as "e-mail" would read as its code.
const terms = (list: string[]) => list.map((t) => label('function', t, lang())).join(', ');

/**
 * Why a candidate is offered: the tasks it shares with the system ("Samme opgave: E-mail, Kalender",
 * and the system's tasks it does not cover), or — an idea to assess — only the category.
 */
export function basisLabel(p: Pick<ExitPath, 'candidate'> & { usage: Pick<ExitPath['usage'], 'functions'> }): string {
  if (p.candidate.basis === 'category') return tr('Idé – skal vurderes: kun samme kategori, ingen fælles opgave kendt.', 'Idea – to be assessed: same category only, no shared task known.');
  const shared = new Set(p.candidate.sharedFunctions);
  const missing = p.usage.functions.filter((t) => !shared.has(t));
  const rest = missing.length ? tr(` Dækker ikke: ${terms(missing)}.`, ` Does not cover: ${terms(missing)}.`) : '';
  return tr(`Samme opgave: ${terms(p.candidate.sharedFunctions)}.`, `Same task: ${terms(p.candidate.sharedFunctions)}.`) + rest;
}

/** The report's and page's word for a path: recommended, or an idea to assess (the basis says why). */
export const recommendedText = (p: ExitPath) => (p.recommended ? tr('Ja', 'Yes') : tr('Nej – idé, skal vurderes', 'No – idea, to be assessed'));

/**
 * The report's top list: task matches only (never a category-only idea), recommended first, each
 * group in rank order.
 */
export function topPaths(paths: ExitPath[], n: number): ExitPath[] {
  const matches = paths.filter((p) => p.candidate.basis === 'function');
  return [...matches.filter((p) => p.recommended), ...matches.filter((p) => !p.recommended)].slice(0, n);
}

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
        el('span', { className: `basis basis-${p.candidate.basis}` }, basisLabel(p), ' '),
        el('span', { className: 'try' }, link(scenarioHref(code, p), tr(`Prøv ${p.candidate.name} i et scenarie`, `Try ${p.candidate.name} in a scenario`))))),
      td(`${num(p.usage.L)} (${p.usage.band}) → ${num(p.after.L)} (${p.after.band})`, true),
      td(num(p.priorityReduction, 0), true),
      td(effort, true),
      td(num(p.value), true),
      td(windowText(p.exitWindow, asOf)),
      td(p.candidate.maturity ? `${formatAms(p.candidate.maturity.ams, (n) => num(n, 0))} (${knownMetricsText(p.candidate.maturity)})` : '–', true),
      td(runByText(p.candidate.runBy, names)),
      td(recommendedText(p)),
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
  const matches = r.paths.filter((p) => p.candidate.basis === 'function');
  const ideas = r.paths.filter((p) => p.candidate.basis === 'category');
  const section = el('section', { className: 'panel', id: 'exit-paths', attrs: { 'aria-labelledby': 'exit-paths-heading' } }, el('h2', { id: 'exit-paths-heading' }, tr('Rangerede exitveje', 'Ranked exit paths')),
    el('p', { className: 'chart-note' }, tr(
      'Erstatninger, der løser samme opgave som systemet (fælles funktion i kataloget eller via systemets KLE-numre). Kun de kan være anbefalede.',
      'Replacements that do the same task as the system (a shared function in the catalogue, or via the system\'s KLE numbers). Only these can be recommended.',
    )));
  section.append(...pathTable(code, matches, names, tr(`${matches.length} exitveje for ${name}, bedste først`, `${matches.length} exit paths for ${name}, best first`), r.asOf,
    tr('Kataloget har ingen erstatning, der løser samme opgave og sænker bindingen for disse systemer.', 'The catalogue has no replacement that does the same task and lowers the lock-in of these systems.')));
  if (r.withoutTaskMatch > 0) {
    section.append(el('p', { className: 'chart-note' }, tr(
      `${r.withoutTaskMatch} af systemerne har ingen erstatning i kataloget, der løser samme opgave og sænker bindingen.`,
      `${r.withoutTaskMatch} of the systems have no replacement in the catalogue that does the same task and lowers the lock-in.`,
    )));
  }
  const ideaSection = el('section', { className: 'panel', id: 'exit-ideas', attrs: { 'aria-labelledby': 'exit-ideas-heading' } }, el('h2', { id: 'exit-ideas-heading' }, tr('Idéer at vurdere', 'Ideas to assess')),
    el('p', { className: 'chart-note' }, tr(
      'Erstatninger i samme kategori, hvor kataloget ikke kender en fælles opgave. Om de dækker behovet, skal vurderes; de anbefales aldrig og kommer ikke med i rapportens topliste.',
      'Replacements of the same category for which the catalogue knows no shared task. Whether they meet the need must be assessed; they are never recommended and never in the report\'s top list.',
    )));
  ideaSection.append(...pathTable(code, ideas, names, tr(`${ideas.length} idéer for ${name}`, `${ideas.length} ideas for ${name}`), r.asOf, tr('Ingen idéer ud over exitvejene ovenfor.', 'No ideas beyond the exit paths above.')));
  main.append(intro, method, star, el('p', {}, link(`/kommuner/${code}/scenarier`, tr('Byg et scenarie med flere udskiftninger →', 'Build a scenario with several replacements →'))), section, ideaSection);
  status.textContent = tr(`${matches.length} exitveje og ${ideas.length} idéer for ${name}.`, `${matches.length} exit paths and ${ideas.length} ideas for ${name}.`);
}

/** A ranked table showing its first rows, with a button for the rest; a sentence when empty. */
function pathTable(code: number, paths: ExitPath[], names: Map<string, string>, caption: string, asOf: string, empty: string): HTMLElement[] {
  if (paths.length === 0) return [el('p', {}, empty)];
  const wrap = el('div', { className: 'table-scroll' }, exitPathTable(code, paths.slice(0, FIRST_ROWS), names, caption, asOf));
  if (paths.length <= FIRST_ROWS) return [wrap];
  const more = el('button', { className: 'more-button', attrs: { type: 'button' } }, tr(`Vis alle ${paths.length}`, `Show all ${paths.length}`));
  more.addEventListener('click', () => {
    wrap.replaceChildren(exitPathTable(code, paths, names, caption, asOf));
    more.remove();
    (wrap.querySelector(`tbody tr:nth-child(${FIRST_ROWS + 1}) th a`) as HTMLElement | null)?.focus();
  });
  return [wrap, el('p', {}, more)];
}
