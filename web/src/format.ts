// Danish (or English) formatting and collation (Aabenraa, Aalborg and Aarhus sort after Å-less names: "aa" is å).
import { locale } from './charts/common.ts';
import { lang, tr } from './i18n.ts';

export const collator = new Intl.Collator('da-DK');
export const formatInteger = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 }).format;

/** A calendar day (yyyy-mm-dd, or a timestamp's UTC day) as "27. nov. 2026" or "27 Nov 2026"; null as unknown. */
export function formatDay(iso: string | null): string {
  if (iso === null) return tr('ukendt', 'unknown');
  return new Intl.DateTimeFormat(locale(lang()), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/**
 * A system as its municipality's file names it, with the catalogue product it is matched to
 * beside it when the two differ ("Exchange Online (Microsoft Exchange Server / Exchange Online)").
 */
export function systemLabel(name: string, catalogueName: string | null | undefined): string {
  if (!catalogueName || catalogueName.trim().toLowerCase() === name.trim().toLowerCase()) return name;
  return `${name} (${catalogueName})`;
}
