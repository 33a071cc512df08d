// Cooperation matchmaking (route /samarbejde): choose a product and how many months a window
// stays open; the clusters of municipalities whose exit windows overlap, as a table and a
// timeline, and the chosen municipality's potential partners. The query lives in the URL.
import './cooperation.css';
import { coverageLine } from '../coverage.ts';
import type { SessionView } from '../../../server/src/api-types.ts';
import { cooperationTimeline, summary as timelineSummary, tableRows as timelineTable, type SharedWindow, type WindowRow } from '../charts/cooperation-timeline.ts';
import { numberFormat } from '../charts/common.ts';
import { formatDate } from '../charts/contract-timeline.ts';
import { type CooperationAnswer, type CooperationProduct, fetchCooperation, fetchCooperationProducts } from '../data/cooperation.ts';
import { fetchMunicipalities } from '../data/api.ts';
import { el } from '../dom.ts';
import { chartFigure, errorLine, statusLine } from '../figure.ts';
import { collator } from '../format.ts';
import { lang, tr } from '../i18n.ts';

const DEFAULT_MONTHS = 12;
const dkk = () => numberFormat(lang(), { maximumFractionDigits: 0 });
const date = (s: string) => formatDate(lang())(new Date(`${s}T00:00:00Z`));
/** A window as "1. feb. 2028 – 1. jun. 2028"; a window of one day is that one date. */
const period = (w: { from: string; to: string }) => (w.from === w.to ? date(w.from) : `${date(w.from)} – ${date(w.to)}`);

function readQuery(): { product: number | null; windowMonths: number; municipality: number | null } {
  const q = new URLSearchParams(location.search);
  const num = (k: string) => (q.get(k) && /^\d+$/.test(q.get(k)!) ? Number(q.get(k)) : null);
  const months = num('windowMonths');
  return { product: num('product'), windowMonths: months && months >= 1 && months <= 60 ? months : DEFAULT_MONTHS, municipality: num('municipality') };
}

