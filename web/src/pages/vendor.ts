// One vendor (route /leverandoerer/{vendorId}): who owns it up to the ultimate parent and under
// which jurisdiction, its group's direct and transitive reach nationally and per municipality,
// and the catalogue products it holds the rights to.
import { formatPercent } from '../charts/common.ts';
import { reachBars, tableRows as reachTable, type ReachRow } from '../charts/reach-bars.ts';
import { fetchVendor, fetchVendorDependency, fetchVendorProducts, type ProductListRow, type VendorDependency, type VendorDetail } from '../data/api.ts';
import { el } from '../dom.ts';
import { chartFigure, errorLine, statusLine } from '../figure.ts';
import { collator, formatInteger } from '../format.ts';
import { link, linkRowHeaders } from '../router.ts';

const pct = formatPercent('da');
const regions = new Intl.DisplayNames(['da'], { type: 'region' });
const countryName = (code: string | null) => {
  if (!code) return 'ukendt land';
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
};
const jurisdictionText = (j: string | null) =>
  j === 'eu' ? 'inden for EU/EØS' : j === 'non_eu' ? 'uden for EU/EØS (ikke-EU-jurisdiktion)' : 'ukendt jurisdiktion';

const reason = (err: unknown) => (err instanceof Error && err.message ? err.message : String(err));

export async function renderVendor(main: HTMLElement, vendorId: number): Promise<void> {
  const status = statusLine(`Henter leverandør ${vendorId} …`);
  const h1 = el('h1', {}, `Leverandør ${vendorId}`);
  main.replaceChildren(el('p', { className: 'back' }, link('/', '← Alle kommuner')), h1, status);
  const [vendor, dependency, products] = await Promise.allSettled([fetchVendor(vendorId), fetchVendorDependency(vendorId), fetchVendorProducts(vendorId)]);
  if (vendor.status === 'rejected') {
    status.replaceWith(errorLine(`Leverandøren kunne ikke hentes: ${reason(vendor.reason)}`));
    return;
  }
  const v = vendor.value;
  h1.textContent = v.name;
  document.title = `${v.name} – Handlefrihed`;
  main.append(ownershipSection(v), ...reachSections(v, dependency), productSection(v, products));
  status.textContent = `${v.name}: ejerskab, rækkevidde og produkter.`;
}

function ownershipSection(v: VendorDetail): HTMLElement {
  // The vendor itself, then its parent, … up to the ultimate parent.
  const chain = el('ol', { className: 'chain', id: 'ownership-chain' },
    el('li', { attrs: { 'aria-current': 'page' } }, el('strong', {}, v.name), ` (${countryName(v.country)})`),
    ...v.parentChain.map((p) => el('li', {}, link(`/leverandoerer/${p.id}`, p.name), ` (${countryName(p.country)})`)));
  const top = v.ultimateParent ?? v.name;
  const own = v.parentChain.length === 0 ? `${v.name} er selv den endelige ejer` : `Den endelige ejer er ${top}`;
  const section = el('section', { className: 'panel', id: 'ownership', attrs: { 'aria-labelledby': 'ownership-heading' } },
    el('h2', { id: 'ownership-heading' }, 'Hvem ejer leverandøren?'),
    el('p', {}, `${own}, med hjemsted i ${countryName(v.ultimateCountry)}: ${jurisdictionText(v.jurisdiction)}.`),
    chain);
  if (v.aliases.length) section.append(el('p', {}, `Kendes også som: ${v.aliases.map((a) => a.alias).join(', ')}.`));
  if (v.children.length) {
    section.append(el('h3', {}, 'Datterselskaber'), el('ul', { className: 'children' }, ...v.children.map((c) => el('li', {}, link(`/leverandoerer/${c.id}`, c.name)))));
  }
  if (v.cvr) section.append(el('p', { className: 'chart-note' }, `CVR ${v.cvr}.`));
  return section;
}

/** Per-municipality reach, highest first (ties by name). */
export function municipalityReachRows(d: VendorDependency): ReachRow[] {
  return [...d.municipalities]
    .sort((a, b) => b.reach - a.reach || collator.compare(a.name, b.name))
    .map((m) => ({ id: String(m.municipalityCode), name: m.name, direct: m.directReach, transitive: m.reach }));
}

