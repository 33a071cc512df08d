// One municipality's dashboard (route /kommuner/{code}): headline figures, direct versus hidden
// reach per vendor, the dependency graph, exposure by vendor and product, the top exit
// priorities, the contracts' exit windows and the comparison with peer municipalities. What the
// visitor may not see (the inventory) is named, with the reason.
import './municipality.css';
import { formatPercent, numberFormat } from '../charts/common.ts';
import { contractTimeline, summary as contractSummary, tableRows as contractTable, type ContractRow } from '../charts/contract-timeline.ts';
import { peerDots, summary as peerSummary, tableOrder, tableRows as peerTable } from '../charts/peer-dots.ts';
import { reachBars, summary as reachSummary, tableRows as reachTable, type ReachRow } from '../charts/reach-bars.ts';
import { treemap, summary as treeSummary, tableRows as treeTable, type TreemapRow } from '../charts/treemap.ts';
import {
  fetchContracts, fetchMunicipality, fetchMunicipalityScore, fetchScoreList, fetchSystems,
  type ContractListRow, type MunicipalityScoreView, type SystemRow,
} from '../data/api.ts';
import { contractsExportPath, fetchGraph, regionScoresExportPath, systemsExportPath } from '../data/dashboard.ts';
import { el } from '../dom.ts';
import { formatDay, systemLabel } from '../format.ts';
import { chartFigure, chartWidth, dataTable, errorLine, statusLine, tableDownloads } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { peerRows } from '../peers.ts';
import { link, linkRowHeaders } from '../router.ts';
import { graphSection } from './municipality-graph.ts';
import { MISSING_ID, missingInputsDetails, provisionalLink, revealMissing } from './missing-inputs.ts';
import { forbidden, reason } from './refusal.ts';
import { systemHref } from '../system-href.ts';
import { companyLabel, grouping, groupingSwitch, ownedLabel } from '../vendor-grouping.ts';
import { vendorPathsHref } from './reach-paths.ts';

/** The page's current date as yyyy-mm-dd (local calendar day); the charts never read the clock. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A yyyy-mm-dd day as "3. mar. 2027" / "3 Mar 2027". */

export async function renderMunicipality(main: HTMLElement, code: number): Promise<void> {
  const status = statusLine(tr(`Henter tallene for kommune ${code} …`, `Loading the figures for municipality ${code} …`));
  const h1 = el('h1', {}, tr(`Kommune ${code}`, `Municipality ${code}`));
  main.replaceChildren(el('p', { className: 'back' }, link('/', tr('← Alle kommuner', '← All municipalities'))), h1, status);
  // The page's "today" is the server's (the day the figures are as of), not the browser's clock:
  // deadlines and the timeline agree with the scores beside them.
  const scoreRequest = fetchMunicipalityScore(code);
  const muniRequest = fetchMunicipality(code);
  // Peers are of the same kind: a demo inventory is compared with demo inventories, a real one with real ones.
  const [muni, score, systems, contracts, graph, peers] = await Promise.allSettled([
    muniRequest, scoreRequest, fetchSystems(code), scoreRequest.then((v) => fetchContracts(code, v.asOf)), fetchGraph(code),
    muniRequest.then((m) => fetchScoreList(m.demo ? 'demo' : 'real')),
  ]);
  const name = muni.status === 'fulfilled' ? muni.value.name : tr(`Kommune ${code}`, `Municipality ${code}`);
  h1.textContent = name;
  document.title = `${name} – Handlefrihed`;
  if (score.status === 'rejected') {
    status.replaceWith(errorLine(tr(`${name}s score kunne ikke hentes`, `The score of ${name} could not be loaded`) + `: ${reason(score.reason)}`));
    return;
  }
  const view = score.value;
  const today = view.asOf;
  // Headline, reach and exposure name vendors by company (with owner) or by ultimate owner.
  const byGrouping = () => [headline(view), reachSection(view), treemapSection(systems)] as const;
  let [headlineNow, reachNow, treemapNow] = byGrouping();
  const switcher = groupingSwitch('vendor-grouping', () => {
    const next = byGrouping();
    headlineNow.replaceWith(next[0]);
    reachNow.replaceWith(next[1]);
    treemapNow.replaceWith(next[2]);
    [headlineNow, reachNow, treemapNow] = next;
  });
  const sections = [switcher, headlineNow, solutionLinks(code), reachNow];
  const hidden = [systems, contracts].some((r) => r.status === 'rejected' && forbidden(r.reason));
  if (hidden) {
    sections.push(el('p', { className: 'notice', role: 'note' }, tr(
      'Du har ikke adgang til kommunens detaljerede it-oversigt (systemer og kontrakter), kun til de samlede tal. Kommunen bestemmer selv, hvem der må se oversigten.',
      "You may not see the municipality's detailed IT inventory (systems and contracts), only the totals. The municipality decides who may see it.",
    )));
  }
  sections.push(
    graphSection(code, graph, view.score.systemCount),
    treemapNow,
    prioritySection(code, view, hidden),
    contractSection(code, contracts, today),
    peerSection(code, name, peers),
  );
  main.append(...sections);
  if (location.hash === `#${MISSING_ID}`) revealMissing();
  status.textContent = tr(`${name}: tal opgjort pr. ${formatDay(view.asOf)}.`, `${name}: figures as of ${formatDay(view.asOf)}.`);
}

