// The contracts of every current inventory the principal may read, with the notice deadline
// computed from the end date and the notice period — and, from the same rows, the events of a
// municipality's deadline calendar (GET /municipalities/{code}/deadlines.ics).
import { scopedInventories } from '../../repositories/world.repository.ts';
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import type { CalendarEvent } from '../../exports/index.ts';
import { chunks } from '../../repositories/db-types.ts';
import { type InventoryScope, inventoryScope, nullsLast } from '../../repositories/inventory-lists.repository.ts';
import { addMonths } from '../../scoring/dates.ts';
import type { ListQuery, ListResource } from './list-resource.ts';
import { municipalityFilter } from './usages.ts';

const isoDate = z.iso.date();

const filters = z.object({
  municipality: municipalityFilter,
  vendor: z.coerce.number().int().positive().optional().describe("The supplier's vendor id"),
  endsBefore: isoDate.optional().describe('Contracts ending (valid_to) on or before this date'),
  endsAfter: isoDate.optional().describe('Contracts ending (valid_to) on or after this date'),
});
export type ContractFilters = z.infer<typeof filters>;

export interface ContractListRow {
  contractId: number;
  municipalityCode: number;
  municipality: string;
  name: string;
  externalId: string | null;
  supplierId: number | null;
  supplier: string | null;
  /** The names of the systems the contract covers. */
  systems: string[];
  validFrom: string | null;
  validTo: string | null;
  irrevocableUntil: string | null;
  noticeMonths: number | null;
  /** The last day to give notice for the contract to end on `validTo` (validTo − noticeMonths). */
  noticeDeadline: string | null;
  /** The contract is irrevocable until after the notice deadline: notice may not be possible in time. */
  irrevocableAfterDeadline: boolean;
  terminatedAt: string | null;
  yearlyCostDkk: number | null;
}

/** validTo − noticeMonths (the day clamped to the month's length); null when either is unknown. */
export function noticeDeadline(validTo: string | null, noticeMonths: number | null): string | null {
  if (validTo === null || noticeMonths === null) return null;
  try {
    return addMonths(validTo, -noticeMonths);
  } catch {
    return null;
  }
}

function filtered(db: Kysely<Database>, scope: InventoryScope, f: ContractFilters) {
  let q = db.selectFrom(scopedInventories(db, scope).as('ci')).innerJoin('contracts as k', 'k.inventory_version_id', 'ci.inventory_version_id');
  if (scope !== 'all') q = q.where('ci.municipality_code', 'in', scope);
  if (f.vendor !== undefined) q = q.where('k.supplier_vendor_id', '=', f.vendor);
  if (f.endsBefore !== undefined) q = q.where('k.valid_to', '<=', f.endsBefore);
  if (f.endsAfter !== undefined) q = q.where('k.valid_to', '>=', f.endsAfter);
  return q;
}

/** The rows of `scope` (already checked against the policy). */
export async function queryContracts(db: Kysely<Database>, scope: InventoryScope, q: ListQuery<ContractFilters>): Promise<{ items: ContractListRow[]; total: number }> {
  const base = filtered(db, scope, q.filters);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = base
    .innerJoin('municipalities as m', 'm.code', 'ci.municipality_code')
    .leftJoin('vendors as v', 'v.id', 'k.supplier_vendor_id')
    .select([
      'k.id',
      'ci.municipality_code',
      'm.name as municipality',
      'k.name',
      'k.external_id',
      'k.supplier_vendor_id',
      'v.name as supplier',
      'k.valid_from',
      'k.valid_to',
      'k.irrevocable_until',
      'k.notice_months',
      'k.terminated_at',
      'k.yearly_operation_cost_dkk',
    ]);
  const dir = q.order;
  switch (q.sort) {
    case 'name':
      page = page.orderBy(sql`lower(${sql.ref('k.name')})`, dir);
      break;
    case 'cost':
      page = page.orderBy('k.yearly_operation_cost_dkk', nullsLast(dir));
      break;
    default:
      page = page.orderBy('k.valid_to', nullsLast(dir));
  }
  const rows = await page.orderBy('k.id').limit(q.limit).offset(q.offset).execute();
  const systems = await systemsOf(db, rows.map((r) => r.id));
  return {
    total: Number(total.n),
    items: rows.map((r) => {
      const deadline = noticeDeadline(r.valid_to, r.notice_months);
      return {
        contractId: r.id,
        municipalityCode: r.municipality_code,
        municipality: r.municipality,
        name: r.name,
        externalId: r.external_id,
        supplierId: r.supplier_vendor_id,
        supplier: r.supplier,
        systems: systems.get(r.id) ?? [],
        validFrom: r.valid_from,
        validTo: r.valid_to,
        irrevocableUntil: r.irrevocable_until,
        noticeMonths: r.notice_months,
        noticeDeadline: deadline,
        irrevocableAfterDeadline: deadline !== null && r.irrevocable_until !== null && r.irrevocable_until > deadline,
        terminatedAt: r.terminated_at,
        yearlyCostDkk: r.yearly_operation_cost_dkk,
      };
    }),
  };
}

