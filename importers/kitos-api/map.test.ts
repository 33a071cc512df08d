// The KITOS API v2 mapping on the shared fixtures (both older shapes too), on contract breaks,
// and on 50,000 generated usages (work bounded by the input's size, nothing timed).
import { describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import type { ImportIssue } from '../index.ts';
import { Meter } from '../limits.ts';
import { parseHosting, parseLifecycle } from '../profiles/fields.ts';
import { parseCriticality, parseLicenseModel, parseSensitivity, parseYesNo } from '../values.ts';
import { clone, fixtureJson, fixtureRaw, mapAll, withEntity } from '../../test/helpers/kitos-api.ts';
import { KITOS_API_FIELDS } from './map.ts';
import type { KitosRaw } from './raw.ts';
import { DATA_SENSITIVITY, GDPR_CRITICALITY, HOSTING, LICENSING, LIFE_CYCLE, UNDECIDED, YES_NO_DONT_KNOW } from './schemas.ts';

const errors = (issues: readonly ImportIssue[]) => issues.filter((i) => i.severity === 'error');

describe('one mapping table', () => {
  it('maps every KITOS API enum member the mapping reads through the file path’s own tables', () => {
    const tables: [readonly string[], (v: string) => { ok: boolean }][] = [
      [LIFE_CYCLE, parseLifecycle],
      [HOSTING, parseHosting],
      [LICENSING, parseLicenseModel],
      [DATA_SENSITIVITY, parseSensitivity],
      [YES_NO_DONT_KNOW, parseYesNo],
      [GDPR_CRITICALITY, (v) => parseCriticality(v, true)],
    ];
    for (const [members, parse] of tables) {
      for (const m of members) if (m !== UNDECIDED) expect(parse(m).ok, m).toBe(true);
    }
    // The API's names and the export's Danish labels land on the same values.
    const same: [string, string, (v: string) => { ok: boolean; value?: unknown }][] = [
      ['NotInUse', 'Ikke i drift', parseLifecycle],
      ['PhasingIn', 'Under indfasning', parseLifecycle],
      ['PhasingOut', 'Under udfasning', parseLifecycle],
      ['Operational', 'I drift', parseLifecycle],
      ['Pilot', 'Under afprøvning', parseLifecycle],
      ['OnPremise', 'On-premise', parseHosting],
      ['External', 'Eksternt', parseHosting],
      ['Hybrid', 'Hybrid', parseHosting],
      ['OpenSource', 'Open Source', parseLicenseModel],
      ['Freeware', 'Freeware', parseLicenseModel],
      ['Proprietary', 'Proprietær', parseLicenseModel],
      ['None', 'Ingen persondata', parseSensitivity],
      ['PersonData', 'Almindelige persondata', parseSensitivity],
      ['SensitiveData', 'Følsomme persondata', parseSensitivity],
      ['LegalData', 'Straffedomme og lovovertrædelser', parseSensitivity],
      ['Yes', 'Ja', parseYesNo],
      ['No', 'Nej', parseYesNo],
      ['DontKnow', 'Ved ikke', parseYesNo],
    ];
    for (const [api, label, parse] of same) expect(parse(api), api).toEqual(parse(label));
  });

  it('lists a source for every field it fills', () => {
    expect(new Set(KITOS_API_FIELDS.map((f) => f.source)).size).toBe(KITOS_API_FIELDS.length);
  });
});

describe('the shared fixtures', () => {
  it('parse and map with no errors, every usage and contract a valid record', async () => {
    const raw = fixtureRaw();
    const m = await mapAll(raw, { municipality: 'Eksempel Kommune' });
    expect(errors(m.issues)).toEqual([]);
    expect(m.usages).toHaveLength(20);
    expect(m.contracts).toHaveLength(5);
    expect(m.rowsRejected).toBe(0);
    expect(m.municipality).toBe('Eksempel Kommune');
    // The records are what the import service takes (the same zod schema the writer trusts).
    expect(inventoryRecords.safeParse({ usages: m.usages, contracts: m.contracts, integrations: m.integrations }).success).toBe(true);
    for (const i of m.issues) {
      expect(i.file).toMatch(/^kitos:/);
      expect(i.line).toBeUndefined();
      expect(i.value).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('reads the facts the README promises', async () => {
    const m = await mapAll(fixtureRaw());
    const esdh = m.usages.find((u) => u.product_name === 'EksempelSag ESDH')!;
    expect(esdh).toMatchObject({
      kitos_uuid: '280cfe08-90ca-564f-bcaa-d5fc44cb6240',
      local_id: 'SYS-001',
      local_name: 'ESDH',
      lifecycle: 'operational',
      hosting_model: 'vendor_hosted',
      license_model: 'proprietary',
      business_critical: true,
      user_count_band: '500+',
      data_sensitivity: ['personal', 'sensitive'],
      in_use_from: '2016-05-01',
      responsible_unit: 'Digitalisering og IT',
      business_type: 'ESDH og Journalisering',
      roles_filled: ['Systemejer', 'Systemansvarlig'],
      source_line: null,
    });
    expect(esdh.rights_holder?.name).toBe('Eksempelsoft A/S');
    // Effective KLE: the catalogue's 85.02.02 and 00.01.00, minus the opted-out 00.01.00, plus the local 85.02.10.
    expect(esdh.kle).toEqual([
      { number: '85.02.02', source: 'catalogue', title: 'Fiktiv emnetitel for 85.02.02' },
      { number: '85.02.10', source: 'local', title: 'Fiktiv emnetitel for 85.02.10' },
    ]);
    // Supplier ≠ rights holder: the main contract's supplier (README "Supplier ≠ rights holder").
    for (const name of ['DemoØkonomi', 'PrøveLøn']) {
      const u = m.usages.find((x) => x.product_name === name)!;
      expect(u.supplier?.name, name).toBe('Fiktiv Hosting A/S');
      expect(u.rights_holder?.name, name).not.toBe('Fiktiv Hosting A/S');
    }
    const lifecycles = new Set(m.usages.map((u) => u.lifecycle));
    for (const l of ['operational', 'phasing_out', 'phasing_in', 'pilot', 'not_in_use', null]) expect(lifecycles.has(l as never), String(l)).toBe(true);
    // Relations become outgoing data edges between usage keys.
    expect(m.integrations).toContainEqual({ source_key: 'kitos:280cfe08-90ca-564f-bcaa-d5fc44cb6240', target_key: expect.stringMatching(/^kitos:/), kind: 'data', direction: 'outgoing', platform_role: null });
    // Contracts link their systems by catalogue UUID, as the export's `IT Systemer (UUID)`.
    const drift = m.contracts.find((c) => c.name === 'EksempelSag drift og vedligehold')!;
    expect(drift).toMatchObject({ external_id: 'KON-2018-001', valid_from: '2019-01-01', valid_to: '2027-12-31', notice_months: 6, irrevocable_until: '2024-12-31', acquisition_cost_dkk: 250000, yearly_operation_cost_dkk: 480000, other_cost_dkk: 20000 });
    expect(drift.usage_keys).toContain('uuid:280cfe08-90ca-564f-bcaa-d5fc44cb6240');
    expect(m.contracts.some((c) => c.auto_renewal === true)).toBe(true);
  });

  it('parse in the os2kitos 2025 shape (gdpr.hostedAt, gdpr.businessCritical, no licensing) with the same facts', async () => {
    const old = fixtureJson<{ uuid: string }>('variants/it-system-usage.os2kitos-0971fe5-2025-06-shape.response.json');
    const raw = fixtureRaw();
    const m = await mapAll({ ...raw, itSystemUsages: withEntity(raw.itSystemUsages, old) });
    expect(errors(m.issues)).toEqual([]);
    const u = m.usages.find((x) => x.kitos_uuid === '280cfe08-90ca-564f-bcaa-d5fc44cb6240')!;
    expect(u).toMatchObject({ hosting_model: 'vendor_hosted', business_critical: true, criticality: 'high', license_model: null, user_count_band: '100-499' });
    expect(u.extra['Systemets overordnede formål']).toMatch(/^Fiktivt formål/);
  });

  it('parse in the KITOS 14.1 shape (licensing on the catalogue system)', async () => {
    const sys = fixtureJson<{ uuid: string; licensingAndCodeModels: string[] }>('variants/it-system.kitos-14.1-shape.response.json');
    const raw = fixtureRaw();
    // The usage in the 14.1 shape: no licensing of its own.
    const usages = raw.itSystemUsages.map((e) => {
      const u = clone(e) as { systemContext: { uuid: string }; general: Record<string, unknown> };
      if (u.systemContext.uuid === sys.uuid) delete u.general.licensingAndCodeModels;
      return u;
    });
    const m = await mapAll({ ...raw, itSystems: withEntity(raw.itSystems, sys), itSystemUsages: usages });
    expect(errors(m.issues)).toEqual([]);
    const u = m.usages.find((x) => x.kitos_uuid === sys.uuid)!;
    expect(sys.licensingAndCodeModels).toEqual(['OpenSource']);
    expect(u.license_model).toBe('open_source');
  });

  it('reads a null collection as empty', async () => {
    const raw = fixtureRaw();
    const usages = raw.itSystemUsages.map((e) => clone(e) as Record<string, unknown>);
    usages[0]!.roles = null;
    usages[0]!.outgoingSystemRelations = null;
    const m = await mapAll({ ...raw, itSystemUsages: usages });
    expect(errors(m.issues)).toEqual([]);
    expect(m.usages[0]!.roles_filled).toEqual([]);
  });
});

describe('a response that breaks the contract', () => {
  const first = () => {
    const raw = fixtureRaw();
    const usages = raw.itSystemUsages.map((e) => clone(e) as { uuid: string; general: Record<string, unknown> & { validity: Record<string, unknown> } });
    return { raw, usages, u: usages[3]! };
  };

  it('an unknown enum value is an error naming the entity, its UUID and the field', async () => {
    const { raw, usages, u } = first();
    u.general.validity.lifeCycleStatus = 'Retired';
    const m = await mapAll({ ...raw, itSystemUsages: usages });
    const e = errors(m.issues);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'invalid-enum', file: 'kitos:it-system-usages', column: 'general.validity.lifeCycleStatus', value: u.uuid });
    expect(e[0]!.message.da).toContain(u.uuid);
    expect(e[0]!.message.da).toContain('Retired');
    expect(e[0]!.message.en).toContain('general.validity.lifeCycleStatus');
    expect(m.rowsRejected).toBe(1);
  });

  it('a missing field is an error naming the entity, its UUID and the field', async () => {
    const { raw, usages, u } = first();
    delete (u as Record<string, unknown>).systemContext;
    const m = await mapAll({ ...raw, itSystemUsages: usages });
    const e = errors(m.issues);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'missing-value', file: 'kitos:it-system-usages', column: 'systemContext', value: u.uuid });
    expect(e[0]!.message.en).toContain(u.uuid);
  });

  it('a broken catalogue system or contract is an error too', async () => {
    const raw = fixtureRaw();
    const systems = raw.itSystems.map((e) => clone(e) as { uuid: string; rightsHolder: unknown });
    systems[2]!.rightsHolder = { uuid: 'not-a-uuid', name: 'X' };
    const contracts = raw.itContracts.map((e) => clone(e) as { uuid: string; name?: string });
    delete contracts[1]!.name;
    const m = await mapAll({ ...raw, itSystems: systems, itContracts: contracts });
    expect(errors(m.issues).map((i) => [i.file, i.column, i.value])).toEqual([
      ['kitos:it-systems', 'rightsHolder.uuid', systems[2]!.uuid],
      ['kitos:it-contracts', 'name', contracts[1]!.uuid],
    ]);
  });

  it('a usage whose catalogue system was not read, or a usage read twice, is an error', async () => {
    const raw = fixtureRaw();
    const gone = (raw.itSystemUsages[0] as { systemContext: { uuid: string } }).systemContext.uuid;
    const m = await mapAll({ ...raw, itSystems: raw.itSystems.filter((s) => (s as { uuid: string }).uuid !== gone), itSystemUsages: [...raw.itSystemUsages, raw.itSystemUsages[5]] });
    expect(errors(m.issues).map((i) => i.code).sort()).toEqual(['duplicate-entity', 'missing-catalogue-system']);
  });
});

