// One vendor (route /leverandoerer/{vendorId}): who owns it up to the ultimate parent and under
// which jurisdiction, its group's direct and transitive reach nationally and per municipality,
// and the catalogue products it holds the rights to.
import { categoryName } from '../../../server/src/domain/categories.ts';
import { formatInteger, formatPercent } from '../charts/common.ts';
import { coverageLine } from '../coverage.ts';
import { reachBars, tableRows as reachTable, type ReachRow } from '../charts/reach-bars.ts';
import { fetchVendor, fetchVendorDependency, fetchVendorProducts, type ProductListRow, type VendorDependency, type VendorDetail } from '../data/api.ts';
import { el } from '../dom.ts';
import { chartFigure, chartWidth, errorLine, statusLine } from '../figure.ts';
import { collator } from '../format.ts';
import { lang, tr } from '../i18n.ts';
import { link, linkRowHeaders } from '../router.ts';
import { companyLabel, countryName, grouping, groupingSwitch } from '../vendor-grouping.ts';
import { ExplanationCache, chosenMunicipality, whySection } from './reach-paths.ts';
import { reason } from './refusal.ts';

const pct = (n: number) => formatPercent(lang())(n);
const jurisdictionText = (j: string | null) =>
  j === 'eu'
    ? tr('inden for EU/EØS', 'within the EU/EEA')
    : j === 'non_eu'
      ? tr('uden for EU/EØS (ikke-EU-jurisdiktion)', 'outside the EU/EEA (non-EU jurisdiction)')
      : tr('ukendt jurisdiktion', 'unknown jurisdiction');


export async function renderVendor(main: HTMLElement, vendorId: number): Promise<void> {
  const placeholder = `${tr('Leverandør', 'Vendor')} ${vendorId}`;
  document.title = `${placeholder} – Handlefrihed`;
  const status = statusLine(tr(`Henter leverandør ${vendorId} …`, `Loading vendor ${vendorId} …`));
  const h1 = el('h1', {}, placeholder);
  main.replaceChildren(el('p', { className: 'back' }, link('/', tr('← Alle kommuner', '← All municipalities'))), h1, status);
  const [vendor, dependency, products] = await Promise.allSettled([fetchVendor(vendorId), fetchVendorDependency(vendorId), fetchVendorProducts(vendorId)]);
  if (vendor.status === 'rejected') {
    status.replaceWith(errorLine(`${tr('Leverandøren kunne ikke hentes', 'The vendor could not be loaded')}: ${reason(vendor.reason)}`));
    return;
  }
  const v = vendor.value;
  h1.textContent = v.name;
  document.title = `${v.name} – Handlefrihed`;
  // The company and, beside it, its ultimate owner and the owner's country.
  if (v.ultimateParent && v.ultimateParentId !== v.id) main.append(el('p', { className: 'lead', id: 'vendor-owner' }, companyLabel(v.name, { name: v.ultimateParent, country: v.ultimateCountry })));
  // "Hvorfor?": the paths of one municipality, chosen on the page or by ?kommune=0101.
  const why = { cache: new ExplanationCache(vendorId), chosen: () => chosenMunicipality(location.search) };
  const reach = el('div', { className: 'vendor-reach' }, ...reachSections(v, dependency, why));
  const inGroup = dependency.status === 'fulfilled' && dependency.value.vendor.ultimateParentId !== v.id;
  const switcher = inGroup ? [groupingSwitch('vendor-grouping', () => reach.replaceChildren(...reachSections(v, dependency, why)))] : [];
  main.append(ownershipSection(v), ...switcher, reach, productSection(v, products));
  status.textContent = tr(`${v.name}: ejerskab, rækkevidde og produkter.`, `${v.name}: ownership, reach and products.`);
}

/** The role kinds as the vendor page names them (server/src/domain/vocabulary.ts vendorRoleKind). */
const ROLE_TEXT: Record<string, { da: string; en: string }> = {
  rights_holder: { da: 'rettighedshaver (ejer produkterne)', en: 'rights holder (owns the products)' },
  supplier: { da: 'leverandør/integrator', en: 'supplier/integrator' },
  reseller: { da: 'forhandler (licenspartner, ejer ikke produkterne)', en: 'reseller (licence partner, does not own the products)' },
  operator: { da: 'driftsleverandør/hosting', en: 'operator/host' },
};

