// The shared cell rules: OWASP neutralisation, and how a value becomes a text, number or date cell.
import { describe, expect, it } from 'vitest';
import { type ExportColumn, exportCell, neutralizeCell } from './table.ts';
import { HOSTILE_CELLS, NEUTRALISED_CELLS } from './test-cells.ts';

describe('neutralizeCell', () => {
  it('prefixes a quote to every cell that starts like a formula, and only those', () => {
    expect(HOSTILE_CELLS.map(neutralizeCell)).toEqual(NEUTRALISED_CELLS);
    expect(['', 'Økonomi', "'=already", ' =1', 'a=b', '1-2', '\n=1'].map(neutralizeCell)).toEqual(['', 'Økonomi', "'=already", ' =1', 'a=b', '1-2', '\n=1']);
  });
});

describe('exportCell', () => {
  const col = (type?: ExportColumn<unknown>['type']): ExportColumn<unknown> => ({ key: 'x', label: { da: 'X', en: 'X' }, value: (v) => v as never, ...(type ? { type } : {}) });
  const cell = (v: unknown, type?: ExportColumn<unknown>['type'], lang: 'da' | 'en' = 'da') => exportCell(col(type), v, lang);

  it('keeps numbers numbers, negative ones too, and neutralises text that only looks like arithmetic', () => {
    expect(cell(-5)).toEqual({ kind: 'number', value: -5 });
    expect(cell('-2+3')).toEqual({ kind: 'text', text: "'-2+3" });
    expect(cell('-5', 'number')).toEqual({ kind: 'number', value: -5 }); // pg returns bigint/numeric as strings
    expect(cell('-5')).toEqual({ kind: 'text', text: "'-5" });
    expect(cell(-5, 'text')).toEqual({ kind: 'text', text: "'-5" });
    expect(cell('12 kr.', 'number')).toEqual({ kind: 'text', text: '12 kr.' });
    expect([cell(Number.NaN), cell(Number.POSITIVE_INFINITY), cell(-0)]).toEqual([{ kind: 'empty' }, { kind: 'empty' }, { kind: 'number', value: 0 }]);
  });

  it('writes booleans and 0|1 flags as Ja/Nej or Yes/No', () => {
    expect([cell(true), cell(false), cell(1, 'boolean'), cell(0, 'boolean')]).toEqual(['Ja', 'Nej', 'Ja', 'Nej'].map((text) => ({ kind: 'text', text })));
    expect([cell(true, undefined, 'en'), cell(0, 'boolean', 'en')]).toEqual(['Yes', 'No'].map((text) => ({ kind: 'text', text })));
  });

  it('makes real calendar dates date cells, and anything else text', () => {
    expect(cell('2025-02-28', 'date')).toEqual({ kind: 'date', iso: '2025-02-28' });
    expect(cell('2025-02-30', 'date')).toEqual({ kind: 'text', text: '2025-02-30' });
    expect(cell('2025-02-28', undefined)).toEqual({ kind: 'text', text: '2025-02-28' });
  });

  it('leaves null, undefined and the empty string empty', () => {
    expect([cell(null), cell(undefined), cell(''), cell(null, 'boolean')]).toEqual(Array(4).fill({ kind: 'empty' }));
  });
});
