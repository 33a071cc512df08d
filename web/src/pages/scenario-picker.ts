// One replacement of the scenario builder (issue #14): WHAT — any product of the inventory, or
// any subset of its usages by the file's own names (a searchable list grouped by product, with
// counts) — and WITH WHAT — one or several entries of the whole catalogue (searchable). The pure
// parts (search, the spec a choice makes) are exported for tests.
import type { ReplacementSpec, ScenarioOptions } from '../data/solutions.ts';
import { el } from '../dom.ts';
import { tr } from '../i18n.ts';

type Product = ScenarioOptions['products'][number];
type Entry = ScenarioOptions['catalogue'][number];

/** Lower-case, accents kept (Danish æøå matter), whitespace collapsed. */
export const searchText = (...parts: Array<string | null | undefined>) => parts.filter(Boolean).join(' ').toLocaleLowerCase('da').replace(/\s+/g, ' ');

/** Every word of the query occurs in the text. */
export const matches = (text: string, query: string) => searchText(query).split(' ').filter(Boolean).every((w) => text.includes(w));

/**
 * The spec a choice makes: a product whose every usage is chosen is named as the product, the
 * others by their usages; one product and one candidate keep the original shape.
 */
export function replacementOf(chosen: Array<{ product: Product; usages: string[] }>, candidates: string[], from: string | null): ReplacementSpec | null {
  const products: string[] = [];
  const usages: string[] = [];
  for (const c of chosen) {
    if (c.usages.length === 0) continue;
    if (c.usages.length === c.product.usages.length) products.push(c.product.ref);
    else usages.push(...c.usages);
  }
  if ((products.length === 0 && usages.length === 0) || candidates.length === 0) return null;
  if (products.length === 1 && usages.length === 0 && candidates.length === 1) return { product: products[0]!, alternative: candidates[0]!, from };
  return { ...(products.length ? { products } : {}), ...(usages.length ? { usages } : {}), alternatives: candidates, from };
}

const usageCount = (n: number) => (n === 1 ? tr('1 brug', '1 usage') : tr(`${n} brug`, `${n} usages`));

function kindOf(e: Entry): string {
  if (e.kind === 'product') return tr('katalogprodukt', 'catalogue product');
  return e.state === 'published' ? tr('åbent alternativ', 'open alternative') : tr('åbent alternativ, ikke verificeret', 'open alternative, unverified');
}

export interface PickerRow {
  element: HTMLLIElement;
  /** The replacement as chosen, or null when either side is empty. */
  spec(): ReplacementSpec | null;
  /** Ticks these products (refs) and candidates (refs). */
  choose(products: string[], candidates: string[]): void;
  focus(): void;
}

/** A search box over a list whose items carry `data-search`: non-matching items are hidden, the count announced. */
function searchable(id: string, label: string, list: HTMLElement, countText: (shown: number) => string): HTMLElement {
  const input = el('input', { id, attrs: { type: 'search', autocomplete: 'off', 'aria-controls': list.id } });
  const count = el('span', { className: 'pick-count', attrs: { 'aria-live': 'polite' } });
  const items = () => [...list.children] as HTMLElement[];
  const apply = () => {
    let shown = 0;
    for (const item of items()) {
      const hit = matches(item.dataset.search ?? '', input.value);
      item.hidden = !hit;
      if (hit) shown++;
    }
    count.textContent = countText(shown);
  };
  input.addEventListener('input', apply);
  apply();
  return el('p', { className: 'field pick-search' }, el('label', { attrs: { for: id } }, label), ' ', input, ' ', count);
}