export async function renderCooperation(main: HTMLElement, session?: SessionView): Promise<void> {
  document.title = `${tr('Samarbejde om exit', 'Cooperation on exit')} – Handlefrihed`;
  const status = statusLine(tr('Henter produkter …', 'Loading products …'));
  main.replaceChildren(
    el('h1', {}, tr('Samarbejde om exit', 'Cooperation on exit')),
    el('p', {}, tr(
      'Kommuner, der bruger samme produkt, og hvis exitvinduer overlapper, er naturlige partnere til et fælles udbud eller en fælles open source-løsning. Et vindue åbner ved kommunens næste exit uden bod og står åbent i det valgte antal måneder. Du ser kun kommuner, hvis it-oversigt du har adgang til.',
      'Municipalities that use the same product and whose exit windows overlap are natural partners for a joint procurement or a joint open-source adoption. A window opens at the municipality’s next exit without penalty and stays open for the chosen number of months. You only see municipalities whose IT inventory you may access.',
    )),
    coverageLine(),
    status,
  );
  let products: CooperationProduct[];
  let names = new Map<number, string>();
  try {
    [products, names] = await Promise.all([
      fetchCooperationProducts(),
      fetchMunicipalities().then((l) => new Map(l.items.map((m) => [m.code, m.name]))).catch(() => new Map<number, string>()),
    ]);
  } catch (err) {
    status.replaceWith(errorLine(`${tr('Produkterne kunne ikke hentes', 'The products could not be loaded')}: ${err instanceof Error ? err.message : String(err)}`));
    return;
  }
  if (!products.length) {
    status.replaceWith(el('p', {}, tr('Ingen produkter bruges af mindst to kommuner, hvis oversigt du har adgang til.', 'No product is used by at least two municipalities whose inventory you may access.')));
    return;
  }
  const query = readQuery();
  const own = session?.municipalities ?? [];
  const product = el('select', { id: 'cooperation-product', attrs: { name: 'product' } },
    ...[...products].sort((a, b) => collator.compare(a.name, b.name)).map((p) => el('option', { attrs: { value: String(p.id) } },
      `${p.name}${p.vendorName ? ` (${p.vendorName})` : ''} – ${tr(`${p.municipalityCount} kommuner`, `${p.municipalityCount} municipalities`)}`)));
  product.value = String(query.product && products.some((p) => p.id === query.product) ? query.product : products[0]!.id);
  const months = el('input', { id: 'cooperation-months', attrs: { type: 'number', name: 'windowMonths', min: '1', max: '60', step: '1', value: String(query.windowMonths), inputmode: 'numeric', 'aria-describedby': 'cooperation-months-error' } });
  const monthsError = el('p', { className: 'field-error', id: 'cooperation-months-error', role: 'alert' });
  const municipality = el('select', { id: 'cooperation-municipality', attrs: { name: 'municipality' } },
    el('option', { attrs: { value: '' } }, tr('Ingen valgt', 'None chosen')),
    ...[...names].sort((a, b) => collator.compare(a[1], b[1])).map(([code, name]) => el('option', { attrs: { value: String(code) } }, name)));
  municipality.value = String(query.municipality ?? (own.length === 1 ? own[0] : '') ?? '');
  const form = el('form', { className: 'cooperation-controls', attrs: { novalidate: '', 'aria-label': tr('Vælg produkt og vindue', 'Choose product and window') } },
    el('div', { className: 'field' }, el('label', { attrs: { for: product.id } }, tr('Produkt', 'Product')), product),
    el('div', { className: 'field' }, el('label', { attrs: { for: months.id } }, tr('Vinduets længde i måneder (1–60)', 'Window length in months (1–60)')), months, monthsError),
    el('div', { className: 'field' }, el('label', { attrs: { for: municipality.id } }, tr('Min kommune (vis partnere)', 'My municipality (show partners)')), municipality),
    el('button', { attrs: { type: 'submit' } }, tr('Vis klynger', 'Show clusters')));
  const results = el('div', { id: 'cooperation-results', attrs: { 'aria-live': 'polite' } });
  status.replaceWith(form, results);

  const show = async () => {
    const m = Number(months.value);
    if (!Number.isInteger(m) || m < 1 || m > 60) {
      months.setAttribute('aria-invalid', 'true');
      monthsError.textContent = tr('Skriv et helt antal måneder fra 1 til 60.', 'Enter a whole number of months from 1 to 60.');
      months.focus();
      return;
    }
    months.removeAttribute('aria-invalid');
    monthsError.textContent = '';
    const q = { product: Number(product.value), windowMonths: m, municipality: municipality.value ? Number(municipality.value) : null };
    const search = new URLSearchParams({ product: String(q.product), windowMonths: String(q.windowMonths), ...(q.municipality ? { municipality: String(q.municipality) } : {}) });
    history.replaceState(null, '', `${location.pathname}?${search}`);
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(statusLine(tr('Finder klynger …', 'Finding clusters …')));
    try {
      const answer = await fetchCooperation(q);
      results.replaceChildren(...answerView(answer));
    } catch (err) {
      results.replaceChildren(errorLine(`${tr('Klyngerne kunne ikke hentes', 'The clusters could not be loaded')}: ${err instanceof Error ? err.message : String(err)}`));
    } finally {
      results.removeAttribute('aria-busy');
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  await show();
}

function answerView(a: CooperationAnswer): HTMLElement[] {
  const out: HTMLElement[] = [];
  const n = a.clusters.length;
  out.push(el('h2', { id: 'clusters-heading' }, tr(`${a.product.name}: ${n} ${n === 1 ? 'klynge' : 'klynger'} med ${a.windowMonths} måneders vindue`, `${a.product.name}: ${n} ${n === 1 ? 'cluster' : 'clusters'} with a ${a.windowMonths}-month window`)));
  const notes: string[] = [];
  if (a.withheldCount) notes.push(tr(`${a.withheldCount} kommuner bruger produktet, men deres oversigt er ikke synlig for dig; de indgår ikke.`, `${a.withheldCount} municipalities use the product, but their inventory is not visible to you; they are not included.`));
  if (a.unknownExit.length) notes.push(tr(`Ukendt exit (ingen kontrakt med kendt udløb): ${a.unknownExit.map((u) => u.name).join(', ')}.`, `Unknown exit (no contract with a known end): ${a.unknownExit.map((u) => u.name).join(', ')}.`));
  for (const note of notes) out.push(el('p', { className: 'chart-note' }, note));

  if (a.municipality) out.push(partnerSection(a));
  if (!n) {
    out.push(el('p', { id: 'no-clusters' }, tr('Ingen exitvinduer overlapper med det valgte vindue. Prøv et længere vindue.', 'No exit windows overlap with the chosen window. Try a longer window.')));
  } else {
    const d = dkk();
    const table = el('table', { className: 'data-table', id: 'cluster-table' },
      el('caption', {}, tr('Klynger af kommuner med overlappende exitvinduer: det fælles vindue, kommunerne (med deres exit) og den samlede årlige udgift til produktet.', 'Clusters of municipalities with overlapping exit windows: the shared window, the municipalities (with their exit) and the combined yearly spend on the product.')),
      el('thead', {}, el('tr', {}, ...[tr('Klynge', 'Cluster'), tr('Fælles vindue', 'Shared window'), tr('Kommuner (exit)', 'Municipalities (exit)'), tr('Samlet årlig udgift, kr.', 'Combined yearly spend, DKK')].map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
      el('tbody', {}, ...a.clusters.map((c, i) => el('tr', {},
        el('th', { attrs: { scope: 'row' } }, String(i + 1)),
        el('td', {}, period(c.sharedWindow)),
        el('td', {}, c.members.map((m) => `${m.name} (${date(m.nextExit)})`).join(', ')),
        el('td', { className: 'number' }, d(c.combinedSpendDkk) + (c.spendUnknownCount ? tr(` (+ ${c.spendUnknownCount} ukendt)`, ` (+ ${c.spendUnknownCount} unknown)`) : '')))),
      ));
    out.push(el('div', { className: 'table-scroll' }, table));
  }
  if (a.windows.length) {
    const rows: WindowRow[] = a.windows.map((w) => ({ id: String(w.municipalityCode), name: w.name, from: w.window.from, to: w.window.to, own: a.municipality?.code === w.municipalityCode }));
    const shared: SharedWindow[] = a.clusters.map((c, i) => ({ id: `cluster-${i + 1}`, from: c.sharedWindow.from, to: c.sharedWindow.to, memberIds: c.members.map((m) => String(m.municipalityCode)) }));
    const language = lang();
    out.push(chartFigure({
      id: 'cooperation-figure',
      caption: tr('Exitvinduer for produktet; skraverede felter er klyngernes fælles vinduer.', 'Exit windows for the product; hatched areas are the clusters’ shared windows.'),
      summary: timelineSummary(rows, shared, language),
      svg: cooperationTimeline(rows, { width: 760, height: 70 + rows.length * 26, clusters: shared, lang: language, id: 'cooperation-timeline' }),
      table: timelineTable(rows, shared, language),
    }));
  }
  return out;
}

function partnerSection(a: CooperationAnswer): HTMLElement {
  const m = a.municipality!;
  const name = m.name ?? String(m.code);
  const section = el('section', { className: 'panel', id: 'partners', attrs: { 'aria-labelledby': 'partners-heading' } },
    el('h2', { id: 'partners-heading' }, tr(`${name}s mulige partnere`, `${name}’s potential partners`)));
  if (!m.own) {
    section.append(el('p', {}, tr(`${name} bruger ikke ${a.product.name}, eller exit er ukendt.`, `${name} does not use ${a.product.name}, or its exit is unknown.`)));
    return section;
  }
  section.append(el('p', {}, tr(`${name}s vindue: ${period(m.own.window)}.`, `${name}’s window: ${period(m.own.window)}.`)));
  if (!m.partners.length) {
    section.append(el('p', {}, tr('Ingen andre kommuners vindue overlapper.', 'No other municipality’s window overlaps.')));
    return section;
  }
  const d = dkk();
  section.append(el('table', { className: 'data-table', id: 'partner-table' },
    el('caption', {}, tr(`Kommuner hvis exitvindue for ${a.product.name} overlapper ${name}s.`, `Municipalities whose exit window for ${a.product.name} overlaps ${name}’s.`)),
    el('thead', {}, el('tr', {}, ...[tr('Kommune', 'Municipality'), tr('Exit', 'Exit'), tr('Fælles periode', 'Shared period'), tr('Årlig udgift, kr.', 'Yearly spend, DKK')].map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
    el('tbody', {}, ...m.partners.map((p) => el('tr', {},
      el('th', { attrs: { scope: 'row' } }, p.member.name),
      el('td', {}, date(p.member.nextExit)),
      el('td', {}, period(p.sharedWindow)),
      el('td', { className: 'number' }, p.member.yearlySpendDkk === null ? tr('ukendt', 'unknown') : d(p.member.yearlySpendDkk)))))));
  return section;
}
