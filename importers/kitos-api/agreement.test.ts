// AGREEMENT: one fictitious organisation (the shared KITOS API fixtures) read two ways, from the
// API and from the KITOS file export KITOS would render from the same data, gives the same
// records field by field. The renderer below follows KITOS's own read models (export column
// titles from test/fixtures/importers/kitos-exports, Danish labels from inventories.md §1.6,
// `Navn (CVR)`, dd-MM-yyyy, ", "-lists, summed external payments, MapDuration), with its own
// label table: were the API path's table to disagree with the file path's, this test fails.
// What a file cannot express is listed, with the reason, in ALLOWED.
import { describe, expect, it } from 'vitest';
import { type ContractRecord, type UsageRecord, usageKeyForms } from '../../server/src/domain/inventory.ts';
import { kitosTable } from '../../test/helpers/kitos-exports.ts';
import { parseInventoryFile } from '../index.ts';
import { clone, fixtureRaw, mapAll } from '../../test/helpers/kitos-api.ts';
import type { KitosRaw } from './raw.ts';

/** Fields that differ between the two reads by design, and why. Everything else must be equal. */
const ALLOWED = {
  source_line: 'a file row has a line; an API entity has none (null)',
  kle: "the export cannot express a municipality's KLE opt-outs (removedKLE is exported nowhere, kitos-api-v2.md §9); the API path subtracts them. Asserted exactly: file KLE minus the opt-outs = API KLE",
  extra: 'the file keeps every known column verbatim; the API path keeps the same titles for the facts it reads. Asserted key by key: every API key equals the file’s, and the file-only keys are FILE_ONLY_EXTRA',
} as const;

/** Export columns the file keeps in `extra` that the API path does not rebuild, and why. */
const FILE_ONLY_EXTRA: Record<string, string> = {
  Status: "KITOS's validity verdict on the day of export; the record holds its inputs (lifecycle, dates, contract)",
  'Status (Datofelter)': 'the same verdict for the dates alone',
  'Status (Livscyklus)': 'the same verdict for the life cycle alone',
  'Status (Markeret kontrakt)': 'the same verdict for the main contract alone',
  Varighed: "the contract's duration as text (MapDuration); the record keeps what it means for lock-in (auto_renewal for `Løbende`)",
};

// --- the renderer: KitosRaw → the two export files ------------------------------------------------

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;
const LIFECYCLE: Record<string, string> = { NotInUse: 'Ikke i drift', Pilot: 'Under afprøvning', PhasingIn: 'Under indfasning', Operational: 'I drift', PhasingOut: 'Under udfasning', Undecided: '' };
const HOSTING: Record<string, string> = { OnPremise: 'On-premise', External: 'Eksternt', Hybrid: 'Hybrid', Undecided: '' };
const LICENSING: Record<string, string> = { OpenSource: 'Open Source', Freeware: 'Freeware', Proprietary: 'Proprietær' };
const SENSITIVITY: Record<string, string> = { None: 'Ingen persondata', PersonData: 'Almindelige persondata', SensitiveData: 'Følsomme persondata', LegalData: 'Straffedomme og lovovertrædelser' };
const YES_NO: Record<string, string> = { Yes: 'Ja', No: 'Nej', DontKnow: 'Ved ikke', Undecided: '' };
const MAIN_CONTRACT: Record<string, string> = { NoContract: 'Ingen kontrakt', Active: 'Aktiv', Inactive: 'Ikke aktiv' };
const BAND = (lower: number) => (lower < 10 ? '<10' : lower < 50 ? '10-49' : lower < 100 ? '50-99' : lower < 500 ? '100-499' : '>500');

const ddmmyyyy = (iso: string | null | undefined) => (iso ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : '');
const list = (xs: readonly (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))].join(', ');
const withCvr = (o: Any) => (o ? (o.cvr ? `${o.name} (${o.cvr})` : o.name) : '');
const active = (b: boolean | null | undefined) => (b ? 'Aktivt' : 'Ikke aktivt');

function duration(c: Any): string {
  const p = c.agreementPeriod;
  if (!p) return '';
  if (p.isContinuous) return 'Løbende';
  let out = '';
  if ((p.durationYears ?? 0) > 0) out += `${p.durationYears} år${(p.durationMonths ?? 0) > 0 ? ' og ' : ''}`;
  if ((p.durationMonths ?? 0) > 0) out += `${p.durationMonths} måned${p.durationMonths > 1 ? 'er' : ''}`;
  return out;
}