function ownershipSection(v: VendorDetail): HTMLElement {
  // The vendor itself, then its parent, … up to the ultimate parent.
  const chain = el('ol', { className: 'chain', id: 'ownership-chain' },
    el('li', { attrs: { 'aria-current': 'page' } }, el('strong', {}, v.name), ` (${countryName(v.country)})`),
    ...v.parentChain.map((p) => el('li', {}, link(`/leverandoerer/${p.id}`, p.name), ` (${countryName(p.country)})`)));
  const top = v.ultimateParent ?? v.name;
  const own = v.parentChain.length === 0 ? tr(`${v.name} er selv den endelige ejer`, `${v.name} is its own ultimate owner`) : tr(`Den endelige ejer er ${top}`, `The ultimate owner is ${top}`);
  const section = el('section', { className: 'panel', id: 'ownership', attrs: { 'aria-labelledby': 'ownership-heading' } },
    el('h2', { id: 'ownership-heading' }, tr('Hvem ejer leverandøren?', 'Who owns the vendor?')),
    el('p', {}, tr(
      `${own}, med hjemsted i ${countryName(v.ultimateCountry)}: ${jurisdictionText(v.jurisdiction)}.`,
      `${own}; home country: ${countryName(v.ultimateCountry)}, ${jurisdictionText(v.jurisdiction)}.`,
    )),
    chain);
  if (v.aliases.length) section.append(el('p', {}, `${tr('Kendes også som', 'Also known as')}: ${v.aliases.map((a) => a.alias).join(', ')}.`));
  if (v.children.length) {
    section.append(el('h3', {}, tr('Datterselskaber', 'Subsidiaries')), el('ul', { className: 'children' }, ...v.children.map((c) => el('li', {}, link(`/leverandoerer/${c.id}`, c.name)))));
  }
  if (v.cvr) section.append(el('p', { className: 'chart-note' }, `CVR ${v.cvr}.`));
  if (v.cvrAsWritten) section.append(el('p', { className: 'chart-note' }, tr(`CVR som skrevet i en fil: ${v.cvrAsWritten} (ikke et gyldigt CVR-nummer, bruges ikke til at genkende leverandøren).`, `CVR as written in a file: ${v.cvrAsWritten} (not a valid CVR number, never used to recognise the vendor).`)));
  if (v.roleKind) section.append(el('p', { id: 'vendor-role' }, `${tr('Rolle', 'Role')}: ${ROLE_TEXT[v.roleKind] ? tr(ROLE_TEXT[v.roleKind]!.da, ROLE_TEXT[v.roleKind]!.en) : v.roleKind}.`));
  if (v.localToMunicipality != null) {
    section.append(el('p', { className: 'chart-note', id: 'vendor-local' }, tr(
      `Oprettet af en import i kommune ${v.localToMunicipality} og endnu ikke gennemgået: den ses kun af dem, der må se kommunens oversigt.`,
      `Created by an import of municipality ${v.localToMunicipality} and not yet reviewed: only those who may read its inventory see it.`,
    )));
  }
  return section;
}

/** Per-municipality reach, highest first (ties by name). */
export function municipalityReachRows(municipalities: VendorDependency['municipalities']): ReachRow[] {
  return [...municipalities]
    .sort((a, b) => b.reach - a.reach || collator.compare(a.name, b.name))
    .map((m) => ({ id: String(m.municipalityCode), name: m.name, direct: m.directReach, transitive: m.reach }));
}