export function pickerRow(i: number, options: ScenarioOptions, onRemove: (li: HTMLLIElement) => void): PickerRow {
  // --- What: products grouped with their usages -------------------------------------------------
  const whatList = el('ul', { className: 'pick-list', id: `what-list-${i}` });
  const groups: Array<{ product: Product; box: HTMLInputElement; usageBoxes: HTMLInputElement[] }> = [];
  options.products.forEach((p, k) => {
    const box = el('input', { id: `what-${i}-${k}`, attrs: { type: 'checkbox', name: 'product', value: p.ref } });
    const single = p.usages.length === 1;
    // A one-usage product is chosen by its own box; a product with several has one box per usage.
    const usageBoxes = single ? [] : p.usages.map((u, j) => el('input', { id: `what-${i}-${k}-${j}`, attrs: { type: 'checkbox', name: 'usage', value: u.ref } }));
    const label = single && p.usages[0]!.name !== p.name ? `${p.usages[0]!.name} (${p.name})` : `${p.name} (${usageCount(p.usages.length)})`;
    const item = el('li', { data: { search: searchText(p.name, p.key, ...p.usages.map((u) => u.name)) } }, box, ' ', el('label', { attrs: { for: box.id } }, label));
    if (!single) {
      item.append(el('ul', { className: 'pick-usages' }, ...p.usages.map((u, j) => el('li', {}, usageBoxes[j]!, ' ', el('label', { attrs: { for: usageBoxes[j]!.id } }, u.name)))));
    }
    box.addEventListener('change', () => {
      for (const b of usageBoxes) b.checked = box.checked;
      box.indeterminate = false;
    });
    for (const b of usageBoxes) {
      b.addEventListener('change', () => {
        const n = usageBoxes.filter((x) => x.checked).length;
        box.checked = n === usageBoxes.length;
        box.indeterminate = n > 0 && n < usageBoxes.length;
      });
    }
    groups.push({ product: p, box, usageBoxes });
    whatList.append(item);
  });
  const usageTotal = options.products.reduce((t, p) => t + p.usages.length, 0);
  const whatSearch = searchable(`what-search-${i}`, tr('Søg i kommunens systemer', "Search the municipality's systems"), whatList, (shown) =>
    tr(`${shown} af ${options.products.length} produkter (${usageTotal} brug)`, `${shown} of ${options.products.length} products (${usageTotal} usages)`));

  // --- With what: the whole catalogue -----------------------------------------------------------
  const withList = el('ul', { className: 'pick-list', id: `with-list-${i}` });
  const candidateBoxes = options.catalogue.map((e, k) => {
    const box = el('input', { id: `with-${i}-${k}`, attrs: { type: 'checkbox', name: 'alternative', value: e.ref } });
    const parts = e.parts.length ? el('span', { className: 'pick-parts' }, tr(`suite: ${e.parts.join(', ')}`, `suite: ${e.parts.join(', ')}`)) : '';
    withList.append(el('li', { data: { search: searchText(e.name, e.key, ...e.parts) } }, box, ' ', el('label', { attrs: { for: box.id } }, `${e.name} `, el('span', { className: 'pick-kind' }, `(${kindOf(e)})`)), ' ', parts));
    return box;
  });
  const withSearch = searchable(`with-search-${i}`, tr('Søg i kataloget', 'Search the catalogue'), withList, (shown) =>
    tr(`${shown} af ${options.catalogue.length} i kataloget`, `${shown} of ${options.catalogue.length} in the catalogue`));

  const from = el('input', { id: `from-${i}`, attrs: { type: 'date', name: 'from' } });
  const remove = el('button', { className: 'link-button', attrs: { type: 'button' } }, tr(`Fjern udskiftning ${i}`, `Remove replacement ${i}`));
  const li = el('li', { className: 'replacement' },
    el('fieldset', { className: 'pick what' }, el('legend', {}, tr(`Udskiftning ${i}: erstat`, `Replacement ${i}: replace`)),
      el('p', { className: 'hint' }, tr('Vælg et helt produkt eller kun nogle af dets brug.', 'Choose a whole product or only some of its usages.')),
      whatSearch, whatList),
    el('fieldset', { className: 'pick with' }, el('legend', {}, tr(`Udskiftning ${i}: med`, `Replacement ${i}: with`)),
      el('p', { className: 'hint' }, tr('Vælg én (flere → én) eller flere (ét system deles i lige store dele, én pr. valg).', 'Choose one (several → one) or several (each system is split into equal parts, one per choice).')),
      withSearch, withList),
    el('p', { className: 'field' }, el('label', { attrs: { for: from.id } }, tr('fra (valgfri)', 'from (optional)')), ' ', from, ' ', remove));
  remove.addEventListener('click', () => onRemove(li));

  return {
    element: li,
    spec: () =>
      replacementOf(
        groups.map((g) => ({
          product: g.product,
          usages: g.usageBoxes.length === 0 ? (g.box.checked ? g.product.usages.map((u) => u.ref) : []) : g.usageBoxes.filter((b) => b.checked).map((b) => b.value),
        })),
        candidateBoxes.filter((b) => b.checked).map((b) => b.value),
        from.value || null,
      ),
    choose(products, candidates) {
      for (const g of groups) {
        if (!products.includes(g.product.ref)) continue;
        g.box.checked = true;
        for (const b of g.usageBoxes) b.checked = true;
      }
      for (const b of candidateBoxes) if (candidates.includes(b.value)) b.checked = true;
    },
    focus: () => (whatSearch.querySelector('input') as HTMLInputElement).focus(),
  };
}
