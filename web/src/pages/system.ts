// One system's score (route /systemer/{usageId}): L and its optimistic bound L_opt, the band
// and the gates that cap it, the nine factors as bars, each factor's rule and inputs with their
// provenance, and the open-source alternatives with the lock-in they would have after migration.
import { numberFormat } from '../charts/common.ts';
import { factorBars, summary as factorSummary, tableRows as factorTable, type FactorRow } from '../charts/factor-bars.ts';
import { ApiError, fetchMunicipality, fetchUsageAlternatives, fetchUsageScore, type SystemScoreView, type UsageAlternativesView } from '../data/api.ts';
import { el } from '../dom.ts';
import { chartFigure, errorLine, statusLine } from '../figure.ts';
import { collator } from '../format.ts';
import { link } from '../router.ts';

const whole = numberFormat('da', { maximumFractionDigits: 0 });
const one = numberFormat('da', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const two = numberFormat('da', { maximumFractionDigits: 2 });

/** Danish factor names (lockin-scoring.md §3.3). */
export const factorLabels: Record<string, string> = {
  F1: 'Dataportabilitet',
  F2: 'Åbne snitflader',
  F3: 'Integrationsbinding',
  F4: 'Kontraktbinding',
  F5: 'Erstattelighed',
  F6: 'Teknologisk åbenhed',
  F7: 'Driftskontrol',
  F8: 'Jurisdiktion',
  F9: 'Exitparathed',
};
/** The model's weights (server/src/scoring/model.json `weights`). */
const weights: Record<string, number> = { F1: 15, F2: 10, F3: 10, F4: 10, F5: 10, F6: 10, F7: 10, F8: 15, F9: 10 };

export const provenanceLabels: Record<string, string> = {
  evidence: 'dokumenteret',
  declared: 'oplyst',
  catalogue: 'katalog',
  inferred: 'udledt',
  unknown: 'ukendt',
};

const flagText: Record<string, string> = {
  jurisdiction: 'ikke-EU-jurisdiktion',
  'no-exit-route': 'ingen exit-vej',
  'structural-lockin': 'strukturel binding',
  'critical-without-plan': 'kritisk uden exit-plan',
};

/** Danish names of the common inputs; others (e.g. `parties[…].country`) are shown as named. */
const inputNames: Record<string, string> = {
  dataExport: 'Dataeksport',
  apiAvailability: 'API',
  integrationCount: 'Antal integrationer',
  requiresSpecificPlatform: 'Kræver bestemt platform',
  viableAlternatives: 'Brugbare alternativer',
  openOrEuAlternative: 'Åbent eller europæisk alternativ',
  nationalCategoryHhi: 'Kategoriens koncentration (HHI)',
  codeGovernance: 'Kodestyring',
  licenseModel: 'Licensmodel',
  hostingModel: 'Driftsform',
  keyManagement: 'Nøglehåndtering',
  externalBackupTestedAt: 'Ekstern backup testet',
  exitPlan: 'Exit-plan',
  criticality: 'Kritikalitet',
};
const inputName = (n: string) => inputNames[n] ?? n;

const reason = (err: unknown) => (err instanceof Error && err.message ? err.message : String(err));
const forbidden = (err: unknown) => err instanceof ApiError && (err.status === 403 || err.status === 401);

export async function renderSystem(main: HTMLElement, usageId: number): Promise<void> {
  const status = statusLine(`Henter system ${usageId} …`);
  const h1 = el('h1', {}, `System ${usageId}`);
  const back = el('p', { className: 'back' }, link('/', '← Alle kommuner'));
  main.replaceChildren(back, h1, status);
  const [score, alternatives] = await Promise.allSettled([fetchUsageScore(usageId), fetchUsageAlternatives(usageId)]);
  if (score.status === 'rejected') {
    const text = forbidden(score.reason)
      ? 'Du har ikke adgang til denne kommunes it-oversigt, og derfor heller ikke til systemets score. Kommunen bestemmer selv, hvem der må se oversigten.'
      : `Systemets score kunne ikke hentes: ${reason(score.reason)}`;
    status.replaceWith(errorLine(text));
    return;
  }
  const s = score.value;
  const name = s.name ?? `System ${usageId}`;
  h1.textContent = name;
  document.title = `${name} – Handlefrihed`;
  const code = Number(s.municipalityCode);
  const muni = await fetchMunicipality(code).catch(() => null);
  back.replaceChildren(link(`/kommuner/${code}`, `← ${muni?.name ?? `Kommune ${code}`}`));
  main.append(headline(s), factorSection(s), gateSection(s), explanationSection(s), alternativeSection(alternatives));
  status.textContent = `${name}${muni ? `, ${muni.name}` : ''}: score opgjort pr. ${s.asOf} med model ${s.model}.`;
}

function box(label: string, value: string, detail: string): HTMLElement {
  return el('div', { className: 'figure-box' }, el('dt', {}, label), el('dd', {}, el('span', { className: 'big' }, value), el('span', { className: 'detail' }, detail)));
}

function headline(s: SystemScoreView): HTMLElement {
  const capped = s.band !== s.bandFromScore ? ` (L alene giver ${s.bandFromScore}; en advarsel hæver båndet)` : '';
  const exit = s.exitWindow.nextExit ? `${s.exitWindow.nextExit}${s.exitWindow.noticeBy ? `, opsig senest ${s.exitWindow.noticeBy}` : ''}` : 'ukendt';
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'system-headline-heading' } },
    el('h2', { id: 'system-headline-heading' }, 'Samlet binding'),
    el('dl', { className: 'headline', id: 'system-headline' },
      box('Leverandørbinding L', whole(s.L), `bånd ${s.band} af A–E${capped}`),
      box('Spænd L_opt–L', `${whole(s.Lopt)}–${whole(s.L)}`, `L_opt (${whole(s.Lopt)}, bånd ${s.bandOptimistic}) er bindingen, hvis alt ukendt viser sig at være bedst muligt`),
      box('Kritikalitet', s.criticality.label, `${provenanceLabels[s.criticality.provenance] ?? s.criticality.provenance}; eksponering ${whole(s.exposure)}, exit-prioritet ${whole(s.priority)}`),
      box('Datasikkerhed', two(s.confidence.value), `${s.confidence.level}${s.confidence.provisional ? ', foreløbig' : ''}`),
    ),
    el('p', { className: 'chart-note' }, s.exitWindow.nextExit ? `Næste exit uden bod: ${exit}. ${s.exitWindow.ruleText.da}.` : `${s.exitWindow.ruleText.da}.`),
  );
}

