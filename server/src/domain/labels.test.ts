import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../importers/profiles/index.ts';
import { categoryName, MUNICIPAL_CATEGORY_NAMES, PUBLICCODE_CATEGORY_NAMES } from './categories.ts';
import { importFieldName, inputSentence, label, VOCABULARIES, type VocabularyName } from './labels.ts';

const CODE = /^[a-z]+(?:[_-][a-z0-9]+)+$/;

describe('labels for every code a reader sees', () => {
  it('gives every code of every vocabulary a Danish and an English label, never the code itself', () => {
    for (const [name, vocabulary] of Object.entries(VOCABULARIES)) {
      for (const [code, words] of Object.entries(vocabulary.labels as Record<string, { da: string; en: string }>)) {
        for (const lang of ['da', 'en'] as const) {
          expect(words[lang], `${name}.${code}.${lang}`).toBeTruthy();
          expect(label(name as VocabularyName, code, lang)).toBe(words[lang]);
          if (CODE.test(code)) expect(words[lang], `${name}.${code}.${lang}`).not.toBe(code);
          expect(words[lang], `${name}.${code}.${lang}`).not.toMatch(/^[a-z]+_[a-z_]+$/);
        }
      }
    }
  });

  it('never shows an unknown code as code', () => {
    expect(label('hostingModel', 'some_new_value')).toBe('some new value');
    expect(label('lifecycle', null)).toBe('ukendt');
    expect(label('lifecycle', null, 'en')).toBe('unknown');
  });

  it('names every publiccode.yml category and every municipal category in both languages', () => {
    const vocab = JSON.parse(readFileSync(new URL('../../../data/reference/publiccode-vocabularies.json', import.meta.url), 'utf8')) as { categories: string[] };
    for (const code of vocab.categories) {
      expect(PUBLICCODE_CATEGORY_NAMES[code], code).toBeDefined();
      for (const lang of ['da', 'en'] as const) expect(categoryName(code, lang)).not.toMatch(CODE);
    }
    expect(categoryName('productivity-suite')).toBe('Kontorpakke');
    expect(categoryName('a-file-own-category')).toBe('A file own category');
  });

  it('keeps the municipal category names equal to data/reference/categories.csv', () => {
    const lines = readFileSync(new URL('../../../data/reference/categories.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
    const fromCsv = new Map<string, { da: string; en: string }>();
    for (const line of lines) {
      const cells = [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].map((m) => m[2] ?? m[1]!).slice(0, 4);
      fromCsv.set(cells[0]!, { da: cells[2]!, en: cells[3]! });
    }
    expect(Object.keys(MUNICIPAL_CATEGORY_NAMES).sort()).toEqual([...fromCsv.keys()].sort());
    for (const [code, names] of fromCsv) expect(MUNICIPAL_CATEGORY_NAMES[code], code).toEqual(names);
  });

  it('names every import target field in words', () => {
    for (const profile of PROFILES) {
      for (const id of profile.fields.keys()) {
        for (const lang of ['da', 'en'] as const) expect(importFieldName(id, lang), `${profile.id}.${id}`).not.toMatch(CODE);
      }
    }
    expect(importFieldName('rights_holder_cvr')).toBe('Rettighedshaverens CVR-nummer');
  });

  it('turns scoring input paths into sentences', () => {
    const names = (id: string) => (id === '23' ? 'Microsoft – aftale 4' : null);
    expect(inputSentence('contracts[23].exitClause', 'da', names)).toBe('Exitklausul i kontrakten «Microsoft – aftale 4»');
    expect(inputSentence('contracts[7].endDate', 'da', names)).toBe('Udløbsdato i kontrakt 7');
    expect(inputSentence('parties[NEC Corporation/supplier].country')).toBe('Land for leverandøren NEC Corporation');
    expect(inputSentence('parties[NEC Corporation/supplier].country', 'en')).toBe('Country for the supplier, NEC Corporation');
    expect(inputSentence('nationalCategoryHhi')).toBe('Kategoriens koncentration (HHI)');
    for (const lang of ['da', 'en'] as const) {
      for (const n of ['contracts[1].bundledScope', 'parties[X/iaas_host].nonEuSubProcessors', 'exportTestedAt', 'someNewInput']) {
        expect(inputSentence(n, lang)).not.toMatch(/\w+\[[^\]]*\]\.|\b[a-z]+[A-Z][a-zA-Z]*\b|_/);
      }
    }
  });
});
