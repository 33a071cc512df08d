import { describe, expect, it } from 'vitest';
import type { ColumnMapping, ImportRunView, VersionDiff } from '../data/imports.ts';
import { canImport, canRollBackTo, comparePair, currentVersionId, diffRows, duplicateTargets, IGNORE, issueRows, mappingArgs, uploadPercent, valueText } from './import-model.ts';

const columns: ColumnMapping[] = [
  { source: 'Systemnavn', target: 'system_name', how: 'alias' },
  { source: 'Firma', target: null, how: 'unknown' },
  { source: 'Noter', target: 'notes', how: 'alias' },
  { source: 'Drift', target: 'hosting_model', how: 'user' },
];

function aRun(over: Partial<ImportRunView>): ImportRunView {
  return {
    id: 1,
    status: 'committed',
    startedAt: '2026-11-27T08:00:00.000Z',
    finishedAt: null,
    actor: 'a@kommune.dk',
    fileName: 'x.csv',
    fileSha256: '',
    fileSize: 1,
    format: 'csv',
    profile: 'generic',
    rows: { read: 1, accepted: 1, rejected: 0 },
    inventoryVersionId: null,
    inventoryVersionNumber: null,
    demo: false,
    ...over,
  };
}

describe('mappingArgs', () => {
  it('sends nothing when the user changed nothing, except earlier user choices', () => {
    expect(mappingArgs(columns, new Map())).toEqual({ map: ['Drift=hosting_model'], unnamed: [] });
  });

  it('sends each changed column as Column=field, and "ignore" as extra', () => {
    const choice = new Map([
      ['Firma', 'supplier'],
      ['Noter', IGNORE],
      ['Systemnavn', 'system_name'],
    ]);
    expect(mappingArgs(columns, choice).map).toEqual(['Firma=supplier', 'Noter=extra', 'Drift=hosting_model']);
  });

  it('names the columns the syntax cannot carry instead of sending them', () => {
    const odd: ColumnMapping[] = [
      { source: '', target: null, how: 'unknown' },
      { source: 'A;B', target: null, how: 'unknown' },
      { source: ' Pris = kr. ', target: null, how: 'unknown' },
    ];
    const choice = new Map([
      ['', 'notes'],
      ['A;B', 'notes'],
      [' Pris = kr. ', 'yearly_operation_cost_dkk'],
    ]);
    // `=` in a title is fine: the API splits at the last one.
    expect(mappingArgs(odd, choice)).toEqual({ map: ['Pris = kr.=yearly_operation_cost_dkk'], unnamed: ['', 'A;B'] });
  });
});

describe('duplicateTargets', () => {
  it('finds a field chosen for two columns, ignoring ignored ones', () => {
    const choice = new Map([
      ['Firma', 'system_name'],
      ['Noter', IGNORE],
    ]);
    expect([...duplicateTargets(columns, choice)]).toEqual([['system_name', ['Systemnavn', 'Firma']]]);
    expect(duplicateTargets(columns, new Map()).size).toBe(0);
  });

  it('does not call several role columns a duplicate: they are fixed by the server, never a field', () => {
    const roles = [
      { source: 'Systemejer', target: 'roles_filled', how: 'exact' as const },
      { source: 'Systemejer Email#', target: 'roles_filled', how: 'exact' as const },
      { source: 'Taget i anvendelse af', target: 'dropped', how: 'exact' as const },
      { source: 'Sidst redigeret: Bruger', target: 'dropped', how: 'exact' as const },
    ];
    expect(duplicateTargets(roles, new Map()).size).toBe(0);
    expect(mappingArgs(roles, new Map())).toEqual({ map: [], unnamed: [] });
  });
});

describe('issueRows', () => {
  it('takes report issues and problem errors alike, in the chosen language', () => {
    const rows = issueRows(
      [
        { severity: 'error', code: 'invalid-date', file: 'f.csv', line: 2, column: 'Ibrugtagningsdato', value: '31-02-2025', message: { da: 'Ugyldig dato', en: 'Invalid date' } },
        { field: 'map', message: { da: 'Ugyldig tilknytning', en: 'Invalid mapping' } },
      ],
      'en',
    );
    expect(rows).toEqual([
      { line: 2, column: 'Ibrugtagningsdato', value: '31-02-2025', message: 'Invalid date' },
      { line: null, column: 'map', value: null, message: 'Invalid mapping' },
    ]);
  });
});

describe('runs', () => {
  const runs = [
    aRun({ id: 5, status: 'dry_run' }),
    aRun({ id: 4, status: 'committed', inventoryVersionId: 9 }),
    aRun({ id: 3, status: 'refused' }),
    aRun({ id: 2, status: 'committed', inventoryVersionId: 7 }),
  ];
  it('finds the current version from the newest committed run', () => {
    expect(currentVersionId(runs)).toBe(9);
    expect(currentVersionId([])).toBeNull();
  });
  it('allows a rollback only to another version', () => {
    expect(runs.map((r) => canRollBackTo(r, 9))).toEqual([false, false, false, true]);
  });
  it('compares exactly two runs, earlier first', () => {
    expect(comparePair([4, 2])).toEqual([2, 4]);
    expect(comparePair([4])).toBeNull();
    expect(comparePair([4, 2, 5])).toBeNull();
  });
});

describe('uploadPercent', () => {
  it('rounds, caps at 100, and is unknown without a total', () => {
    expect(uploadPercent(1, 3)).toBe(33);
    expect(uploadPercent(5, 4)).toBe(100);
    expect(uploadPercent(5, null)).toBeNull();
  });
});

describe('diffRows', () => {
  it('lists added, removed, then each changed field with readable values', () => {
    const diff: VersionDiff = {
      from: 1,
      to: 2,
      fromNumber: 1,
      toNumber: 2,
      added: [{ usageKey: 'name:ny', name: 'Ny' }],
      removed: [{ usageKey: 'name:gammel', name: 'Gammel' }],
      changed: [{ usageKey: 'name:sag', name: 'Sag', fields: [{ field: 'supplier', from: 'A A/S', to: null }, { field: 'extra', from: '{"Farve":"rød"}', to: '{}' }] }],
      unchanged: 3,
    };
    expect(diffRows(diff)).toEqual([
      { name: 'Ny', change: 'added', field: null, from: '–', to: '–' },
      { name: 'Gammel', change: 'removed', field: null, from: '–', to: '–' },
      { name: 'Sag', change: 'changed', field: 'supplier', from: 'A A/S', to: '–' },
      { name: 'Sag', change: 'changed', field: 'extra', from: 'Farve: rød', to: '–' },
    ]);
    expect(valueText('["a","b"]')).toBe('a, b');
    expect(valueText(0)).toBe('0');
  });
});

describe('canImport', () => {
  it("is the municipality's architects and the admins, not its leaders or other municipalities' architects", () => {
    expect(canImport({ grants: [{ role: 'architect', municipalityCode: 101 }] }, 101)).toBe(true);
    expect(canImport({ grants: [{ role: 'admin', municipalityCode: null }] }, 101)).toBe(true);
    expect(canImport({ grants: [{ role: 'leader', municipalityCode: 101 }] }, 101)).toBe(false);
    expect(canImport({ grants: [{ role: 'architect', municipalityCode: 147 }] }, 101)).toBe(false);
    expect(canImport(undefined, 101)).toBe(false);
  });
});
