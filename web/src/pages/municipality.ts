// One municipality's dashboard (route /kommuner/{code}): headline figures, direct versus hidden
// reach per vendor, exposure by vendor and product, the top exit priorities and the contracts'
// exit windows. What the visitor may not see (the inventory) is named, with the reason.
import { formatPercent, numberFormat } from '../charts/common.ts';
import { contractTimeline, summary as contractSummary, tableRows as contractTable, type ContractRow } from '../charts/contract-timeline.ts';
import { reachBars, summary as reachSummary, tableRows as reachTable, type ReachRow } from '../charts/reach-bars.ts';
import { treemap, summary as treeSummary, tableRows as treeTable, type TreemapRow } from '../charts/treemap.ts';
import { ApiError, fetchContracts, fetchMunicipality, fetchMunicipalityScore, fetchSystems, type ContractListRow, type MunicipalityScoreView, type SystemRow } from '../data/api.ts';
import { el } from '../dom.ts';
import { chartFigure, dataTable, errorLine, statusLine } from '../figure.ts';
import { linkRowHeaders } from '../router.ts';

const pct = formatPercent('da');
const one = numberFormat('da', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = numberFormat('da', { maximumFractionDigits: 0 });
/** The model's band cut-offs (server/src/scoring/model.json: B 20, C 40, D 60, E 80). */
const bandOf = (l: number) => (l < 20 ? 'A' : l < 40 ? 'B' : l < 60 ? 'C' : l < 80 ? 'D' : 'E');

/** The page's current date as yyyy-mm-dd (local calendar day); the charts never read the clock. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

const reason = (err: unknown) => (err instanceof Error && err.message ? err.message : String(err));
const forbidden = (err: unknown) => err instanceof ApiError && (err.status === 403 || err.status === 401);
const notAllowed = 'Du har ikke adgang til kommunens detaljerede it-oversigt (systemer og kontrakter), kun til de samlede tal. Kommunen bestemmer selv, hvem der må se oversigten.';

export async function renderMunicipality(main: HTMLElement, code: number): Promise<void> {
  const status = statusLine(`Henter tallene for kommune ${code} …`);
  const h1 = el('h1', {}, `Kommune ${code}`);
  main.replaceChildren(el('p', { className: 'back' }, el('a', { attrs: { href: '/', 'data-link': '' } }, '← Alle kommuner')), h1, status);
  const today = todayIso();
  const [muni, score, systems, contracts] = await Promise.allSettled([fetchMunicipality(code), fetchMunicipalityScore(code), fetchSystems(code), fetchContracts(code, today)]);
  const name = muni.status === 'fulfilled' ? muni.value.name : `Kommune ${code}`;
  h1.textContent = name;
  document.title = `${name} – Handlefrihed`;
  if (score.status === 'rejected') {
    status.replaceWith(errorLine(`${name}s score kunne ikke hentes: ${reason(score.reason)}`));
    return;
  }
  const view = score.value;
  const sections = [headline(view), reachSection(view)];
  const hidden = [systems, contracts].some((r) => r.status === 'rejected' && forbidden(r.reason));
  if (hidden) sections.push(el('p', { className: 'notice', role: 'note' }, notAllowed));
  sections.push(treemapSection(systems), prioritySection(view, hidden), contractSection(contracts, today));
  main.append(...sections);
  status.textContent = `${name}: tal opgjort pr. ${view.asOf}.`;
}

function figureBox(label: string, value: string, detail: string): HTMLElement {
  return el('div', { className: 'figure-box' }, el('dt', {}, label), el('dd', {}, el('span', { className: 'big' }, value), el('span', { className: 'detail' }, detail)));
}

function headline(view: MunicipalityScoreView): HTMLElement {
  const s = view.score;
  const L = s.lockin.L;
  const conf = s.confidence;
  const spend = s.concentration.spend ?? s.concentration.exposure;
  const basis = s.concentration.spend ? 'udgifter' : 'eksponering';
  const vendorName = (id: string) => s.vendors.find((v) => v.vendorId === id)?.name ?? `leverandør ${id}`;
  const boxes = el(
    'dl',
    { className: 'headline' },
    figureBox('Leverandørbinding L', L == null ? '–' : whole(L), L == null
      ? 'ingen systemer'
      : `bånd ${bandOf(L)} af A–E · datasikkerhed ${conf.level} (${numberFormat('da', { maximumFractionDigits: 2 })(conf.value)})${conf.provisional ? ', foreløbig' : ''}`),
    figureBox('Effektivt antal leverandører', spend && Number.isFinite(spend.nEff) ? one(spend.nEff) : '–', `beregnet på ${basis} (HHI ${spend ? whole(spend.hhi) : '–'})`),
    figureBox('Største leverandørs andel', spend ? pct(spend.cr1.share) : '–', spend ? `${vendorName(spend.cr1.id)}, af ${basis}` : 'ingen udgifter kendt'),
    figureBox('Andel under ikke-EU-jurisdiktion', s.jurisdiction.nonEuShare == null ? '–' : pct(s.jurisdiction.nonEuShare), 'af eksponeringen'),
  );
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'headline-heading' } },
    el('h2', { id: 'headline-heading' }, 'Nøgletal'),
    boxes,
    el('p', { className: 'chart-note' }, `${whole(s.systemCount)} systemer, opgjort pr. ${view.asOf}. L går fra 0 (let at skifte) til 100 (stærkt bundet).`));
}

function reachSection(view: MunicipalityScoreView): HTMLElement {
  const rows: ReachRow[] = [...view.score.vendors]
    .sort((a, b) => b.reach - a.reach)
    .slice(0, 10)
    .map((v) => ({ id: v.vendorId, name: v.name ?? `Leverandør ${v.vendorId}`, direct: v.directReach, transitive: v.reach }));
  const svg = reachBars(rows, { width: 720, height: 60 + rows.length * 34, id: 'reach' });
  const figure = chartFigure({ id: 'reach-figure', caption: 'Direkte og samlet rækkevidde for de ti leverandører med størst rækkevidde.', summary: reachSummary(rows), svg, table: reachTable(rows) });
  // The scores name vendors by their ultimate parent's numeric id: each row links to its page.
  const hrefs = rows.map((r) => (/^\d+$/.test(r.id) ? `/leverandoerer/${r.id}` : null));
  linkRowHeaders(figure.querySelector('table')!, hrefs);
  const links = rows.flatMap((r, i) => (hrefs[i] ? [el('li', {}, el('a', { attrs: { href: hrefs[i]!, 'data-link': '' } }, r.name))] : []));
  return el('section', { className: 'panel', attrs: { 'aria-labelledby': 'reach-heading' } },
    el('h2', { id: 'reach-heading' }, 'Hvem afhænger kommunen af?'),
    figure,
    el('nav', { className: 'vendor-links', attrs: { 'aria-label': 'Leverandørerne i figuren' } }, el('span', {}, 'Se leverandøren: '), el('ul', {}, ...links)));
}

/** Exposure by supplier → product: the eight largest suppliers, each with its six largest products; the rest summed. */
export function exposureRows(systems: SystemRow[]): TreemapRow[] {
  const byVendor = new Map<string, Map<string, number>>();
  for (const s of systems) {
    const vendor = s.supplier ?? 'Ukendt leverandør';
    const products = byVendor.get(vendor) ?? new Map<string, number>();
    products.set(s.product, (products.get(s.product) ?? 0) + s.exposure);
    byVendor.set(vendor, products);
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const vendors = [...byVendor].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]));
  const rows: TreemapRow[] = [];
  for (const [vendor, products] of vendors.slice(0, 8)) {
    const sorted = [...products].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [product, value] of sorted.slice(0, 6)) rows.push({ vendorId: vendor, vendor, productId: product, product, value });
    const rest = sorted.slice(6).reduce((a, [, v]) => a + v, 0);
    if (rest > 0) rows.push({ vendorId: vendor, vendor, productId: '…', product: 'Øvrige produkter', value: rest });
  }
  const others = vendors.slice(8).reduce((a, [, m]) => a + total(m), 0);
  if (others > 0) rows.push({ vendorId: '…', vendor: 'Øvrige leverandører', productId: '…', product: `${vendors.length - 8} leverandører`, value: others });
  return rows;
}