function reachSections(v: VendorDetail, dependency: PromiseSettledResult<VendorDependency>, why: { cache: ExplanationCache; chosen: () => number | null }): HTMLElement[] {
  const national = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'national-heading' } }, el('h2', { id: 'national-heading' }, tr('Rækkevidde i hele landet', 'Reach nationally')), coverageLine());
  const local = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'municipal-heading' } }, el('h2', { id: 'municipal-heading' }, tr('Rækkevidde i kommunerne', 'Reach in the municipalities')));
  if (dependency.status === 'rejected') {
    national.append(errorLine(`${tr('Rækkevidden kunne ikke hentes', 'The reach could not be loaded')}: ${reason(dependency.reason)}`));
    return [national];
  }
  const d = dependency.value;
  const owner = d.vendor.ultimateParentName;
  const inGroup = d.vendor.ultimateParentId !== v.id;
  // By company: the company alone (KMD A/S); by owner: the whole group (NEC Corporation).
  const alone = inGroup && grouping() === 'company';
  const parent = alone ? v.name : owner;
  const group = !inGroup ? '' : alone
    ? tr(` Tallene gælder ${v.name} alene, uden resten af koncernen under ${owner}.`, ` The figures cover ${v.name} alone, without the rest of the group under ${owner}.`)
    : tr(` Tallene gælder hele koncernen under ${owner}.`, ` The figures cover the whole group under ${owner}.`);
  const n = alone ? d.byCompany.national : d.national;
  if (!n) national.append(el('p', {}, `${tr('Der er ingen nationale tal for leverandøren.', 'There are no national figures for the vendor.')}${group}`));
  else {
    national.append(
      el('dl', { className: 'headline', id: 'national-reach' },
        el('div', { className: 'figure-box' }, el('dt', {}, tr('Direkte rækkevidde', 'Direct reach')), el('dd', {}, el('span', { className: 'big' }, pct(n.directReach)), el('span', { className: 'detail' }, tr('af eksponeringen i systemer, hvor den er leverandør', 'of the exposure in systems it supplies')))),
        el('div', { className: 'figure-box' }, el('dt', {}, tr('Samlet rækkevidde', 'Total reach')), el('dd', {}, el('span', { className: 'big' }, pct(n.reach)), el('span', { className: 'detail' }, tr('også via hosting, platforme og integrationer', 'also through hosting, platforms and integrations')))),
        el('div', { className: 'figure-box' }, el('dt', {}, tr('Andel af den bundne eksponering', 'Share of the locked-in exposure')), el('dd', {}, el('span', { className: 'big' }, pct(n.lockedShare)), el('span', { className: 'detail' }, tr('vægtet med systemernes binding L', 'weighted by the systems’ lock-in L')))),
        el('div', { className: 'figure-box' }, el('dt', {}, tr('Andel af udgifterne', 'Share of spend')), el('dd', {}, el('span', { className: 'big' }, n.spendShare == null ? '–' : pct(n.spendShare)), el('span', { className: 'detail' }, tr('af de kendte udgifter', 'of the known spend')))),
      ),
      el('p', { className: 'chart-note' }, tr(
        `Rækkevidden er andelen af kommunernes eksponering (systemer vægtet med kritikalitet), der afhænger af leverandøren.${group}`,
        `Reach is the share of the municipalities’ exposure (systems weighted by criticality) that depends on the vendor.${group}`,
      )),
    );
  }
  const all = municipalityReachRows(alone ? d.byCompany.municipalities : d.municipalities);
  if (all.length === 0) {
    local.append(el('p', {}, tr('Ingen kommuner afhænger af leverandøren ifølge deres it-oversigter.', 'No municipality depends on the vendor according to their IT inventories.')));
    return [national, local];
  }
  const top = all.slice(0, 20);
  const language = lang();
  const svg = reachBars(top, { width: chartWidth(720), height: 60 + top.length * 34, id: 'vendor-reach', subject: 'municipalities', lang: language });
  const more = all.length > top.length;
  const figure = chartFigure({
    id: 'vendor-reach-figure',
    caption: tr(
      `Direkte og samlet rækkevidde i de ${top.length} kommuner, hvor ${parent} når længst${more ? `; tabellen har alle ${all.length}` : ''}.`,
      `Direct and total reach in the ${top.length} municipalities where ${parent} reaches furthest${more ? `; the table has all ${all.length}` : ''}.`,
    ),
    summary: municipalSummary(top, parent),
    svg,
    table: reachTable(all, language, { subject: 'municipalities' }),
  });
  linkRowHeaders(figure.querySelector('table')!, all.map((r) => `/kommuner/${r.id}`));
  local.append(figure);
  const reachRows = alone ? d.byCompany.municipalities : d.municipalities;
  return [national, local, whySection({ vendorName: parent, municipalities: reachRows, alone, cache: why.cache, chosen: why.chosen() })];
}

