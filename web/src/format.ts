// Danish (or English) formatting and collation (Aabenraa, Aalborg and Aarhus sort after Å-less names: "aa" is å).
import { formatCount, formatDate } from '../../server/src/domain/format.ts';
import { lang, tr } from './i18n.ts';

export const collator = new Intl.Collator('da-DK');
/** A whole number with the thousands separator in the chosen language ("2.795"). */
export const formatInteger = (n: number): string => formatCount(n, lang());

/** A calendar day (yyyy-mm-dd, or a timestamp's UTC day) as "27. nov. 2026" or "27 Nov 2026"; null as unknown. */
export function formatDay(iso: string | null): string {
  if (iso === null) return tr('ukendt', 'unknown');
  return formatDate(iso, lang());
}

/**
 * A system as its municipality's file names it, with the catalogue product it is matched to
 * beside it when the two differ ("Exchange Online (Microsoft Exchange Server / Exchange Online)").
 */
export function systemLabel(name: string, catalogueName: string | null | undefined): string {
  if (!catalogueName || catalogueName.trim().toLowerCase() === name.trim().toLowerCase()) return name;
  return `${name} (${catalogueName})`;
}