function reachSections(v: VendorDetail, dependency: PromiseSettledResult<VendorDependency>): HTMLElement[] {
  const national = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'national-heading' } }, el('h2', { id: 'national-heading' }, 'Rækkevidde i hele landet'));
  const local = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'municipal-heading' } }, el('h2', { id: 'municipal-heading' }, 'Rækkevidde i kommunerne'));
  if (dependency.status === 'rejected') {
    national.append(errorLine(`Rækkevidden kunne ikke hentes: ${reason(dependency.reason)}`));
    return [national];
  }
  const d = dependency.value;
  const group = d.vendor.ultimateParentId !== v.id ? ` Tallene gælder hele koncernen under ${d.vendor.ultimateParentName}.` : '';
  const n = d.national;
  if (!n) national.append(el('p', {}, `Der er ingen nationale tal for leverandøren.${group}`));
  else {
    national.append(
      el('dl', { className: 'headline', id: 'national-reach' },
        el('div', { className: 'figure-box' }, el('dt', {}, 'Direkte rækkevidde'), el('dd', {}, el('span', { className: 'big' }, pct(n.directReach)), el('span', { className: 'detail' }, 'af eksponeringen i systemer, hvor den er leverandør'))),
        el('div', { className: 'figure-box' }, el('dt', {}, 'Samlet rækkevidde'), el('dd', {}, el('span', { className: 'big' }, pct(n.reach)), el('span', { className: 'detail' }, 'også via hosting, platforme og integrationer'))),
        el('div', { className: 'figure-box' }, el('dt', {}, 'Andel af den bundne eksponering'), el('dd', {}, el('span', { className: 'big' }, pct(n.lockedShare)), el('span', { className: 'detail' }, 'vægtet med systemernes binding L'))),
        el('div', { className: 'figure-box' }, el('dt', {}, 'Andel af udgifterne'), el('dd', {}, el('span', { className: 'big' }, n.spendShare == null ? '–' : pct(n.spendShare)), el('span', { className: 'detail' }, 'af de kendte udgifter'))),
      ),
      el('p', { className: 'chart-note' }, `Rækkevidden er andelen af kommunernes eksponering (systemer vægtet med kritikalitet), der afhænger af leverandøren.${group}`),
    );
  }
  const all = municipalityReachRows(d);
  if (all.length === 0) {
    local.append(el('p', {}, 'Ingen kommuner afhænger af leverandøren ifølge deres it-oversigter.'));
    return [national, local];
  }
  const top = all.slice(0, 20);
  const svg = reachBars(top, { width: 720, height: 60 + top.length * 34, id: 'vendor-reach', subject: 'municipalities' });
  const figure = chartFigure({
    id: 'vendor-reach-figure',
    caption: `Direkte og samlet rækkevidde i de ${top.length} kommuner, hvor ${d.vendor.ultimateParentName} når længst${all.length > top.length ? `; tabellen har alle ${all.length}` : ''}.`,
    summary: municipalSummary(top, d.vendor.ultimateParentName),
    svg,
    table: reachTable(all, 'da', { subject: 'municipalities' }),
  });
  linkRowHeaders(figure.querySelector('table')!, all.map((r) => `/kommuner/${r.id}`));
  local.append(figure);
  return [national, local];
}

/** The figure's sentence: where this vendor reaches furthest (the chart's own names no vendor). */
export function municipalSummary(rows: ReachRow[], vendor: string): string {
  const top = rows[0];
  if (!top) return `Ingen kommuner afhænger af ${vendor}.`;
  return `Figuren viser direkte og samlet rækkevidde for ${vendor} i ${rows.length} kommuner; længst når den i ${top.name}: ${pct(top.direct)} direkte, men ${pct(top.transitive)} med hosting, platforme og integrationer.`;
}

function productSection(v: VendorDetail, products: PromiseSettledResult<{ items: ProductListRow[]; total: number }>): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'products-heading' } }, el('h2', { id: 'products-heading' }, 'Produkter'));
  if (products.status === 'rejected') {
    section.append(errorLine(`Produkterne kunne ikke hentes: ${reason(products.reason)}`));
    return section;
  }
  const { items, total } = products.value;
  if (items.length === 0) {
    section.append(el('p', {}, `Kataloget har ingen produkter, som ${v.name} har rettighederne til.`));
    return section;
  }
  const more = total > items.length ? ` (de første ${items.length} af ${total})` : '';
  section.append(el('div', { className: 'table-scroll' }, el('table', { className: 'data-table', id: 'products' },
    el('caption', {}, `Produkter i kataloget, som ${v.name} har rettighederne til${more}.`),
    el('thead', {}, el('tr', {}, ...['Produkt', 'Kategori', 'Licensmodel', 'Kommuner der bruger det', 'Open source-alternativer'].map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
    el('tbody', {}, ...items.map((p) => el('tr', {},
      el('th', { attrs: { scope: 'row' } }, p.name),
      el('td', {}, p.category ?? '–'),
      el('td', {}, licenceText[p.licenseModel ?? ''] ?? p.licenseModel ?? 'ukendt'),
      el('td', { className: 'num' }, formatInteger(p.usageCount)),
      el('td', { className: 'num' }, formatInteger(p.alternativeCount)),
    ))),
  )));
  return section;
}

const licenceText: Record<string, string> = { proprietary: 'proprietær', open_source: 'open source', freeware: 'freeware' };