describe('size', () => {
  /** A generated organisation: `n` usages on `n` catalogue systems, each related to the next, one contract per 10 usages. */
  function generated(n: number): KitosRaw {
    const base = fixtureRaw();
    const u0 = base.itSystemUsages[0] as Record<string, unknown>;
    const s0 = base.itSystems[0] as Record<string, unknown>;
    const c0 = base.itContracts[0] as Record<string, unknown>;
    const id = (kind: number, i: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const usages: unknown[] = [];
    const systems: unknown[] = [];
    const contracts: unknown[] = [];
    for (let i = 0; i < n; i++) {
      systems.push({ ...s0, uuid: id(1, i), name: `System ${i}` });
      usages.push({
        ...u0,
        uuid: id(2, i),
        systemContext: { uuid: id(1, i), name: `System ${i}` },
        general: { ...(u0.general as object), mainContract: { uuid: id(3, Math.floor(i / 10)), name: `Kontrakt ${Math.floor(i / 10)}` } },
        outgoingSystemRelations: [{ toSystemUsage: { uuid: id(2, (i + 1) % n), name: `System ${(i + 1) % n}` } }],
      });
      if (i % 10 === 0) contracts.push({ ...c0, uuid: id(3, i / 10), name: `Kontrakt ${i / 10}`, systemUsages: Array.from({ length: Math.min(10, n - i) }, (_, k) => ({ uuid: id(2, i + k), name: `System ${i + k}` })) });
    }
    return { ...base, itSystemUsages: usages, itSystems: systems, itContracts: contracts, dataProcessingRegistrations: [] };
  }

  it('maps 50,000 usages with work linear in the input', async () => {
    const sizes = [5_000, 50_000];
    const units: number[] = [];
    for (const n of sizes) {
      const meter = new Meter();
      const m = await mapAll(generated(n), { meter });
      expect(errors(m.issues)).toEqual([]);
      expect(m.usages).toHaveLength(n);
      expect(m.integrations).toHaveLength(n);
      expect(m.contracts).toHaveLength(n / 10);
      units.push(meter.units);
    }
    // Work per usage does not grow with the organisation (a quadratic join would multiply it by 10).
    expect(units[1]! / sizes[1]!).toBeLessThanOrEqual((units[0]! / sizes[0]!) * 1.01);
  }, 120_000);
});
