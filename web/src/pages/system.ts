// One system's score (route /kommuner/{kode}/systemer/{key}; /systemer/{usageId} moves there): L and its optimistic bound L_opt, the band
// and the gates that cap it, the nine factors as bars, each factor's rule and inputs with their
// provenance, and the open-source alternatives with the lock-in they would have after migration.
import { numberFormat } from '../charts/common.ts';
import { factorBars, summary as factorSummary, tableRows as factorTable, type FactorRow } from '../charts/factor-bars.ts';
import { fetchMunicipality, fetchSystemAt, fetchUsageAlternatives, fetchUsageScore, type SystemScoreView, type UsageAlternativesView } from '../data/api.ts';
import { systemHref } from '../system-href.ts';
import { el } from '../dom.ts';
import { chartFigure, chartWidth, errorLine, statusLine } from '../figure.ts';
import { collator, formatDay, systemLabel } from '../format.ts';
import { formatAms, knownMetricsText } from './catalogue-ui.ts';
import { lang, tr } from '../i18n.ts';
import { inputSentence, label, VOCABULARIES, type VocabularyName } from '../../../server/src/domain/labels.ts';
import { link } from '../router.ts';
import { missingThemes } from './missing-inputs.ts';
import { forbidden, reason } from './refusal.ts';

type Text = { da: string; en: string };
/** A server text ({da, en}: rules, gates, checks) in the chosen language. */
const say = (t: Text): string => t[lang()];