/** The names of the systems each contract covers, by name. */
async function systemsOf(db: Kysely<Database>, contractIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const ids of chunks(contractIds, 1, 10_000)) {
    const rows = await db
      .selectFrom('contract_usages as cu')
      .innerJoin('system_usages as u', 'u.id', 'cu.usage_id')
      .select(['cu.contract_id', 'u.local_name', 'u.system_name'])
      .where('cu.contract_id', 'in', ids)
      .execute();
    for (const r of rows) {
      const list = out.get(r.contract_id) ?? [];
      list.push(r.local_name ?? r.system_name);
      out.set(r.contract_id, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.localeCompare(b, 'da'));
  return out;
}

export const contractsList: ListResource<ContractFilters, ContractListRow> = {
  name: 'contracts',
  filters,
  sorts: ['ends', 'name', 'cost'],
  defaultOrder: 'asc',
  async list(db: Kysely<Database>, principal: Principal, q: ListQuery<ContractFilters>) {
    return queryContracts(db, await inventoryScope(db, principal, q.filters.municipality), q);
  },
  columns: [
    { key: 'municipalityCode', label: { da: 'Kommunekode', en: 'Municipality code' }, value: (r) => r.municipalityCode },
    { key: 'municipality', label: { da: 'Kommune', en: 'Municipality' }, value: (r) => r.municipality },
    { key: 'name', label: { da: 'Kontrakt', en: 'Contract' }, value: (r) => r.name },
    { key: 'externalId', label: { da: 'Kontrakt-ID', en: 'Contract ID' }, value: (r) => r.externalId, type: 'text' },
    { key: 'supplier', label: { da: 'Leverandør', en: 'Supplier' }, value: (r) => r.supplier },
    { key: 'systems', label: { da: 'It-systemer', en: 'IT systems' }, value: (r) => r.systems.join(', ') },
    { key: 'validFrom', label: { da: 'Gyldig fra', en: 'Valid from' }, value: (r) => r.validFrom, type: 'date' },
    { key: 'validTo', label: { da: 'Gyldig til', en: 'Valid to' }, value: (r) => r.validTo, type: 'date' },
    { key: 'irrevocableUntil', label: { da: 'Uopsigelig til', en: 'Irrevocable until' }, value: (r) => r.irrevocableUntil, type: 'date' },
    { key: 'noticeMonths', label: { da: 'Opsigelsesvarsel (måneder)', en: 'Notice (months)' }, value: (r) => r.noticeMonths, type: 'number' },
    { key: 'noticeDeadline', label: { da: 'Opsigelsesfrist', en: 'Notice deadline' }, value: (r) => r.noticeDeadline, type: 'date' },
    {
      key: 'irrevocableAfterDeadline',
      label: { da: 'Uopsigelig efter opsigelsesfristen', en: 'Irrevocable past the notice deadline' },
      value: (r) => (r.noticeDeadline === null ? null : r.irrevocableAfterDeadline),
      type: 'boolean',
    },
    { key: 'terminatedAt', label: { da: 'Opsagt', en: 'Terminated' }, value: (r) => r.terminatedAt, type: 'date' },
    { key: 'yearlyCostDkk', label: { da: 'Drift pr. år (kr.)', en: 'Yearly operation (DKK)' }, value: (r) => r.yearlyCostDkk, type: 'number' },
  ],
};

/** Every contract of the municipality's current inventory, soonest end first (no policy check: the caller holds the calendar token). */
export async function currentContracts(db: Kysely<Database>, municipalityCode: number): Promise<ContractListRow[]> {
  const { items } = await queryContracts(db, [municipalityCode], { filters: {}, sort: 'ends', order: 'asc', limit: 1_000_000, offset: 0 });
  return items;
}

const UID_DOMAIN = 'handlefrihed';

/**
 * A contract's key across inventory versions (a re-import gives the contract a new row id, but
 * a calendar client must see the same event): its external id, else its name and start date.
 */
function contractKey(c: ContractListRow): string {
  const basis = c.externalId?.trim() ? `id:${c.externalId.trim().toLowerCase()}` : `name:${c.name.trim().toLowerCase()}|${c.validFrom ?? ''}`;
  return createHash('sha256').update(`${c.municipalityCode}|${basis}`).digest('hex').slice(0, 20);
}

/**
 * The deadline calendar of one municipality's contracts: per contract with an end date, its
 * notice deadline (all day) and the exit window from that deadline to the contract end; a
 * contract without a notice period, or already terminated, gets its end date only. UIDs are
 * stable per contract (see contractKey) and event kind.
 */
export function contractDeadlineEvents(contracts: readonly ContractListRow[]): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  const seen = new Map<string, number>();
  for (const c of contracts) {
    if (c.validTo === null) continue;
    let key = contractKey(c);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n > 0) key = `${key}-${n + 1}`;
    const uid = (kind: string) => `contract-${c.municipalityCode}-${key}-${kind}@${UID_DOMAIN}`;
    const what = c.systems.length ? c.systems.join(', ') : c.name;
    const supplier = c.supplier ?? 'ukendt leverandør';
    const about = [
      `Kontrakt: ${c.name}${c.externalId ? ` (${c.externalId})` : ''}`,
      `Leverandør: ${supplier}`,
      `It-systemer: ${c.systems.length ? c.systems.join(', ') : 'ingen tilknyttet'}`,
      `Gyldig til: ${c.validTo}`,
    ];
    if (c.terminatedAt !== null) {
      events.push({ uid: uid('end'), date: c.validTo, summary: `Kontrakt ophører: ${what}, ${supplier}`, description: [`Kontrakten er opsagt ${c.terminatedAt} og ophører ${c.validTo}.`, ...about].join('\n') });
      continue;
    }
    if (c.noticeDeadline === null) {
      events.push({
        uid: uid('end'),
        date: c.validTo,
        summary: `Kontrakt udløber: ${what}, ${supplier}`,
        description: [`Kontrakten udløber ${c.validTo}. Opsigelsesvarslet er ikke oplyst: tjek kontrakten for fristen.`, ...about].join('\n'),
      });
      continue;
    }
    const irrevocable = c.irrevocableAfterDeadline ? [`Bemærk: kontrakten er uopsigelig til ${c.irrevocableUntil}, efter opsigelsesfristen.`] : [];
    events.push({
      uid: uid('notice'),
      date: c.noticeDeadline,
      summary: `Opsigelsesfrist: ${what}, ${supplier}`,
      description: [`Sidste dag for opsigelse med ${c.noticeMonths} måneders varsel, så kontrakten udløber ${c.validTo}.`, ...irrevocable, ...about].join('\n'),
    });
    events.push({
      uid: uid('exit'),
      date: c.noticeDeadline,
      endDate: c.validTo,
      summary: `Exitvindue: ${what}, ${supplier}`,
      description: [`Fra opsigelsesfristen ${c.noticeDeadline} til kontraktens udløb ${c.validTo}: tid til at gennemføre et skift.`, ...irrevocable, ...about].join('\n'),
    });
  }
  return events;
}