/** From the measurement to decisions: the municipality's exit paths, scenarios, report and import. */
function solutionLinks(code: number): HTMLElement {
  const to = (path: string, da: string, en: string) => el('li', {}, link(`/kommuner/${code}/${path}`, tr(da, en)));
  return el('nav', { className: 'page-actions', attrs: { 'aria-label': tr('Løsningsveje', 'Solution paths') } },
    el('ul', {},
      to('exitveje', 'Exitveje: hvad kan erstattes, hvornår', 'Exit paths: what to replace, and when'),
      to('scenarier', 'Scenarier: hvad nu hvis …', 'Scenarios: what if …'),
      to('rapport', 'Rapport til politikere og direktion', 'Report for decision makers'),
      to('import', 'Importér it-systemoversigt', 'Import an IT inventory')));
}

function figureBox(label: string, value: string, ...detail: (string | Node)[]): HTMLElement {
  return el('div', { className: 'figure-box' }, el('dt', {}, label), el('dd', {}, el('span', { className: 'big' }, value), el('span', { className: 'detail' }, ...detail)));
}

const confidenceLevel = (level: string) => (lang() === 'da' ? level : ({ lav: 'low', middel: 'medium', høj: 'high' }[level] ?? level));

export function headline(view: MunicipalityScoreView): HTMLElement {
  const s = view.score;
  const L = s.lockin.L;
  const conf = s.confidence;
  // One source per fact: the largest share and the vendor named beside it come from one grouping.
  const byCompany = grouping() === 'company' ? s.byCompany : undefined;
  const concentration = byCompany?.concentration ?? s.concentration;
  const spend = concentration.spend ?? concentration.exposure;
  const basis = concentration.spend ? tr('udgifter', 'spend') : tr('eksponering', 'exposure');
  const whole = numberFormat(lang(), { maximumFractionDigits: 0 });
  const vendorName = (id: string) => {
    const company = byCompany?.vendors.find((v) => v.vendorId === id);
    return company ? ownedLabel(company) : (s.vendors.find((v) => v.vendorId === id)?.name ?? tr(`leverandør ${id}`, `vendor ${id}`));
  };
  const provisional = conf.provisional ? [', ', provisionalLink()] : [];
  const boxes = el(
    'dl',
    { className: 'headline' },
    figureBox(tr('Leverandørbinding L', 'Vendor lock-in L'), L == null ? '–' : whole(L), L == null
      ? tr('ingen systemer', 'no systems')
      : `${tr('bånd', 'band')} ${view.band ?? '–'} ${tr('af A–E', 'of A–E')} · ${tr('datasikkerhed', 'confidence')} ${confidenceLevel(conf.level)} (${numberFormat(lang(), { maximumFractionDigits: 2 })(conf.value)})`, ...(L == null ? [] : provisional)),
    figureBox(tr('Effektivt antal leverandører', 'Effective number of vendors'), spend && Number.isFinite(spend.nEff) ? numberFormat(lang(), { minimumFractionDigits: 1, maximumFractionDigits: 1 })(spend.nEff) : '–',
      `${tr('beregnet på', 'computed on')} ${basis} (HHI ${spend ? whole(spend.hhi) : '–'})`),
    figureBox(tr('Største leverandørs andel', "Largest vendor's share"), spend ? formatPercent(lang())(spend.cr1.share) : '–',
      spend ? `${vendorName(spend.cr1.id)}, ${tr('af', 'of')} ${basis}` : tr('ingen udgifter kendt', 'no spend known')),
    figureBox(tr('Andel under ikke-EU-jurisdiktion', 'Share under non-EU jurisdiction'), s.jurisdiction.nonEuShare == null ? '–' : formatPercent(lang())(s.jurisdiction.nonEuShare), tr('af eksponeringen', 'of the exposure')),
  );
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'headline-heading' } },
    el('h2', { id: 'headline-heading' }, tr('Nøgletal', 'Key figures')),
    boxes,
    el('p', { className: 'chart-note' }, tr(
      `${whole(s.systemCount)} systemer, opgjort pr. ${formatDay(view.asOf)}. L går fra 0 (let at skifte) til 100 (stærkt bundet).`,
      `${whole(s.systemCount)} systems, as of ${formatDay(view.asOf)}. L runs from 0 (easy to switch) to 100 (strongly locked in).`,
    )),
    missingInputsDetails(view.municipalityCode, view) ?? '');
}