const whole = () => numberFormat(lang(), { maximumFractionDigits: 0 });
const one = () => numberFormat(lang(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const two = () => numberFormat(lang(), { maximumFractionDigits: 2 });

/** Factor names (lockin-scoring.md §3.3). */
export const factorLabels: Record<string, Text> = {
  F1: { da: 'Dataportabilitet', en: 'Data portability' },
  F2: { da: 'Åbne snitflader', en: 'Open interfaces' },
  F3: { da: 'Integrationsbinding', en: 'Integration lock-in' },
  F4: { da: 'Kontraktbinding', en: 'Contract lock-in' },
  F5: { da: 'Erstattelighed', en: 'Replaceability' },
  F6: { da: 'Teknologisk åbenhed', en: 'Technological openness' },
  F7: { da: 'Driftskontrol', en: 'Operational control' },
  F8: { da: 'Jurisdiktion', en: 'Jurisdiction' },
  F9: { da: 'Exitparathed', en: 'Exit readiness' },
};
const factorLabel = (id: string) => (factorLabels[id] ? say(factorLabels[id]) : id);
/** The model's weights (server/src/scoring/model.json `weights`). */
const weights: Record<string, number> = { F1: 15, F2: 10, F3: 10, F4: 10, F5: 10, F6: 10, F7: 10, F8: 15, F9: 10 };

const provenanceLabel = (p: string) => label('provenance', p, lang());

const flagTexts: Record<string, Text> = {
  jurisdiction: { da: 'ikke-EU-jurisdiktion', en: 'non-EU jurisdiction' },
  'no-exit-route': { da: 'ingen exit-vej', en: 'no exit route' },
  'structural-lockin': { da: 'strukturel binding', en: 'structural lock-in' },
  'critical-without-plan': { da: 'kritisk uden exit-plan', en: 'critical without an exit plan' },
};
const flagText = (f: string) => (flagTexts[f] ? say(flagTexts[f]) : f);

/** An input's name as a sentence ("Exitklausul i kontrakten «…»"), never a field path. */
const inputName = (s: SystemScoreView, n: string) => inputSentence(n, lang(), (id) => s.contractNames[id] ?? null);

/** The server's generic Danish words for values without a vocabulary. */
const inputLabelsEn: Record<string, string> = { ukendt: 'unknown', ja: 'yes', nej: 'no', ingen: 'none', aldrig: 'never' };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

/**
 * An input's value in words: a vocabulary code by its label, a date as "6. dec. 2026", a number
 * through the da-DK formatter (HHI as an integer), a country by its name.
 */
export function inputValue(input: { name: string; value: unknown; unknown: boolean; label: string }): string {
  const language = lang();
  if (input.unknown) return tr('ukendt', 'unknown');
  const field = input.name.replace(/^.*\./, '');
  const v = input.value;
  if (typeof v === 'number') return numberFormat(language, { maximumFractionDigits: field === 'nationalCategoryHhi' ? 0 : 1 })(v);
  if (typeof v === 'boolean') return v ? tr('ja', 'yes') : tr('nej', 'no');
  if (typeof v === 'string') {
    if (ISO_DAY.test(v)) return formatDay(v);
    if (field in VOCABULARIES) return label(field as VocabularyName, v, language);
    if (field === 'country' && /^[A-Z]{2}$/.test(v)) return new Intl.DisplayNames([language === 'da' ? 'da' : 'en-GB'], { type: 'region' }).of(v) ?? v;
  }
  return language === 'da' ? input.label : inputLabelsEn[input.label] ?? input.label;
}
const criticalityEn: Record<string, string> = { low: 'low', medium: 'medium', high: 'high', critical: 'critical' };
const confidenceEn: Record<string, string> = { høj: 'high', middel: 'medium', lav: 'low' };


/**
 * An old /systemer/{usageId} link: the usage row names its system's stable address, where the
 * page moves (replacing the history entry) and shows the current version's data.
 */
export async function renderSystem(main: HTMLElement, usageId: number): Promise<void> {
  const status = statusLine(tr(`Henter system ${usageId} …`, `Loading system ${usageId} …`));
  main.replaceChildren(el('h1', {}, `System ${usageId}`), status);
  try {
    const s = await fetchUsageScore(usageId);
    const href = systemHref(s.municipalityCode, s.usageKey);
    history.replaceState(null, '', href);
    await renderSystemAt(main, Number(s.municipalityCode), s.usageKey);
  } catch (err) {
    status.replaceWith(errorLine(scoreError(err)));
  }
}

/** One system by its stable address (route /kommuner/{kode}/systemer/{key}): the current version's usage. */
export async function renderSystemAt(main: HTMLElement, code: number, usageKey: string): Promise<void> {
  const label = usageKey.replace(/^(kitos|id|name):/, '');
  document.title = `${label} – Handlefrihed`;
  const status = statusLine(tr(`Henter ${label} …`, `Loading ${label} …`));
  const h1 = el('h1', {}, label);
  const back = el('p', { className: 'back' }, link(`/kommuner/${code}`, tr('← Kommunens overblik', "← The municipality's dashboard")));
  main.replaceChildren(back, h1, status);
  let s: SystemScoreView;
  try {
    s = await fetchSystemAt(code, usageKey);
  } catch (err) {
    status.replaceWith(errorLine(scoreError(err)));
    return;
  }
  const usageId = Number(s.usageId);
  const alternatives = (await Promise.allSettled([fetchUsageAlternatives(usageId)]))[0];
  const name = s.name ?? label;
  // The file's name for the system; the catalogue product it is matched to beside it when they differ.
  h1.textContent = systemLabel(name, s.catalogueName);
  document.title = `${name} – Handlefrihed`;
  const muni = await fetchMunicipality(code).catch(() => null);
  back.replaceChildren(link(`/kommuner/${code}`, `← ${muni?.name ?? `${tr('Kommune', 'Municipality')} ${code}`}`));
  const actions = el('nav', { className: 'page-actions', attrs: { 'aria-label': tr('Løsningsveje for systemet', 'Solution paths for the system') } },
    el('ul', {},
      el('li', {}, link(`/systemer/${usageId}/exitplan`, tr('Systemets exitplan (F9)', "The system's exit plan (F9)"))),
      el('li', {}, link(`/kommuner/${code}/exitveje`, tr('Kommunens exitveje', "The municipality's exit paths")))));
  main.append(headline(s), actions, factorSection(s), gateSection(s), explanationSection(s), alternativeSection(alternatives));
  const where = muni ? `, ${muni.name}` : '';
  status.textContent = tr(`${name}${where}: score opgjort pr. ${formatDay(s.asOf)} med model ${s.model}.`, `${name}${where}: score as of ${formatDay(s.asOf)} with model ${s.model}.`);
}

const scoreError = (err: unknown): string =>
  forbidden(err)
    ? tr(
        'Du har ikke adgang til denne kommunes it-oversigt, og derfor heller ikke til systemets score. Kommunen bestemmer selv, hvem der må se oversigten.',
        'You do not have access to this municipality’s IT inventory, and therefore not to the system’s score either. The municipality decides who may see its inventory.',
      )
    : `${tr('Systemets score kunne ikke hentes', 'The system’s score could not be loaded')}: ${reason(err)}`;

function box(label: string, value: string, detail: string): HTMLElement {
  return el('div', { className: 'figure-box' }, el('dt', {}, label), el('dd', {}, el('span', { className: 'big' }, value), el('span', { className: 'detail' }, detail)));
}

function headline(s: SystemScoreView): HTMLElement {
  const w = whole();
  const capped = s.band !== s.bandFromScore ? tr(` (L alene giver ${s.bandFromScore}; en advarsel hæver båndet)`, ` (L alone gives ${s.bandFromScore}; a warning raises the band)`) : '';
  const exit = s.exitWindow.nextExit
    ? `${formatDay(s.exitWindow.nextExit)}${s.exitWindow.noticeBy ? tr(`, opsig senest ${formatDay(s.exitWindow.noticeBy)}`, `, give notice by ${formatDay(s.exitWindow.noticeBy)}`) : ''}`
    : tr('ukendt', 'unknown');
  const c = s.criticality;
  const criticality = lang() === 'da' ? c.label : c.unknown || !c.value ? 'unknown' : (criticalityEn[c.value] ?? c.value);
  const level = lang() === 'en' ? confidenceEn[s.confidence.level] ?? s.confidence.level : s.confidence.level;
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'system-headline-heading' } },
    el('h2', { id: 'system-headline-heading' }, tr('Samlet binding', 'Overall lock-in')),
    el('dl', { className: 'headline', id: 'system-headline' },
      box(tr('Leverandørbinding L', 'Vendor lock-in L'), w(s.L), tr(`bånd ${s.band} af A–E${capped}`, `band ${s.band} of A–E${capped}`)),
      box(tr('Spænd L_opt–L', 'Range L_opt–L'), `${w(s.Lopt)}–${w(s.L)}`, tr(
        `L_opt (${w(s.Lopt)}, bånd ${s.bandOptimistic}) er bindingen, hvis alt ukendt viser sig at være bedst muligt`,
        `L_opt (${w(s.Lopt)}, band ${s.bandOptimistic}) is the lock-in if everything unknown turns out as well as possible`,
      )),
      box(tr('Kritikalitet', 'Criticality'), criticality, tr(
        `${c.raisedByBusinessCritical ? 'mindst høj, fordi systemet er markeret forretningskritisk; ' : ''}${provenanceLabel(s.criticality.provenance)}; eksponering ${w(s.exposure)}, exit-prioritet ${w(s.priority)}`,
        `${c.raisedByBusinessCritical ? 'at least high because the system is flagged business critical; ' : ''}${provenanceLabel(s.criticality.provenance)}; exposure ${w(s.exposure)}, exit priority ${w(s.priority)}`,
      )),
      box(tr('Datasikkerhed', 'Data confidence'), two()(s.confidence.value), `${level}${s.confidence.provisional ? tr(', foreløbig', ', provisional') : ''}${missingThemes(s.missingInputs) ? tr(` – mangler: ${missingThemes(s.missingInputs)}`, ` – missing: ${missingThemes(s.missingInputs)}`) : ''}`),
    ),
    el('p', { className: 'chart-note' }, s.exitWindow.nextExit
      ? tr(`Næste exit uden bod: ${exit}. ${say(s.exitWindow.ruleText)}.`, `Next exit without penalty: ${exit}. ${say(s.exitWindow.ruleText)}.`)
      : `${say(s.exitWindow.ruleText)}.`),
  );
}