function treemapSection(systems: PromiseSettledResult<{ items: SystemRow[] }>): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'tree-heading' } }, el('h2', { id: 'tree-heading' }, 'Hvor ligger eksponeringen?'));
  if (systems.status === 'rejected') {
    section.append(forbidden(systems.reason) ? el('p', {}, 'Fordelingen på produkter bygger på kommunens systemer, som du ikke har adgang til.') : errorLine(`Systemerne kunne ikke hentes: ${reason(systems.reason)}`));
    return section;
  }
  const rows = exposureRows(systems.value.items);
  const format = numberFormat('da', { maximumFractionDigits: 1 });
  const svg = treemap(rows, { width: 720, height: 360, id: 'exposure', format });
  section.append(chartFigure({
    id: 'exposure-figure', caption: 'Eksponering (kritikalitetsvægt) fordelt på leverandører og produkter.', summary: treeSummary(rows, 'da', { format }), svg,
    table: treeTable(rows, 'da', { format }),
  }));
  return section;
}

const flagText: Record<string, string> = {
  jurisdiction: 'ikke-EU-jurisdiktion',
  'no-exit-route': 'ingen exit-vej',
  'structural-lockin': 'strukturel binding',
  'critical-without-plan': 'kritisk uden exit-plan',
};

function prioritySection(view: MunicipalityScoreView, hidden: boolean): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'prio-heading' } }, el('h2', { id: 'prio-heading' }, 'Hvor bør kommunen begynde?'));
  if (view.topPriorities.length === 0) {
    section.append(el('p', {}, hidden ? 'Listen over systemer bygger på kommunens it-oversigt, som du ikke har adgang til.' : 'Der er ingen systemer at prioritere.'));
    return section;
  }
  const table = dataTable({
    columns: ['System', 'Leverandør', 'Binding L', 'Bånd', 'Kritikalitet', 'Næste exit', 'Advarsler'],
    rows: view.topPriorities.map((p) => [p.name, p.supplier ?? '–', whole(p.L), p.band, p.criticality ?? 'ukendt', p.nextExit ?? 'ukendt', p.flags.map((f) => flagText[f] ?? f).join(', ') || '–']),
  }, 'De ti systemer med højest exit-prioritet (binding gange kritikalitet). Vælg et system for at se, hvorfor det er bundet, og hvilke alternativer der findes.');
  linkRowHeaders(table, view.topPriorities.map((p) => `/systemer/${p.usageId}`));
  section.append(table);
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
      vendor: c.supplier ?? 'ukendt leverandør',
      end: c.validTo!,
      ...(c.validFrom ? { start: c.validFrom } : {}),
      ...(c.noticeDeadline ? { noticeDeadline: c.noticeDeadline } : {}),
    }));
}