export function reachSection(view: MunicipalityScoreView): HTMLElement {
  const companies = grouping() === 'company' ? view.score.byCompany?.vendors : undefined;
  const name = (v: { vendorId: string; name: string | null }) => v.name ?? tr(`Leverandør ${v.vendorId}`, `Vendor ${v.vendorId}`);
  const rows: ReachRow[] = (companies
    ? companies.map((v) => ({ id: v.vendorId, name: ownedLabel(v), direct: v.directReach, transitive: v.reach }))
    : view.score.vendors.map((v) => ({ id: v.vendorId, name: name(v), direct: v.directReach, transitive: v.reach })))
    .sort((a, b) => b.transitive - a.transitive)
    .slice(0, 10);
  const svg = reachBars(rows, { width: chartWidth(720), height: 60 + rows.length * 34, id: 'reach', lang: lang() });
  const figure = chartFigure({
    id: 'reach-figure', caption: tr('Direkte og samlet rækkevidde for de ti leverandører med størst rækkevidde.', 'Direct and total reach of the ten vendors with the largest reach.'),
    summary: reachSummary(rows, lang()), svg, table: reachTable(rows, lang()),
  });
  // The scores name vendors (companies or ultimate owners) by numeric id: each row links to its
  // page with this municipality's paths open ("why 69 %?" in one click).
  const hrefs = rows.map((r) => (/^\d+$/.test(r.id) ? vendorPathsHref(r.id, view.municipalityCode) : null));
  linkRowHeaders(figure.querySelector('table')!, hrefs);
  const links = rows.flatMap((r, i) => (hrefs[i] ? [el('li', {}, link(hrefs[i]!, r.name))] : []));
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'reach-heading' } },
    el('h2', { id: 'reach-heading' }, tr('Hvem afhænger kommunen af?', 'Whom does the municipality depend on?')),
    figure,
    el('nav', { className: 'vendor-links', attrs: { 'aria-label': tr('Leverandørerne i figuren', 'The vendors in the chart') } }, el('span', {}, tr('Se leverandøren: ', 'See the vendor: ')), el('ul', {}, ...links)));
}

/** Exposure by supplier → product: the eight largest suppliers, each with its six largest products; the rest summed. */
export function exposureRows(systems: SystemRow[], by = grouping()): TreemapRow[] {
  const byVendor = new Map<string, Map<string, number>>();
  for (const s of systems) {
    const vendor = s.supplier == null
      ? tr('Ukendt leverandør', 'Unknown vendor')
      : by === 'owner' ? (s.supplierOwner?.name ?? s.supplier) : companyLabel(s.supplier, s.supplierOwner);
    const products = byVendor.get(vendor) ?? new Map<string, number>();
    // The file's name for the system (what the municipality calls it), not the catalogue's.
    const label = systemLabel(s.systemName, s.product);
    products.set(label, (products.get(label) ?? 0) + s.exposure);
    byVendor.set(vendor, products);
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const vendors = [...byVendor].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]));
  const rows: TreemapRow[] = [];
  for (const [vendor, products] of vendors.slice(0, 8)) {
    const sorted = [...products].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [product, value] of sorted.slice(0, 6)) rows.push({ vendorId: vendor, vendor, productId: product, product, value });
    const rest = sorted.slice(6).reduce((a, [, v]) => a + v, 0);
    if (rest > 0) rows.push({ vendorId: vendor, vendor, productId: '…', product: tr('Øvrige produkter', 'Other products'), value: rest, stands: { vendors: 0, products: sorted.length - 6 } });
  }
  const others = vendors.slice(8).reduce((a, [, m]) => a + total(m), 0);
  const otherProducts = vendors.slice(8).reduce((n, [, m]) => n + m.size, 0);
  if (others > 0) rows.push({ vendorId: '…', vendor: tr('Øvrige leverandører', 'Other vendors'), productId: '…', product: tr(`${vendors.length - 8} leverandører`, `${vendors.length - 8} vendors`), value: others, stands: { vendors: vendors.length - 8, products: otherProducts } });
  return rows;
}

