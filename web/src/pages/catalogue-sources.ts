// The "Kilder / Sources" section of a catalogue entry: every sourced fact of the entry, grouped by
// fact (one details/summary per fact, so the list stays short on a phone), each value with its
// source as a link (or the document's name), the date the source was read and "ikke verificeret"
// when the source does not state it directly (the note says why).
import { label, type VocabularyName } from '../../../server/src/domain/labels.ts';
import type { AlternativeDetail } from '../data/catalogue.ts';
import { el } from '../dom.ts';
import { formatDay } from '../format.ts';
import { lang, tr } from '../i18n.ts';

type FactGroup = AlternativeDetail['facts'][number];
type FactValue = FactGroup['values'][number];

/** Facts whose values are codes of a vocabulary, shown by their words. */
const VALUE_VOCABULARY: Partial<Record<string, VocabularyName>> = {
  data_export: 'dataExport',
  export_format_kind: 'exportFormatKind',
  api_availability: 'apiAvailability',
  code_governance: 'codeGovernance',
  deployment: 'alternativeDeployment',
  function: 'function',
};

const QUALIFIER_NAMES: Readonly<Record<string, { da: string; en: string }>> = {
  country: { da: 'land', en: 'country' },
  cvr: { da: 'CVR', en: 'CVR' },
  roles: { da: 'roller', en: 'roles' },
  version: { da: 'version', en: 'version' },
  municipality_code: { da: 'kommunekode', en: 'municipality code' },
  operator: { da: 'driftsleverandør', en: 'operator' },
  kind: { da: 'art', en: 'kind' },
};

const valueText = (fact: string, value: string): string => {
  const vocabulary = VALUE_VOCABULARY[fact];
  if (vocabulary) return label(vocabulary, value, lang());
  if (fact === 'localisation_ready') return value === 'true' ? tr('ja', 'yes') : tr('nej', 'no');
  return value;
};

function sourceNode(source: string): HTMLElement {
  // A URL is a link; a project document (data/reference/…, shared/research/…) is named as it is.
  return /^https?:\/\//.test(source) ? el('a', { className: 'source-link', attrs: { href: source, rel: 'noopener' } }, source) : el('span', { className: 'source-document' }, source);
}

function valueItem(fact: string, v: FactValue): HTMLElement {
  const qualifiers = Object.entries(v.qualifiers).map(([k, q]) => `${QUALIFIER_NAMES[k]?.[lang()] ?? k}: ${q}`);
  return el(
    'li',
    { className: 'fact-source' },
    el('span', { className: 'fact-value' }, valueText(fact, v.value)),
    ...(qualifiers.length ? [' ', el('span', { className: 'meta' }, `(${qualifiers.join(', ')})`)] : []),
    ...(v.verified ? [] : [' ', el('span', { className: 'tag' }, tr('ikke verificeret', 'not verified'))]),
    el('br'),
    el('span', { className: 'meta' }, tr('Kilde: ', 'Source: '), sourceNode(v.source), ` · ${tr('læst', 'read')} ${formatDay(v.sourceDate)}`),
    ...(v.note ? [el('br'), el('span', { className: 'meta' }, v.note)] : []),
  );
}

export function sourcesSection(a: AlternativeDetail): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'sources-heading' } }, el('h2', { id: 'sources-heading' }, tr('Kilder', 'Sources')));
  if (!a.facts.length) {
    section.append(el('p', {}, tr('Posten har ingen oplysninger med kilder endnu (et bidrag bygger på bidragyderens egne oplysninger).', 'The entry has no sourced facts yet (a contribution rests on what its contributor stated).')));
    return section;
  }
  const values = a.facts.reduce((n, g) => n + g.values.length, 0);
  const unverified = a.facts.reduce((n, g) => n + g.values.filter((v) => !v.verified).length, 0);
  section.append(
    el(
      'p',
      {},
      tr(
        `${values} oplysninger, hver med sin kilde og datoen, kilden blev læst. ${unverified} er ikke verificeret: kilden siger det ikke direkte, og noten siger, hvad oplysningen bygger på.`,
        `${values} facts, each with its source and the date the source was read. ${unverified} are not verified: the source does not state them directly, and the note says what they rest on.`,
      ),
    ),
    el(
      'div',
      { id: 'entry-sources' },
      ...a.facts.map((g) =>
        el(
          'details',
          { className: 'fact-group', data: { fact: g.fact } },
          el('summary', {}, label('alternativeFact', g.fact, lang()), ` (${g.values.length}${g.values.some((v) => !v.verified) ? `, ${tr('ikke alle verificeret', 'not all verified')}` : ''})`),
          el('ul', {}, ...g.values.map((v) => valueItem(g.fact, v))),
        ),
      ),
    ),
  );
  return section;
}