function csv(header: string[], rows: Record<string, string>[]): Uint8Array {
  const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [header.map(cell).join(';'), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(';'))];
  return new Uint8Array(Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8'));
}

/** Role columns: KITOS writes one per role (the user's name) and `<rolle> Email#`; roles not in the header get theirs appended. */
function roleColumns(header: string[], entities: Any[]): string[] {
  const out = header.slice();
  for (const e of entities) for (const r of e.roles ?? []) if (!out.includes(r.role.name)) out.push(r.role.name, `${r.role.name} Email#`);
  return out;
}

function renderExports(raw: KitosRaw): { systems: Uint8Array; contracts: Uint8Array } {
  const usages = raw.itSystemUsages as Any[];
  const systems = new Map((raw.itSystems as Any[]).map((s) => [s.uuid, s]));
  const contracts = raw.itContracts as Any[];
  const dprs = raw.dataProcessingRegistrations as Any[];
  const titles = new Map<string, string>();
  for (const w of raw.kleOptions as Any[]) for (const k of w.payload) titles.set(k.kleNumber, k.description);
  const usageByUuid = new Map(usages.map((u) => [u.uuid, u]));
  const systemName = (usageUuid: string) => {
    const u = usageByUuid.get(usageUuid);
    const s = u && systems.get(u.systemContext.uuid);
    return s ? `${s.name}${s.deactivated ? ' (Ikke tilgængeligt)' : ''}` : undefined;
  };

  const sysHeader = roleColumns(kitosTable('systems-full')[0]!, usages);
  const sysRows = usages.map((u) => {
    const s = systems.get(u.systemContext.uuid);
    const g = u.general;
    const v = g.validity;
    const main = g.mainContract ? contracts.find((c) => c.uuid === g.mainContract.uuid) : null;
    const row: Record<string, string> = {
      Status: active(v.valid),
      'Status (Datofelter)': active(v.validAccordingToValidityPeriod),
      'Status (Livscyklus)': active(v.validAccordingToLifeCycle),
      'Status (Markeret kontrakt)': MAIN_CONTRACT[v.mainContractState] ?? '',
      'Lokal System ID': g.localSystemId ?? '',
      'IT-System (UUID)': u.systemContext.uuid,
      'IT-System (Beskrivelse)': s.description ?? '',
      'Overordnet IT System': s.parentSystem?.name ?? '',
      'IT System': `${s.name}${s.deactivated ? ' (Ikke tilgængeligt)' : ''}`,
      Version: g.systemVersion ?? '',
      'Lokal kaldenavn': g.localCallName ?? '',
      'Ansv. organisationsenhed': u.organizationUsage?.responsibleOrganizationUnit?.name ?? '',
      'Relevante organisationsenheder': list((u.organizationUsage?.usingOrganizationUnits ?? []).map((x: Any) => x.name)),
      'Tidligere systemnavn': s.formerName ?? '',
      Forretningstype: s.businessType?.name ?? '',
      // The catalogue's KLE, local opt-outs NOT subtracted (ItSystemKLEIdsAsCsv).
      'KLE ID': s.kle.map((k: Any) => k.name).join(', '),
      'KLE navn': s.kle.map((k: Any) => titles.get(k.name)).join(', '),
      'Lokale KLE ID': (u.localKLEDeviations?.addedKLE ?? []).map((k: Any) => k.name).join(', '),
      'Lokale KLE navn': (u.localKLEDeviations?.addedKLE ?? []).map((k: Any) => titles.get(k.name)).join(', '),
      DataType: list((u.gdpr?.dataSensitivityLevels ?? []).map((x: string) => SENSITIVITY[x])),
      Leverandør: withCvr(main?.supplier?.organization),
      Rettighedshaver: withCvr(s.rightsHolder),
      Ibrugtagningsdato: ddmmyyyy(v.validFrom),
      'Slutdato for anvendelse': ddmmyyyy(v.validTo),
      Livscyklus: LIFECYCLE[v.lifeCycleStatus ?? 'Undecided']!,
      'IT systemet driftes': HOSTING[g.hostedAt ?? u.gdpr?.hostedAt ?? 'Undecided']!,
      'Systemets overordnede formål': g.purpose ?? u.gdpr?.purpose ?? '',
      Behandlingsformål: u.gdpr?.processingPurpose ?? '',
      Databehandling: list(dprs.filter((d) => d.systemUsages.some((x: Any) => x.uuid === u.uuid)).map((d) => d.name)),
      'Anvendte systemer': list(u.outgoingSystemRelations.map((r: Any) => systemName(r.toSystemUsage.uuid) ?? r.toSystemUsage.name)),
      'IT Kontrakter': list(contracts.filter((c) => c.systemUsages.some((x: Any) => x.uuid === u.uuid)).map((c) => c.name)),
      Noter: g.notes ?? '',
      'Antal brugere': g.numberOfExpectedUsers ? BAND(g.numberOfExpectedUsers.lowerBound) : '',
      'Klassifikation af data i systemet': g.dataClassification?.name ?? '',
      'Forretningskritisk IT-system': YES_NO[g.isBusinessCritical ?? u.gdpr?.businessCritical ?? 'Undecided']!,
      Kritikalitet: g.systemUsageCriticalityLevel?.name ?? '',
      'Teknisk systemtyper': list((g.technicalSystemTypes ?? []).map((x: Any) => x.name)),
      'Licens- og kodegrundlag': list((g.licensingAndCodeModels ?? s.licensingAndCodeModels ?? []).map((x: string) => LICENSING[x])),
    };
    for (const r of u.roles ?? []) row[r.role.name] = r.user.name;
    return row;
  });

  const conHeader = roleColumns(kitosTable('contracts-full')[0]!, contracts);
  const conRows = contracts.map((c) => {
    const ext = c.payments?.external ?? [];
    const sum = (k: string) => (ext.length ? String(ext.reduce((a: number, p: Any) => a + (p[k] ?? 0), 0)) : '');
    const linked = c.systemUsages.filter((x: Any) => usageByUuid.has(x.uuid));
    const row: Record<string, string> = {
      Status: c.general?.validity?.valid ? 'Gyldig' : 'Ikke gyldig',
      'Kontrakt ID': c.general?.contractId ?? '',
      'Overordnet kontrakt': c.parentContract?.name ?? '',
      'IT Kontrakt': c.name,
      'Gyldig fra': ddmmyyyy(c.general?.validity?.validFrom),
      'Gyldig til': ddmmyyyy(c.general?.validity?.validTo),
      Kritikalitet: c.general?.criticality?.name ?? '',
      'Ansvarlig org. enhed': c.responsible?.organizationUnit?.name ?? '',
      Leverandør: withCvr(c.supplier?.organization),
      Kontrakttype: c.general?.contractType?.name ?? '',
      Kontraktskabelon: c.general?.contractTemplate?.name ?? '',
      Indkøbsform: c.procurement?.purchaseType?.name ?? '',
      Genanskaffelsesstrategi: c.procurement?.procurementStrategy?.name ?? '',
      'IT Systemer': linked.map((x: Any) => systemName(x.uuid)).join(', '),
      'IT Systemer (UUID)': linked.map((x: Any) => usageByUuid.get(x.uuid).systemContext.uuid).join(', '),
      Anskaffelse: sum('acquisition'),
      'Drift/år': sum('operation'),
      Andet: sum('other'),
      Betalingsmodel: c.paymentModel?.paymentModel?.name ?? '',
      Betalingsfrekvens: c.paymentModel?.paymentFrequency?.name ?? '',
      Varighed: duration(c),
      Option: c.agreementPeriod?.extensionOptions?.name ?? '',
      'Opsigelse (måneder)': c.termination?.terms?.noticePeriodMonths?.name ?? '',
      'Uopsigelig til': ddmmyyyy(c.agreementPeriod?.irrevocableUntil),
      Opsagt: ddmmyyyy(c.termination?.terminatedAt),
    };
    for (const r of c.roles ?? []) row[r.role.name] = r.user.name;
    return row;
  });
  return { systems: csv(sysHeader, sysRows), contracts: csv(conHeader, conRows) };
}