function treemapSection(systems: PromiseSettledResult<{ items: SystemRow[] }>): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'tree-heading' } }, el('h2', { id: 'tree-heading' }, tr('Hvor ligger eksponeringen?', 'Where is the exposure?')));
  if (systems.status === 'rejected') {
    section.append(forbidden(systems.reason)
      ? el('p', {}, tr('Fordelingen på produkter bygger på kommunens systemer, som du ikke har adgang til.', "The split by product is built from the municipality's systems, which you may not see."))
      : errorLine(`${tr('Systemerne kunne ikke hentes', 'The systems could not be loaded')}: ${reason(systems.reason)}`));
    return section;
  }
  const rows = exposureRows(systems.value.items);
  const format = numberFormat(lang(), { maximumFractionDigits: 1 });
  const svg = treemap(rows, { width: chartWidth(720), height: 360, id: 'exposure', format, lang: lang() });
  section.append(chartFigure({
    id: 'exposure-figure', caption: tr('Eksponering (kritikalitetsvægt) fordelt på leverandører og produkter.', 'Exposure (criticality weight) by vendor and product.'),
    summary: treeSummary(rows, lang(), { format }), svg, table: treeTable(rows, lang(), { format }),
  }));
  return section;
}

const flagText = (): Record<string, string> => ({
  jurisdiction: tr('ikke-EU-jurisdiktion', 'non-EU jurisdiction'),
  'no-exit-route': tr('ingen exit-vej', 'no exit route'),
  'structural-lockin': tr('strukturel binding', 'structural lock-in'),
  'critical-without-plan': tr('kritisk uden exit-plan', 'critical without an exit plan'),
});

const criticalityText = (c: string | null): string =>
  ({
    low: tr('Lav', 'Low'),
    medium: tr('Middel', 'Medium'),
    high: tr('Høj', 'High'),
    critical: tr('Kritisk', 'Critical'),
  })[c ?? ''] ?? tr('Ukendt', 'Unknown');

function prioritySection(code: number, view: MunicipalityScoreView, hidden: boolean): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'prio-heading' } }, el('h2', { id: 'prio-heading' }, tr('Hvor bør kommunen begynde?', 'Where should the municipality start?')));
  if (view.topPriorities.length === 0) {
    section.append(el('p', {}, hidden
      ? tr('Listen over systemer bygger på kommunens it-oversigt, som du ikke har adgang til.', "The list of systems is built from the municipality's IT inventory, which you may not see.")
      : tr('Der er ingen systemer at prioritere.', 'There are no systems to prioritise.')));
    return section;
  }
  const whole = numberFormat(lang(), { maximumFractionDigits: 0 });
  const flags = flagText();
  const table = dataTable({
    columns: [tr('System', 'System'), tr('Leverandør', 'Vendor'), tr('Binding L', 'Lock-in L'), tr('Bånd', 'Band'), tr('Kritikalitet', 'Criticality'), tr('Næste exit', 'Next exit'), tr('Advarsler', 'Warnings')],
    rows: view.topPriorities.map((p) => [
      systemLabel(p.name, p.product), p.supplier ?? '–', whole(p.L), p.band, criticalityText(p.criticality), p.nextExit ? formatDay(p.nextExit) : tr('ukendt', 'unknown'),
      p.flags.map((f) => flags[f] ?? f).join(', ') || '–',
    ]),
  }, tr(
    'De ti systemer med højest exit-prioritet (binding gange kritikalitet). Vælg et system for at se, hvorfor det er bundet, og hvilke alternativer der findes.',
    'The ten systems with the highest exit priority (lock-in times criticality). Choose a system to see why it is locked in and which alternatives exist.',
  ));
  table.id = 'priority-table';
  linkRowHeaders(table, view.topPriorities.map((p) => systemHref(code, p.usageKey)));
  // The vendor column links to the vendor's page.
  table.querySelectorAll('tbody tr').forEach((row, i) => {
    const p = view.topPriorities[i]!;
    const cell = row.children[1];
    if (cell && p.supplierId != null && p.supplier) cell.replaceChildren(link(`/leverandoerer/${p.supplierId}`, p.supplier));
  });
  section.append(table, tableDownloads(systemsExportPath(code), tr('alle kommunens systemer', "all the municipality's systems")));
  return section;
}

