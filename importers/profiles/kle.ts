// KLE task references (KL's Emnesystematik): KITOS's `KLE ID`/`KLE navn` (the catalogue system's
// KLE) and `Lokale KLE ID`/`Lokale KLE navn` (the municipality's own), paired by position into
// `{ number, source, title }`. Titles are only ever the municipality's own text from its file:
// KLE is not openly licensed, so nothing here knows a title by itself.
import type { KleRef } from '../../server/src/domain/inventory.ts';
import { splitList } from '../values.ts';
import type { KleCells, RowState } from './fields.ts';

/** A KLE main group (`85`), group (`85.02`) or subject (`85.02.01`). */
const KLE_NUMBER = /^\d{2}(\.\d{2}){0,2}$/;

/** KITOS joins with ", " and titles may hold commas of their own; positions matter, so no de-duplication. */
export function splitKle(raw: string, kitos: boolean): string[] {
  return (kitos ? raw.split(', ') : splitList(raw)).map((t) => t.trim()).filter(Boolean);
}

/** The first item that is not a KLE number, if any. */
export function badKleNumber(numbers: readonly string[]): string | undefined {
  return numbers.find((n) => !KLE_NUMBER.test(n));
}

export function kleCells(row: RowState): KleCells {
  return (row.kle ??= { catalogueIds: null, catalogueTitles: null, localIds: null, localTitles: null, titleColumns: null });
}

/**
 * The row's KLE references. A title list pairs with its numbers when both have as many items;
 * otherwise (a title with ", " in it, titles without numbers) the titles are kept verbatim in
 * `extra` and the numbers go without titles.
 */
export function finishKle(row: RowState): KleRef[] {
  const k = row.kle;
  if (!k) return [];
  const out: KleRef[] = [];
  const pair = (ids: readonly string[] | null, titles: readonly string[] | null, slot: 'catalogueTitles' | 'localTitles', source: KleRef['source']) => {
    const paired = ids !== null && titles !== null && ids.length === titles.length;
    for (const [i, number] of (ids ?? []).entries()) {
      if (!out.some((r) => r.number === number && r.source === source)) out.push({ number, source, title: paired ? titles[i]! : null });
    }
    const raw = k.titleColumns?.[slot];
    if (titles !== null && !paired && raw) row.usage!.extra[raw.column] = raw.value;
  };
  pair(k.catalogueIds, k.catalogueTitles, 'catalogueTitles', 'catalogue');
  pair(k.localIds, k.localTitles, 'localTitles', 'local');
  return out;
}