/** The figure's sentence: where this vendor reaches furthest (the chart's own names no vendor). */
export function municipalSummary(rows: ReachRow[], vendor: string): string {
  const top = rows[0];
  if (!top) return tr(`Ingen kommuner afhænger af ${vendor}.`, `No municipality depends on ${vendor}.`);
  if (pct(top.transitive) === pct(top.direct)) {
    return tr(
      `Figuren viser direkte og samlet rækkevidde for ${vendor} i ${rows.length} kommuner; længst når den i ${top.name}: ${pct(top.direct)}, og hosting, platforme og integrationer lægger intet til.`,
      `The chart shows direct and total reach of ${vendor} in ${rows.length} ${rows.length === 1 ? 'municipality' : 'municipalities'}; it reaches furthest in ${top.name}: ${pct(top.direct)}, and hosting, platforms and integrations add nothing.`,
    );
  }
  return tr(
    `Figuren viser direkte og samlet rækkevidde for ${vendor} i ${rows.length} kommuner; længst når den i ${top.name}: ${pct(top.direct)} direkte, men ${pct(top.transitive)} med hosting, platforme og integrationer.`,
    `The chart shows direct and total reach of ${vendor} in ${rows.length} ${rows.length === 1 ? 'municipality' : 'municipalities'}; it reaches furthest in ${top.name}: ${pct(top.direct)} direct, but ${pct(top.transitive)} with hosting, platforms and integrations.`,
  );
}

function productSection(v: VendorDetail, products: PromiseSettledResult<{ items: ProductListRow[]; total: number }>): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'products-heading' } }, el('h2', { id: 'products-heading' }, tr('Produkter', 'Products')));
  if (products.status === 'rejected') {
    section.append(errorLine(`${tr('Produkterne kunne ikke hentes', 'The products could not be loaded')}: ${reason(products.reason)}`));
    return section;
  }
  const { items, total } = products.value;
  if (items.length === 0) {
    section.append(el('p', {}, tr(`Kataloget har ingen produkter, som ${v.name} har rettighederne til.`, `The catalogue has no products that ${v.name} holds the rights to.`)));
    return section;
  }
  const more = total > items.length ? tr(` (de første ${items.length} af ${total})`, ` (the first ${items.length} of ${total})`) : '';
  const count = formatInteger(lang());
  const columns = [tr('Produkt', 'Product'), tr('Kategori', 'Category'), tr('Licensmodel', 'Licence model'), tr('Kommuner der bruger det', 'Municipalities using it'), tr('Open source-alternativer', 'Open-source alternatives')];
  section.append(el('div', { className: 'table-scroll' }, el('table', { className: 'data-table', id: 'products' },
    el('caption', {}, tr(`Produkter i kataloget, som ${v.name} har rettighederne til${more}.`, `Products in the catalogue that ${v.name} holds the rights to${more}.`)),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
    el('tbody', {}, ...items.map((p) => el('tr', {},
      el('th', { attrs: { scope: 'row' } }, p.name),
      el('td', {}, p.category ? categoryName(p.category, lang()) : '–'),
      el('td', {}, licenceText(p.licenseModel)),
      el('td', { className: 'num' }, count(p.usageCount)),
      el('td', { className: 'num' }, count(p.alternativeCount)),
    ))),
  )));
  return section;
}

const licences: Record<string, { da: string; en: string }> = {
  proprietary: { da: 'proprietær', en: 'proprietary' },
  open_source: { da: 'open source', en: 'open source' },
  freeware: { da: 'freeware', en: 'freeware' },
};
const licenceText = (model: string | null) => {
  const known = model ? licences[model] : undefined;
  return known ? known[lang()] : (model ?? tr('ukendt', 'unknown'));
};