export function factorRows(s: SystemScoreView): FactorRow[] {
  return s.factors.map((f) => ({ id: f.factor, label: factorLabels[f.factor] ?? f.factor, score: f.value, weight: weights[f.factor] ?? 0 }));
}

function factorSection(s: SystemScoreView): HTMLElement {
  const rows = factorRows(s);
  const name = s.name ?? 'systemet';
  const svg = factorBars(rows, { width: 720, height: 40 + rows.length * 32, id: 'factors', system: name });
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'factors-heading' } },
    el('h2', { id: 'factors-heading' }, 'De ni bindingsfaktorer'),
    chartFigure({
      id: 'factors-figure',
      caption: 'Bindingsfaktorerne F1–F9 (0–100, højere er mere binding) med deres vægt i L.',
      summary: factorSummary(rows, 'da', { system: name }),
      svg,
      table: factorTable(rows, 'da'),
      note: 'Ukendte oplysninger tæller som den værste værdi i L og som den bedste i L_opt.',
    }));
}

function gateSection(s: SystemScoreView): HTMLElement {
  const list = el('ul', { className: 'gates', id: 'gates' });
  for (const g of s.gates) {
    const effect = g.effect === 'band-cap' && g.capBand ? `båndet kan højst blive ${g.capBand}` : 'vises som advarsel; båndet ændres ikke';
    const state = g.applies ? `Gælder: ${effect}.` : 'Gælder ikke.';
    const assumed = g.criticalityAssumed ? ' Kritikaliteten er ukendt og regnes derfor som kritisk.' : '';
    list.append(el('li', { className: g.applies ? 'gate applies' : 'gate' },
      el('strong', {}, `${g.gate} ${flagText[g.flag] ?? g.flag}. `), `${g.text.da}. ${state}${assumed}`));
  }
  const flags = s.flags.length ? `Advarsler: ${s.flags.map((f) => flagText[f] ?? f).join(', ')}.` : 'Ingen advarsler gælder for systemet.';
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'gates-heading' } },
    el('h2', { id: 'gates-heading' }, 'Advarsler, der ikke kan opvejes'),
    el('p', {}, flags),
    list);
}