export function contractRows(items: ContractListRow[], limit = 12): ContractRow[] {
  return items
    .filter((c) => c.validTo !== null && c.terminatedAt === null)
    .sort((a, b) => (a.noticeDeadline ?? a.validTo!).localeCompare(b.noticeDeadline ?? b.validTo!) || a.contractId - b.contractId)
    .slice(0, limit)
    .map((c) => ({
      id: String(c.contractId),
      name: c.name,
      vendor: c.supplier ?? tr('ukendt leverandør', 'unknown vendor'),
      end: c.validTo!,
      ...(c.validFrom ? { start: c.validFrom } : {}),
      ...(c.noticeDeadline ? { noticeDeadline: c.noticeDeadline } : {}),
    }));
}

function contractSection(code: number, contracts: PromiseSettledResult<{ items: ContractListRow[]; total: number }>, today: string): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'contracts-heading' } }, el('h2', { id: 'contracts-heading' }, tr('Hvornår kan kommunen handle?', 'When can the municipality act?')));
  if (contracts.status === 'rejected') {
    section.append(forbidden(contracts.reason)
      ? el('p', {}, tr('Kontrakterne er en del af kommunens it-oversigt, som du ikke har adgang til.', "The contracts are part of the municipality's IT inventory, which you may not see."))
      : errorLine(`${tr('Kontrakterne kunne ikke hentes', 'The contracts could not be loaded')}: ${reason(contracts.reason)}`));
    return section;
  }
  const rows = contractRows(contracts.value.items);
  if (rows.length === 0) {
    section.append(el('p', {}, tr('Der er ingen løbende kontrakter registreret.', 'No running contracts are on record.')));
    return section;
  }
  const svg = contractTimeline(rows, { width: 900, height: 80 + rows.length * 28, today, id: 'contracts', lang: lang() });
  const total = contracts.value.total;
  const shown = rows.length < total ? tr(` (de ${rows.length} med nærmeste frist af ${total} løbende)`, ` (the ${rows.length} with the nearest deadline of ${total} running)`) : '';
  section.append(
    chartFigure({
      id: 'contracts-figure', caption: tr(`Løbende kontrakter, opsigelsesfrister og exit-vinduer${shown}.`, `Running contracts, notice deadlines and exit windows${shown}.`),
      summary: contractSummary(rows, lang(), { today }), svg, table: contractTable(rows, lang(), { today }),
    }),
    tableDownloads(contractsExportPath(code, today), tr('alle løbende kontrakter', 'all running contracts')),
  );
  return section;
}

function peerSection(code: number, name: string, scores: PromiseSettledResult<{ items: import('../data/api.ts').ScoreListRow[] }>): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'peers-heading' } }, el('h2', { id: 'peers-heading' }, tr('Hvordan ligger kommunen i forhold til andre?', 'How does the municipality compare?')));
  if (scores.status === 'rejected') {
    section.append(errorLine(`${tr('Sammenligningen kunne ikke hentes', 'The comparison could not be loaded')}: ${reason(scores.reason)}`));
    return section;
  }
  const rows = peerRows(scores.value.items, code);
  const self = rows.find((r) => r.self);
  if (!self || rows.length < 2) {
    section.append(el('p', {}, tr('Der er ingen sammenlignelige kommuner med en score.', 'There are no comparable municipalities with a score.')));
    return section;
  }
  const region = scores.value.items.find((m) => m.municipalityCode === code)!.region;
  const svg = peerDots(rows, { width: chartWidth(720), height: 300, id: 'peers', lang: lang() });
  const figure = chartFigure({
    id: 'peers-figure',
    caption: tr(
      `${name} og de ${rows.length - 1} kommuner i ${region}, der ligner mest i størrelse (antal systemer), på de vigtigste indikatorer.`,
      `${name} and the ${rows.length - 1} municipalities in ${region} most alike in size (number of systems), on the main indicators.`,
    ),
    summary: peerSummary(rows, lang()), svg, table: peerTable(rows, lang()),
    note: tr(
      'Sammenlignelige kommuner: samme region og det nærmeste antal systemer i it-oversigten (referencedata har ikke folketal). Lodret streg: medianen for de sammenlignelige.',
      'Comparable municipalities: the same region and the nearest number of systems in the inventory (the reference data holds no population). Vertical tick: the median of the comparable.',
    ),
  });
  linkRowHeaders(figure.querySelector('table')!, tableOrder(rows, lang()).map((r) => (r.self ? null : `/kommuner/${r.code}`)));
  section.append(figure, tableDownloads(regionScoresExportPath(region), tr(`scorerne for alle kommuner i ${region}`, `the scores of every municipality in ${region}`)));
  return section;
}
