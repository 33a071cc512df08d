// Test helper: the KITOS API v2 fixture responses (test/fixtures/kitos-api-v2, a copy of
// shared/reference/kitos-api-v2: fictitious values, real field names and enums) as a KitosRaw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractRecord, IntegrationRecord, UsageRecord } from '../../server/src/domain/inventory.ts';
import type { ImportIssue, ImportRow } from '../../importers/index.ts';
import { openKitosApiInventory } from '../../importers/kitos-api/map.ts';
import type { KitosRaw } from '../../importers/kitos-api/raw.ts';

export const FIXTURE_DIR = join(import.meta.dirname, '../fixtures/kitos-api-v2');

export function fixtureJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as T;
}

/** A deep copy, for tests that edit entities. */
export const clone = <T>(v: T): T => structuredClone(v);

/** The full read the fixtures describe: every usage page, the catalogue, contracts, units, DPRs and KLE options. */
export function fixtureRaw(): KitosRaw {
  return {
    itSystemUsages: [
      ...fixtureJson<unknown[]>('it-system-usages.page-0.response.json'),
      ...fixtureJson<unknown[]>('it-system-usages.page-1.response.json'),
      ...fixtureJson<unknown[]>('it-system-usages.page-2.response.json'),
    ],
    itSystems: fixtureJson<unknown[]>('it-systems.response.json'),
    itContracts: fixtureJson<unknown[]>('it-contracts.response.json'),
    organizationUnits: fixtureJson<unknown[]>('organization-units.response.json'),
    dataProcessingRegistrations: fixtureJson<unknown[]>('data-processing-registrations.response.json'),
    kleOptions: [fixtureJson('kle-options.response.json')],
    deletedEntities: [],
  };
}

/** Replaces the entity with the same uuid (a variant shape of one entity). */
export function withEntity(list: unknown[], entity: { uuid: string }): unknown[] {
  const i = list.findIndex((e) => (e as { uuid: string }).uuid === entity.uuid);
  if (i < 0) throw new Error(`no entity ${entity.uuid}`);
  const out = list.slice();
  out[i] = entity;
  return out;
}

export interface Mapped {
  usages: UsageRecord[];
  contracts: ContractRecord[];
  integrations: IntegrationRecord[];
  issues: ImportIssue[];
  rows: ImportRow[];
  rowsRejected: number;
  municipality: string | null;
}

/** Reads a whole stream into records and issues, as the import service does. */
export async function mapAll(raw: KitosRaw, opts: Parameters<typeof openKitosApiInventory>[1] = {}): Promise<Mapped> {
  const s = openKitosApiInventory(raw, opts);
  const out: Mapped = { usages: [], contracts: [], integrations: [], issues: [...s.headerIssues], rows: [], rowsRejected: 0, municipality: null };
  for await (const batch of s.batches()) {
    for (const row of batch) {
      out.rows.push(row);
      out.issues.push(...row.issues);
      if (row.usage) out.usages.push(row.usage);
      if (row.contract) out.contracts.push(row.contract);
      if (row.integrations) out.integrations.push(...row.integrations);
    }
  }
  const end = s.finish();
  out.integrations.push(...end.integrations);
  out.issues.push(...end.issues);
  out.rowsRejected = end.rowsRejected;
  out.municipality = end.municipality;
  return out;
}