function explanationSection(s: SystemScoreView): HTMLElement {
  const table = el('table', { className: 'data-table explanation', id: 'explanation' },
    el('caption', {}, 'For hver faktor: reglen der gav scoren, og de oplysninger den bygger på, med deres kilde (oplyst af kommunen, fra kataloget, udledt eller ukendt).'),
    el('thead', {}, el('tr', {}, ...['Faktor', 'Score (L_opt)', 'Regel', 'Oplysning', 'Værdi', 'Kilde'].map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
  );
  for (const f of s.factors) {
    const inputs = f.inputs.length ? f.inputs : [null];
    const n = String(inputs.length);
    const rule = el('td', { attrs: { rowspan: n } }, f.ruleText.da);
    if (f.detail) rule.append(el('br'), el('span', { className: 'detail' }, f.detail.da));
    for (const m of f.modifiers) rule.append(el('br'), el('span', { className: 'detail' }, m.text.da));
    const body = el('tbody', { data: { factor: f.factor } });
    inputs.forEach((input, i) => {
      const tr = el('tr');
      if (i === 0) {
        tr.append(
          el('th', { attrs: { scope: 'rowgroup', rowspan: n } }, `${f.factor} ${factorLabels[f.factor] ?? ''}`),
          el('td', { className: 'num', attrs: { rowspan: n } }, `${whole(f.value)} (${whole(f.optimistic)})`),
          rule,
        );
      }
      if (input) {
        const cls = input.unknown ? 'input-unknown' : '';
        tr.append(
          el('td', { className: cls }, inputName(input.name)),
          el('td', { className: cls }, input.label),
          el('td', { className: cls }, `${provenanceLabels[input.provenance] ?? input.provenance}${input.observedAt ? `, ${input.observedAt}` : ''}`),
        );
      } else tr.append(el('td', { attrs: { colspan: '3' } }, 'ingen oplysninger'));
      body.append(tr);
    });
    table.append(body);
  }
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'explanation-heading' } },
    el('h2', { id: 'explanation-heading' }, 'Sådan er scoren regnet ud'),
    el('div', { className: 'table-scroll' }, table));
}

type Alternative = UsageAlternativesView['alternatives'][number];

/** Lowest lock-in after migration first, then the most mature, then by name. */
export function rankAlternatives(items: readonly Alternative[]): Alternative[] {
  return [...items].sort((a, b) => a.afterMigration.after.L - b.afterMigration.after.L || b.maturity.ams - a.maturity.ams || collator.compare(a.name, b.name));
}

function alternativeSection(result: PromiseSettledResult<UsageAlternativesView>): HTMLElement {
  const section = el('section', { className: 'panel', id: 'alternatives', attrs: { 'aria-labelledby': 'alternatives-heading' } },
    el('h2', { id: 'alternatives-heading' }, 'Open source-alternativer'));
  if (result.status === 'rejected') {
    section.append(errorLine(`Alternativerne kunne ikke hentes: ${reason(result.reason)}`));
    return section;
  }
  const items = rankAlternatives(result.value.alternatives);
  if (items.length === 0) {
    section.append(el('p', {}, 'Kataloget kender endnu ingen open source-alternativer til systemets produkt.'));
    return section;
  }
  const now = items[0]!.afterMigration.now;
  section.append(
    el('p', {}, `Bindingen efter migrering er regnet for drift på kommunens egen infrastruktur; det ukendte tæller som værst. I dag: L ${whole(now.L)}, bånd ${now.band}.`),
    el('table', { className: 'data-table', id: 'alternatives-table' },
      el('caption', {}, `${items.length} alternativer, lavest binding efter migrering først, derefter mest modne.`),
      el('thead', {}, el('tr', {}, ...['Alternativ', 'Binding efter migrering', 'Bånd efter', 'Fald i L', 'Modenhed (AMS 0–100)', 'Licens', 'Anbefalet'].map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
      el('tbody', {}, ...items.map((a) => el('tr', {},
        el('th', { attrs: { scope: 'row' } }, a.name, a.verified ? '' : el('span', { className: 'tag' }, ' ikke verificeret')),
        el('td', { className: 'num' }, `${whole(a.afterMigration.after.L)} (L_opt ${whole(a.afterMigration.after.Lopt)})`),
        el('td', {}, a.afterMigration.after.band),
        el('td', { className: 'num' }, one(a.afterMigration.reduction)),
        el('td', { className: 'num' }, `${whole(a.maturity.ams)}${a.maturity.unknownMetrics.length ? ` (${a.maturity.unknownMetrics.length} ukendte målinger)` : ''}`),
        el('td', {}, a.spdxLicense ?? 'ukendt'),
        el('td', {}, a.afterMigration.recommended ? 'ja' : `nej: ${a.afterMigration.checks.filter((c) => !c.passed).map((c) => c.text.da.toLowerCase()).join('; ')}`),
      ))),
    ),
  );
  return section;
}