/** The fixtures with KITOS's titles for every KLE number they use (a full kle-options read). */
function organisation(): KitosRaw {
  const raw = fixtureRaw();
  const wrapper = clone(raw.kleOptions[0]) as Any;
  const have = new Set(wrapper.payload.map((k: Any) => k.kleNumber));
  const numbers = new Set<string>();
  for (const s of raw.itSystems as Any[]) for (const k of s.kle) numbers.add(k.name);
  for (const u of raw.itSystemUsages as Any[]) for (const k of [...(u.localKLEDeviations?.addedKLE ?? []), ...(u.localKLEDeviations?.removedKLE ?? [])]) numbers.add(k.name);
  for (const n of numbers) if (!have.has(n)) wrapper.payload.push({ uuid: '00000000-0000-4000-8000-000000000000', kleNumber: n, description: `Fiktiv titel for ${n}`, parentKle: null });
  return { ...raw, kleOptions: [wrapper] };
}

function compareExtra(api: Record<string, string>, file: Record<string, string>, what: string) {
  for (const [k, v] of Object.entries(api)) expect(file[k], `${what}: extra[${k}]`).toBe(v);
  for (const k of Object.keys(file)) if (!(k in api)) expect(FILE_ONLY_EXTRA, `${what}: extra[${k}] only in the file`).toHaveProperty([k]);
}

