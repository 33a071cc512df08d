// What publiccode.yml needs beyond the catalogue's columns, derived from an alternative's sourced
// facts (alternative-facts.csv): `localisation.localisationReady` and the `description.<lang>`
// blocks (short and long description, features) in Danish and English. Pure: facts in, blocks
// out. Nothing is invented: a missing fact leaves its part out, and a block that would not meet
// the standard (a long description of 150–10,000 characters, at least one feature) is not made,
// so the export names what is missing instead of writing filler.
import { graphemeCount } from '../../../importers/publiccode-formats.ts';
import { label, type Lang } from '../domain/labels.ts';
import { type PubliccodeDescriptionBlock, shortDescriptionOf } from '../exports/publiccode.ts';

/** One fact of an alternative as the facts file states it (only what the blocks read). */
export interface DescriptionFact {
  fact: string;
  value: string;
  qualifiers: Readonly<Record<string, string>>;
}

export type PubliccodeDescriptions = Partial<Record<Lang, PubliccodeDescriptionBlock>>;

const LONG_MIN = 150;
const LONG_MAX = 10_000;
const LANGS: readonly Lang[] = ['da', 'en'];

/** `true`/`false` from the `localisation_ready` fact; null when the facts don't say. */
export function localisationReadyOf(facts: readonly DescriptionFact[]): boolean | null {
  const v = facts.find((f) => f.fact === 'localisation_ready')?.value;
  return v === 'true' ? true : v === 'false' ? false : null;
}

/**
 * The description blocks for Danish and English: the description (the `description_da`/`_en`
 * fact, else `texts`) followed by what the alternative does (its function terms), how its data
 * can be exported, its APIs and how it can be run — each part only when a fact states it.
 * Features are the function terms' labels in that language, then the API standards.
 */
export function publiccodeDescriptions(facts: readonly DescriptionFact[], texts: Partial<Record<Lang, string | null>> = {}): PubliccodeDescriptions {
  const values = (fact: string) => [...new Set(facts.filter((f) => f.fact === fact).map((f) => f.value.trim()).filter(Boolean))];
  const functions = values('function');
  const apiStandards = values('api_standard');
  const out: PubliccodeDescriptions = {};
  for (const lang of LANGS) {
    const text = (values(`description_${lang}`)[0] ?? texts[lang] ?? '').trim();
    if (!text) continue;
    const tr = (da: string, en: string) => (lang === 'da' ? da : en);
    const parts = [text];
    if (functions.length) parts.push(`${tr('Funktioner', 'Functions')}: ${functions.map((t) => label('function', t, lang)).join(', ')}.`);
    const exportLine = dataExportSentence(facts, lang);
    if (exportLine) parts.push(exportLine);
    if (apiStandards.length) parts.push(`${tr('API’er efter standarderne', 'APIs following the standards')}: ${apiStandards.join(', ')}.`);
    const deployments = facts.filter((f) => f.fact === 'deployment');
    if (deployments.length) {
      const ways = [...new Set(deployments.map((d) => `${label('alternativeDeployment', d.value, lang)}${d.qualifiers.operator ? ` (${d.qualifiers.operator})` : ''}`))];
      parts.push(`${tr('Kan drives som', 'Can be run as')}: ${ways.join(', ')}.`);
    }
    const long = parts.join('\n\n');
    const features = [...new Set([...functions.map((t) => label('function', t, lang)), ...apiStandards.map((s) => `API: ${s}`)])];
    const size = graphemeCount(long, LONG_MAX);
    if (size < LONG_MIN || size > LONG_MAX || !features.length) continue;
    out[lang] = { shortDescription: shortDescriptionOf(text), longDescription: long, features };
  }
  return out;
}

/** "Dataeksport: Fuld eksport i åbne standarder: ODF, PDF." — or null when no export fact is known. */
function dataExportSentence(facts: readonly DescriptionFact[], lang: Lang): string | null {
  const one = (fact: string) => facts.find((f) => f.fact === fact)?.value ?? null;
  const formats = [...new Set(facts.filter((f) => f.fact === 'export_format').map((f) => f.value.trim()))];
  const scope = one('data_export');
  const kind = one('export_format_kind');
  if (!scope && !formats.length) return null;
  const head = lang === 'da' ? 'Dataeksport' : 'Data export';
  const how = [scope ? label('dataExport', scope, lang) : null, kind ? label('exportFormatKind', kind, lang).toLowerCase() : null].filter(Boolean).join(', ');
  const listed = formats.length ? `${lang === 'da' ? 'formater' : 'formats'}: ${formats.join(', ')}` : null;
  return `${head}: ${[how, listed].filter(Boolean).join('; ')}.`;
}
