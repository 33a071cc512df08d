// Test helper: the KITOS API v2 fixture responses (test/fixtures/kitos-api-v2, a copy of
// shared/reference/kitos-api-v2: fictitious values, real field names and enums) as a KitosRaw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KitosRaw } from './raw.ts';

export const FIXTURE_DIR = join(import.meta.dirname, '../../test/fixtures/kitos-api-v2');

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