export function factorRows(s: SystemScoreView): FactorRow[] {
  return s.factors.map((f) => ({ id: f.factor, label: factorLabel(f.factor), score: f.value, weight: weights[f.factor] ?? 0 }));
}

function factorSection(s: SystemScoreView): HTMLElement {
  const rows = factorRows(s);
  const language = lang();
  const name = s.name ?? tr('systemet', 'the system');
  const svg = factorBars(rows, { width: chartWidth(720), height: 40 + rows.length * 32, id: 'factors', system: name, lang: language });
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'factors-heading' } },
    el('h2', { id: 'factors-heading' }, tr('De ni bindingsfaktorer', 'The nine lock-in factors')),
    chartFigure({
      id: 'factors-figure',
      caption: tr('Bindingsfaktorerne F1–F9 (0–100, højere er mere binding) med deres vægt i L.', 'The lock-in factors F1–F9 (0–100, higher is more lock-in) with their weight in L.'),
      summary: factorSummary(rows, language, { system: name }),
      svg,
      table: factorTable(rows, language),
      note: tr('Ukendte oplysninger tæller som den værste værdi i L og som den bedste i L_opt.', 'Unknown inputs count as the worst value in L and as the best in L_opt.'),
    }));
}

function gateSection(s: SystemScoreView): HTMLElement {
  const list = el('ul', { className: 'gates', id: 'gates' });
  for (const g of s.gates) {
    const effect = g.effect === 'band-cap' && g.capBand
      ? tr(`båndet kan højst blive ${g.capBand}`, `the band can be no better than ${g.capBand}`)
      : tr('vises som advarsel; båndet ændres ikke', 'shown as a warning; the band is unchanged');
    const state = g.applies ? tr(`Gælder: ${effect}.`, `Applies: ${effect}.`) : tr('Gælder ikke.', 'Does not apply.');
    const assumed = g.criticalityAssumed ? tr(' Kritikaliteten er ukendt og regnes derfor som kritisk.', ' The criticality is unknown and therefore counts as critical.') : '';
    list.append(el('li', { className: g.applies ? 'gate applies' : 'gate' },
      el('strong', {}, `${g.gate} ${flagText(g.flag)}. `), `${say(g.text)}. ${state}${assumed}`));
  }
  const flags = s.flags.length
    ? `${tr('Advarsler', 'Warnings')}: ${s.flags.map(flagText).join(', ')}.`
    : tr('Ingen advarsler gælder for systemet.', 'No warnings apply to the system.');
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'gates-heading' } },
    el('h2', { id: 'gates-heading' }, tr('Advarsler, der ikke kan opvejes', 'Warnings that cannot be offset')),
    el('p', {}, flags),
    list);
}