describe('a KITOS API read and the KITOS file export of the same organisation', () => {
  it('give the same records, field by field', async () => {
    const raw = organisation();
    const files = renderExports(raw);
    const [fromApi, sysFile, conFile] = await Promise.all([
      mapAll(raw),
      parseInventoryFile({ fileName: 'OS2KITOS IT Systemer Overblik.csv', source: files.systems }),
      parseInventoryFile({ fileName: 'OS2KITOS IT Kontrakter Overblik.csv', source: files.contracts }),
    ]);
    expect(sysFile.meta?.profile).toBe('kitos-systems');
    expect(conFile.meta?.profile).toBe('kitos-contracts');
    expect(fromApi.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect([...sysFile.issues, ...conFile.issues].filter((i) => i.severity === 'error')).toEqual([]);
    // The warnings agree too (a placeholder CVR, an organisation's own criticality word, several licence models), by code.
    const codes = (xs: { code: string; severity: string }[]) => xs.filter((i) => i.severity === 'warning').map((i) => i.code).sort();
    expect(codes(fromApi.issues).filter((c) => c !== 'unresolved-dependency')).toEqual(codes([...sysFile.issues, ...conFile.issues]).filter((c) => c !== 'unresolved-dependency'));

    const fileUsages = sysFile.records.usages;
    expect(fromApi.usages).toHaveLength(fileUsages.length);
    const removedBy = new Map((raw.itSystemUsages as Any[]).map((u) => [u.systemContext.uuid, new Set((u.localKLEDeviations?.removedKLE ?? []).map((k: Any) => k.name))]));
    let optOuts = 0;
    for (const api of fromApi.usages) {
      const file = fileUsages.find((f) => f.kitos_uuid === api.kitos_uuid)!;
      expect(file, api.product_name).toBeDefined();
      for (const key of Object.keys(api) as (keyof UsageRecord)[]) {
        if (key in ALLOWED) continue;
        expect(api[key], `${api.product_name}: ${key}`).toEqual(file[key]);
      }
      const removed = removedBy.get(api.kitos_uuid!)!;
      optOuts += removed.size;
      expect(api.kle, `${api.product_name}: kle`).toEqual(file.kle.filter((k) => !(k.source === 'catalogue' && removed.has(k.number))));
      compareExtra(api.extra, file.extra, api.product_name);
    }
    expect(optOuts, 'the fixtures have KLE opt-outs, so the allowance is exercised').toBeGreaterThan(0);

    const fileContracts = conFile.records.contracts;
    expect(fromApi.contracts).toHaveLength(fileContracts.length);
    for (const api of fromApi.contracts) {
      const file = fileContracts.find((f) => f.name === api.name)!;
      expect(file, api.name).toBeDefined();
      for (const key of Object.keys(api) as (keyof ContractRecord)[]) {
        if (key in ALLOWED) continue;
        expect(api[key], `${api.name}: ${key}`).toEqual(file[key]);
      }
      compareExtra(api.extra, file.extra, api.name);
    }

    // Dependencies: the same edges between the same usages (keys may take another form: the file
    // names its targets by name or local id, the API by catalogue UUID; the writer resolves all forms).
    const usageOf = (records: UsageRecord[]) => {
      const m = new Map<string, string>();
      for (const u of records) for (const k of usageKeyForms(u)) if (!m.has(k)) m.set(k, u.kitos_uuid!);
      return (key: string) => m.get(key) ?? `?${key}`;
    };
    const edges = (xs: { source_key: string; target_key: string; kind: string; direction: string }[], of: (k: string) => string) =>
      xs.map((e) => `${of(e.source_key)} → ${of(e.target_key)} ${e.kind} ${e.direction}`).sort();
    const apiEdges = edges(fromApi.integrations, usageOf(fromApi.usages));
    expect(apiEdges.length).toBeGreaterThan(0);
    expect(apiEdges).toEqual(edges(sysFile.records.integrations, usageOf(fileUsages)));
  });
});