function contractSection(contracts: PromiseSettledResult<{ items: ContractListRow[]; total: number }>, today: string): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'contracts-heading' } }, el('h2', { id: 'contracts-heading' }, 'Hvornår kan kommunen handle?'));
  if (contracts.status === 'rejected') {
    section.append(forbidden(contracts.reason) ? el('p', {}, 'Kontrakterne er en del af kommunens it-oversigt, som du ikke har adgang til.') : errorLine(`Kontrakterne kunne ikke hentes: ${reason(contracts.reason)}`));
    return section;
  }
  const rows = contractRows(contracts.value.items);
  if (rows.length === 0) {
    section.append(el('p', {}, 'Der er ingen løbende kontrakter registreret.'));
    return section;
  }
  const svg = contractTimeline(rows, { width: 900, height: 80 + rows.length * 28, today, id: 'contracts' });
  const shown = rows.length < contracts.value.total ? ` (de ${rows.length} med nærmeste frist af ${contracts.value.total} løbende)` : '';
  section.append(chartFigure({
    id: 'contracts-figure', caption: `Løbende kontrakter, opsigelsesfrister og exit-vinduer${shown}.`, summary: contractSummary(rows, 'da', { today }), svg,
    table: contractTable(rows, 'da', { today }),
  }));
  return section;
}
