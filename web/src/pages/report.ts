// The report for decision makers (route /kommuner/{code}/rapport, `?scenarie=ID` for a saved
// scenario): the dashboard's key figures and vendor reach, the best exit paths with their
// windows, the chosen scenario's before/after, and the method with its confidence — one page
// that prints (or saves as PDF from the print dialog) as a council paper. Nothing here computes:
// every figure comes from the same API the dashboard, exit-path and scenario pages use.
import './solutions.css';
import type { SessionView } from '../../../server/src/api-types.ts';
import { fetchMunicipality, fetchMunicipalities, fetchMunicipalityScore, type MunicipalityScoreView } from '../data/api.ts';
import { fetchExitPaths, fetchScenario, fetchScenarios, type Scenario } from '../data/solutions.ts';
import { el } from '../dom.ts';
import { formatDay } from '../format.ts';
import { errorLine, statusLine } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { exitPathTable, num, pct, topPaths } from './exit-paths.ts';
import { headline, reachSection, todayIso } from './municipality.ts';
import { reason } from './refusal.ts';
import { scenarioResult } from './scenario-result.ts';

/** How many exit paths the report lists. */
const TOP_PATHS = 10;

const section = (id: string, heading: string, ...content: (Node | string)[]) =>
  el('section', { className: 'panel report-section', attrs: { 'aria-labelledby': id } }, el('h2', { id }, heading), ...content);