function explanationSection(s: SystemScoreView): HTMLElement {
  const w = whole();
  const columns = [tr('Faktor', 'Factor'), 'Score (L_opt)', tr('Regel', 'Rule'), tr('Oplysning', 'Input'), tr('Værdi', 'Value'), tr('Kilde', 'Source')];
  const table = el('table', { className: 'data-table explanation', id: 'explanation' },
    el('caption', {}, tr(
      'For hver faktor: reglen der gav scoren, og de oplysninger den bygger på, med deres kilde (oplyst af kommunen, fra kataloget, udledt eller ukendt).',
      'For each factor: the rule that gave the score, and the inputs it rests on, with their source (declared by the municipality, from the catalogue, inferred or unknown).',
    )),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
  );
  for (const f of s.factors) {
    const inputs = f.inputs.length ? f.inputs : [null];
    const n = String(inputs.length);
    const rule = el('td', { attrs: { rowspan: n } }, say(f.ruleText));
    if (f.detail) rule.append(el('br'), el('span', { className: 'detail' }, say(f.detail)));
    for (const m of f.modifiers) rule.append(el('br'), el('span', { className: 'detail' }, say(m.text)));
    const body = el('tbody', { data: { factor: f.factor } });
    inputs.forEach((input, i) => {
      const row = el('tr');
      if (i === 0) {
        row.append(
          el('th', { attrs: { scope: 'rowgroup', rowspan: n } }, `${f.factor} ${factorLabel(f.factor)}`),
          el('td', { className: 'num', attrs: { rowspan: n } }, `${w(f.value)} (${w(f.optimistic)})`),
          rule,
        );
      }
      if (input) {
        const cls = input.unknown ? 'input-unknown' : '';
        row.append(
          el('td', { className: cls }, inputName(s, input.name)),
          el('td', { className: cls }, inputValue(input)),
          el('td', { className: cls }, `${provenanceLabel(input.provenance)}${input.observedAt ? `, ${formatDay(input.observedAt)}` : ''}`),
        );
      } else row.append(el('td', { attrs: { colspan: '3' } }, tr('ingen oplysninger', 'no inputs')));
      body.append(row);
    });
    table.append(body);
  }
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'explanation-heading' } },
    el('h2', { id: 'explanation-heading' }, tr('Sådan er scoren regnet ud', 'How the score is calculated')),
    el('div', { className: 'table-scroll' }, table));
}

type Alternative = UsageAlternativesView['alternatives'][number];

/** Lowest lock-in after migration first, then the most mature, then by name. */
export function rankAlternatives(items: readonly Alternative[]): Alternative[] {
  return [...items].sort((a, b) => a.afterMigration.after.L - b.afterMigration.after.L || (b.maturity.ams ?? -1) - (a.maturity.ams ?? -1) || collator.compare(a.name, b.name));
}

/**
 * What F5 counts as the system's viable alternatives, listed: the open-source alternatives mapped
 * onto its product (the table) and the catalogue's other products in its function category. The
 * count here and F5's "Brugbare alternativer" come from the same relation (ScoringCatalogue).
 */
