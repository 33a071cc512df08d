import { describe, expect, it } from 'vitest';
import { graphemeCount } from '../../../importers/publiccode-formats.ts';
import { shortDescriptionOf } from '../exports/publiccode.ts';
import { type DescriptionFact, localisationReadyOf, publiccodeDescriptions } from './publiccode-description.ts';

const fact = (f: string, value: string, qualifiers: Record<string, string> = {}): DescriptionFact => ({ fact: f, value, qualifiers });

const DA = 'Nextcloud Files er en platform til fildeling og synkronisering, som kommunen selv kan drive. Den bruges af mange offentlige organisationer i Europa.';
const EN = 'Nextcloud Files is a file sharing and sync platform the municipality can run itself. Many public organisations in Europe use it.';
const FACTS = [
  fact('description_da', DA),
  fact('description_en', EN),
  fact('function', 'fildeling'),
  fact('function', 'samarbejdsplatform'),
  fact('data_export', 'full'),
  fact('export_format_kind', 'open_standard'),
  fact('export_format', 'original files over WebDAV'),
  fact('api_standard', 'WebDAV'),
  fact('api_standard', 'OCS REST API'),
  fact('deployment', 'self_hosted'),
  fact('deployment', 'danish_operator', { operator: 'Magenta ApS' }),
];

describe('publiccode.yml description blocks from the facts', () => {
  it('composes each language from its description and the facts, with features from the function labels and API standards', () => {
    const blocks = publiccodeDescriptions(FACTS);
    expect(Object.keys(blocks)).toEqual(['da', 'en']);
    const da = blocks.da!;
    expect(da.longDescription.startsWith(DA)).toBe(true);
    expect(da.longDescription).toContain('Funktioner: Fildeling, Samarbejdsplatform.');
    expect(da.longDescription).toContain('Dataeksport: Fuld eksport, åbent, dokumenteret format; formater: original files over WebDAV.');
    expect(da.longDescription).toContain('API’er efter standarderne: WebDAV, OCS REST API.');
    expect(da.longDescription).toContain('Kan drives som: Drift i egen regi, Dansk driftsleverandør (Magenta ApS).');
    expect(da.features).toEqual(['Fildeling', 'Samarbejdsplatform', 'API: WebDAV', 'API: OCS REST API']);
    expect(blocks.en!.features).toEqual(['File sharing', 'Collaboration platform', 'API: WebDAV', 'API: OCS REST API']);
    expect(blocks.en!.longDescription).toContain('Can be run as: Self-hosted, Danish operator (Magenta ApS).');
    for (const b of Object.values(blocks)) {
      expect(graphemeCount(b.longDescription)).toBeGreaterThanOrEqual(150);
      expect([...b.shortDescription].length).toBeLessThanOrEqual(150);
    }
    // The short description is the first sentence.
    expect(da.shortDescription).toBe('Nextcloud Files er en platform til fildeling og synkronisering, som kommunen selv kan drive.');
  });

  it('leaves out a part no fact states, and makes no block where the facts say too little', () => {
    const onlyText = publiccodeDescriptions([fact('description_da', DA), fact('function', 'fildeling')]);
    expect(onlyText.da!.longDescription).toBe(`${DA}\n\nFunktioner: Fildeling.`);
    expect(onlyText.en).toBeUndefined();
    // no feature at all: no block (the export then names `description` as missing)
    expect(publiccodeDescriptions([fact('description_da', DA), fact('deployment', 'self_hosted')])).toEqual({});
    // too short a text, even with the facts: no filler is added to reach 150 characters
    expect(publiccodeDescriptions([fact('description_da', 'Et kort program.'), fact('function', 'wiki')])).toEqual({});
  });

  it('falls back to the catalogue’s text when the facts have no description in that language', () => {
    const text = `${EN} It runs in the browser.`;
    expect(publiccodeDescriptions([fact('function', 'wiki')], { en: text }).en!.longDescription).toBe(`${text}\n\nFunctions: Wiki.`);
  });

  it('reads localisationReady only from the fact, never a default', () => {
    expect(localisationReadyOf([fact('localisation_ready', 'true')])).toBe(true);
    expect(localisationReadyOf([fact('localisation_ready', 'false')])).toBe(false);
    expect(localisationReadyOf(FACTS)).toBeNull();
  });
});

describe('shortDescriptionOf', () => {
  it('takes the first sentence, skipping the full stops of abbreviations', () => {
    expect(shortDescriptionOf('Et system til sager, f.eks. byggesager. Det kan mere.')).toBe('Et system til sager, f.eks. byggesager.');
    expect(shortDescriptionOf('Kort tekst uden punktum')).toBe('Kort tekst uden punktum');
  });

  it('cuts a long first sentence at a word boundary, never inside a word', () => {
    const words = Array.from({ length: 40 }, (_, i) => `ord${i}`).join(' ');
    const s = shortDescriptionOf(`${words}.`);
    expect([...s].length).toBeLessThanOrEqual(150);
    expect(s.endsWith('…')).toBe(true);
    expect(words.split(' ')).toContain(s.slice(0, -1).split(' ').at(-1));
  });
});