/** `?scenarie=12` → 12; null without a (valid) choice. */
export function chosenScenario(search: string): number | null {
  const v = new URLSearchParams(search).get('scenarie');
  return v && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export async function renderReport(main: HTMLElement, code: number, session?: SessionView): Promise<void> {
  const scenarioId = chosenScenario(location.search);
  const status = statusLine(tr('Samler rapporten …', 'Assembling the report …'));
  const h1 = el('h1', {}, tr(`Digital handlefrihed – kommune ${code}`, `Digital freedom of action – municipality ${code}`));
  main.replaceChildren(el('p', { className: 'back' }, link(`/kommuner/${code}`, tr('← Kommunens overblik', "← The municipality's dashboard"))), h1, status);
  const [muni, score, paths, municipalities, scenarios, scenario] = await Promise.allSettled([
    fetchMunicipality(code),
    fetchMunicipalityScore(code),
    fetchExitPaths(code),
    fetchMunicipalities(),
    fetchScenarios(code),
    scenarioId === null ? Promise.resolve(null) : fetchScenario(code, scenarioId),
  ]);
  const name = muni.status === 'fulfilled' ? muni.value.name : tr(`Kommune ${code}`, `Municipality ${code}`);
  h1.textContent = tr(`${name}: digital handlefrihed`, `${name}: digital freedom of action`);
  document.title = tr(`Rapport: ${name} – Handlefrihed`, `Report: ${name} – Handlefrihed`);
  if (score.status === 'rejected') {
    status.replaceWith(errorLine(tr(`${name}s score kunne ikke hentes: ${reason(score.reason)}`, `The score of ${name} could not be loaded: ${reason(score.reason)}`)));
    return;
  }
  const view = score.value;
  const printButton = el('button', { className: 'print-button', attrs: { type: 'button' } }, tr('Udskriv eller gem som PDF', 'Print or save as PDF'));
  printButton.addEventListener('click', () => print());
  const names = new Map(municipalities.status === 'fulfilled' ? municipalities.value.items.map((m) => [String(m.code), m.name]) : []);

  const top = paths.status === 'fulfilled' ? topPaths(paths.value.paths, TOP_PATHS) : [];
  const pathsContent =
    paths.status === 'fulfilled'
      ? top.length
        ? [
            el('p', {}, tr(
              `De ${top.length} bedste udskiftninger, der løser samme opgave som systemet: først de anbefalede, så dem der skal vurderes, hver gruppe efter hvor meget kommunens exitprioritet falder pr. indsatspoint. Idéer, der kun deler kategori med systemet, er ikke med. Exitvinduet er den første dato, hvor kontrakten kan forlades uden bod (★: inden for de næste 24 måneder).`,
              `The ${top.length} best replacements that do the same task as the system: recommended ones first, then those to assess, each group by how much the municipality's exit priority falls per effort point. Ideas that only share the system's category are left out. The exit window is the first date the contract can be left without penalty (★: within the next 24 months).`,
            )),
            el('div', { className: 'table-scroll' }, exitPathTable(code, top, names, tr('De bedste exitveje', 'The best exit paths'), paths.value.asOf)),
          ]
        : [el('p', {}, tr('Ingen udskiftning, der løser samme opgave, sænker bindingen for kommunens højest prioriterede systemer.', "No replacement doing the same task lowers the lock-in of the municipality's highest-priority systems."))]
      : [errorLine(tr(`Exitvejene kunne ikke hentes: ${reason(paths.reason)}`, `The exit paths could not be loaded: ${reason(paths.reason)}`))];

  main.append(
    el('p', { className: 'report-meta' },
      tr(`Rapport dannet ${formatDay(todayIso())}. Tallene er opgjort pr. ${formatDay(view.asOf)} med model ${view.score.model}.`,
        `Report made on ${formatDay(todayIso())}. Figures as of ${formatDay(view.asOf)}, model ${view.score.model}.`),
      ' ', printButton),
    headline(view),
    reachSection(view),
    section('report-paths-heading', tr('Exitveje', 'Exit paths'), ...pathsContent),
    section('report-scenario-heading', tr('Scenarie', 'Scenario'), ...scenarioContent(code, name, scenarioId, scenarios, scenario)),
    section('report-method-heading', tr('Metode og datasikkerhed', 'Method and confidence'), ...methodContent(view)),
  );
  status.textContent = tr(`Rapporten for ${name} er klar.`, `The report for ${name} is ready.`);
}

type Settled<T> = PromiseSettledResult<T>;

function scenarioContent(
  code: number,
  name: string,
  id: number | null,
  list: Settled<{ items: Scenario[] }>,
  chosen: Settled<Awaited<ReturnType<typeof fetchScenario>> | null>,
): (Node | string)[] {
  const saved = list.status === 'fulfilled' ? list.value.items : [];
  const choices = saved.length
    ? [el('nav', { className: 'report-choices', attrs: { 'aria-label': tr('Vælg scenarie', 'Choose a scenario') } },
        el('span', {}, tr('Vis et gemt scenarie: ', 'Show a saved scenario: ')),
        el('ul', {}, ...saved.map((s) => el('li', {}, link(`/kommuner/${code}/rapport?scenarie=${s.id}`, s.name))))),
      ]
    : [];
  if (id === null) {
    return [
      el('p', {}, tr('Intet scenarie er valgt. ', 'No scenario is chosen. '), link(`/kommuner/${code}/scenarier`, tr('Byg et scenarie', 'Build a scenario'))),
      ...choices,
    ];
  }
  if (chosen.status === 'rejected' || chosen.value === null) {
    return [errorLine(tr(`Scenarie ${id} kunne ikke hentes: ${chosen.status === 'rejected' ? reason(chosen.reason) : ''}`, `Scenario ${id} could not be loaded: ${chosen.status === 'rejected' ? reason(chosen.reason) : ''}`)), ...choices];
  }
  const c = chosen.value;
  const replacements = c.scenario.replacements.map((r) => `${r.productName} → ${r.alternativeName}${r.from ? tr(` fra ${formatDay(r.from)}`, ` from ${formatDay(r.from)}`) : ''}`).join('; ');
  return [
    el('p', {}, el('strong', {}, c.scenario.name), ': ', replacements, '.'),
    ...scenarioResult(c, name, 'report-scenario'),
    ...choices,
  ];
}

function methodContent(view: MunicipalityScoreView): HTMLElement[] {
  const s = view.score;
  const conf = s.confidence;
  const level = lang() === 'da' ? conf.level : ({ lav: 'low', middel: 'medium', høj: 'high' } as const)[conf.level];
  const coverageBasis = {
    spend: tr('andel af kommunens it-udgifter, som oversigten dækker', "share of the municipality's IT spend the inventory covers"),
    'system-count': tr('antal systemer mod sammenlignelige kommuner (skønnet)', 'number of systems against comparable municipalities (estimated)'),
    none: tr('ikke vurderet', 'not assessed'),
  }[conf.coverage.basis];
  const rows: Array<[string, string]> = [
    [tr('Model', 'Model'), s.model],
    [tr('Datasikkerhed', 'Confidence'), `${level} (${num(conf.value, 2)})${conf.provisional ? tr(' – foreløbig', ' – provisional') : ''}`],
    [tr('Dækning', 'Coverage'), `${pct(conf.coverage.value)} (${coverageBasis})`],
    [tr('Gennemsnitlig sikkerhed pr. system', 'Mean confidence per system'), num(conf.meanSystemConfidence, 2)],
    [tr('Eksponering med ukendt kritikalitet', 'Exposure with unknown criticality'), pct(s.lockin.unknownCriticalityShare)],
    [tr('Højeste mulige L, hvis ukendt kritikalitet', 'Highest possible L given unknown criticality'), num(s.lockin.Lmax)],
    [tr('Kritiske systemer med testet exitplan', 'Critical systems with a tested exit plan'), s.exitReadiness.coverage === null ? '–' : `${s.exitReadiness.ready} / ${s.exitReadiness.criticalSystems} (${pct(s.exitReadiness.coverage)})`],
  ];
  return [
    el('p', {}, tr(
      'Hvert system får en binding L fra 0 til 100 som et vægtet gennemsnit af ni faktorer: dataportabilitet, åbne snitflader, integrationer, kontraktbinding, udskiftelighed, teknologisk åbenhed, driftskontrol, jurisdiktion og exitparathed. Kommunens L er gennemsnittet vægtet med systemernes kritikalitet. Ukendte oplysninger tæller som ugunstige, så manglende data aldrig giver en bedre score; datasikkerheden siger, hvor meget af tallet der bygger på kendte oplysninger.',
      "Each system gets a lock-in L from 0 to 100, a weighted mean of nine factors: data portability, open interfaces, integrations, contractual binding, substitutability, technology openness, operational control, jurisdiction and exit readiness. The municipality's L is the mean weighted by the systems' criticality. Unknown facts count as unfavourable, so missing data never gives a better score; the confidence says how much of the figure rests on known facts.",
    )),
    el('p', {}, tr(
      'Exitvejene sorteres efter fald i exitprioritet (eksponering × faldet i L) pr. indsatspoint, hvor indsatsen samler datamigrering (F1), integrationer, der skal genopbygges (F3 og integrationsgrafen), brugere, der skal omskoles, og tid til kontraktens exitvindue (F4). Hele metoden står i docs/methodology.md.',
      'Exit paths are sorted by the fall in exit priority (exposure × the fall in L) per effort point, where effort adds data migration (F1), integrations to rebuild (F3 and the integration graph), users to retrain and the time to the contract’s exit window (F4). The full method is in docs/methodology.md.',
    )),
    el('table', { className: 'data-table report-method' },
      el('caption', {}, tr('Metode og datasikkerhed', 'Method and confidence')),
      el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', { attrs: { scope: 'row' } }, k), el('td', {}, v))))),
  ];
}