function alternativeSection(result: PromiseSettledResult<UsageAlternativesView>): HTMLElement {
  const section = el('section', { className: 'panel', id: 'alternatives', attrs: { 'aria-labelledby': 'alternatives-heading' } },
    el('h2', { id: 'alternatives-heading' }, tr('Alternativer', 'Alternatives')));
  if (result.status === 'rejected') {
    section.append(errorLine(`${tr('Alternativerne kunne ikke hentes', 'The alternatives could not be loaded')}: ${reason(result.reason)}`));
    return section;
  }
  const items = rankAlternatives(result.value.alternatives);
  const others = result.value.categoryCompetitors;
  const w0 = whole();
  const total = items.length + others.length;
  section.append(el('p', { id: 'alternatives-count', data: { count: String(total) } }, total === 0
    ? tr('Kataloget kender endnu ingen alternativer til systemets produkt (F5: 0 brugbare alternativer).', 'The catalogue knows no alternatives to the system’s product yet (F5: 0 viable alternatives).')
    : tr(
        `F5 regner med ${w0(total)} ${total === 1 ? 'brugbart alternativ' : 'brugbare alternativer'}: ${w0(items.length)} ${items.length === 1 ? 'open source-alternativ' : 'open source-alternativer'} fra kataloget og ${w0(others.length)} ${others.length === 1 ? 'andet produkt' : 'andre produkter'} i samme funktionskategori.`,
        `F5 counts ${w0(total)} viable ${total === 1 ? 'alternative' : 'alternatives'}: ${w0(items.length)} open-source ${items.length === 1 ? 'alternative' : 'alternatives'} from the catalogue and ${w0(others.length)} other ${others.length === 1 ? 'product' : 'products'} in the same function category.`,
      )));
  if (others.length) {
    section.append(el('h3', {}, tr('Andre produkter i samme funktionskategori', 'Other products in the same function category')),
      el('ul', { className: 'category-competitors', id: 'category-competitors' },
        ...others.map((o) => el('li', {}, o.name, o.licenseModel ? ` (${label('licenseModel', o.licenseModel, lang())})` : ''))));
  }
  if (items.length === 0) {
    section.append(el('p', {}, tr('Kataloget kender endnu ingen open source-alternativer til systemets produkt.', 'The catalogue knows no open-source alternatives to the system’s product yet.')));
    return section;
  }
  section.append(el('h3', {}, tr('Open source-alternativer', 'Open-source alternatives')));
  const now = items[0]!.afterMigration.now;
  const w = whole();
  const columns = [
    tr('Alternativ', 'Alternative'), tr('Binding efter migrering', 'Lock-in after migration'), tr('Bånd efter', 'Band after'), tr('Fald i L', 'Drop in L'),
    tr('Modenhed (AMS 0–100)', 'Maturity (AMS 0–100)'), tr('Licens', 'Licence'), tr('Anbefalet', 'Recommended'),
  ];
  section.append(
    el('p', {}, tr(
      `Bindingen efter migrering er regnet for den drift, alternativets kilder angiver: på kommunens egen infrastruktur, når det kan køre dér; det ukendte tæller som værst, og et alternativ anbefales kun, når dets produktfakta er kendte. I dag: L ${w(now.L)}, bånd ${now.band}.`,
      `The lock-in after migration assumes the operation the alternative’s sources state: on the municipality’s own infrastructure when it can run there; anything unknown counts as worst, and an alternative is recommended only when its product facts are known. Today: L ${w(now.L)}, band ${now.band}.`,
    )),
    el('table', { className: 'data-table', id: 'alternatives-table' },
      el('caption', {}, tr(
        `${items.length} alternativer, lavest binding efter migrering først, derefter mest modne.`,
        `${items.length} ${items.length === 1 ? 'alternative' : 'alternatives'}, lowest lock-in after migration first, then the most mature.`,
      )),
      el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
      el('tbody', {}, ...items.map((a) => el('tr', {},
        el('th', { attrs: { scope: 'row' } }, a.name, a.verified ? '' : el('span', { className: 'tag' }, ` ${tr('ikke verificeret', 'not verified')}`)),
        el('td', { className: 'num' }, `${w(a.afterMigration.after.L)} (L_opt ${w(a.afterMigration.after.Lopt)})`),
        el('td', {}, a.afterMigration.after.band),
        el('td', { className: 'num' }, one()(a.afterMigration.reduction)),
        el('td', { className: 'num' }, `${formatAms(a.maturity.ams, w)} (${knownMetricsText(a.maturity)})`),
        el('td', {}, a.spdxLicense ?? tr('ukendt', 'unknown')),
        el('td', {}, a.afterMigration.recommended
          ? tr('ja', 'yes')
          : `${tr('nej', 'no')}: ${a.afterMigration.checks.filter((c) => !c.passed).map((c) => say(c.text).toLowerCase()).join('; ')}`),
      ))),
    ),
  );
  return section;
}
