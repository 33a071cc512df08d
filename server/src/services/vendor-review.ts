// The review of vendors created by imports (issue #12). A vendor first named in one
// municipality's file is local to it: unverified, and visible and matchable only there. A
// moderator or administrator either adopts it into the shared catalogue (every municipality's
// later imports then match it) or merges it into an existing vendor (its names become aliases
// there). Both run in one transaction with their audit entry.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { canModerate, type Principal } from '../auth/policy.ts';
import type { Database } from '../db/schema.ts';
import { normalizeVendorName } from '../domain/names.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { vendorUsageCounts } from '../repositories/catalogue.repository.ts';
import { nowIso } from '../repositories/db-types.ts';
import { demand } from './catalogue-common.ts';
import { type MergeResult, mergeVendorsAs, type VendorDetail, vendorDetail } from './catalogue.ts';

export const vendorReview = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('adopt') }),
  z.object({ decision: z.literal('merge'), into: z.number().int().positive() }),
]);
export type VendorReview = z.infer<typeof vendorReview>;

export interface UnreviewedVendor {
  id: number;
  name: string;
  cvr: string | null;
  cvrAsWritten: string | null;
  municipalityCode: number;
  municipality: string;
  notes: string | null;
  createdAt: string;
  /** 1 when the municipality's current inventory names it, else 0. */
  usageCount: number;
}

/** Vendors created by imports and not yet reviewed, oldest first (moderators). */
export async function unreviewedVendors(db: Kysely<Database>, principal: Principal, page: { limit: number; offset: number }): Promise<{ items: UnreviewedVendor[]; total: number }> {
  demand(principal, canModerate(principal), 'review vendors');
  const base = db.selectFrom('vendors as v').where('v.local_to_municipality', 'is not', null);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin('municipalities as m', 'm.code', 'v.local_to_municipality')
    .select(['v.id', 'v.name', 'v.cvr', 'v.cvr_as_written', 'v.local_to_municipality', 'm.name as municipality', 'v.notes', 'v.created_at'])
    .orderBy('v.created_at')
    .orderBy('v.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const counts = new Map<number, number>();
  if (rows.length) for (const c of await vendorUsageCounts(db, rows.map((r) => r.id)).execute()) counts.set(c.vendor_id!, Number(c.n));
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      cvr: r.cvr,
      cvrAsWritten: r.cvr_as_written,
      municipalityCode: r.local_to_municipality!,
      municipality: r.municipality,
      notes: r.notes,
      createdAt: r.created_at,
      usageCount: counts.get(r.id) ?? 0,
    })),
  };
}

export type ReviewResult = { decision: 'adopt'; vendor: VendorDetail } | ({ decision: 'merge' } & MergeResult);

/** Adopts a local vendor into the shared catalogue, or merges it into another vendor (moderators). */
export async function reviewVendor(db: Kysely<Database>, principal: Principal, id: number, review: VendorReview): Promise<ReviewResult> {
  demand(principal, canModerate(principal), 'review vendors');
  const v = await db.selectFrom('vendors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw new NotFoundError(`No vendor with id ${id}`);
  if (v.local_to_municipality == null) {
    throw new ConflictError(`Vendor ${id} is already in the shared catalogue`, [
      { field: 'id', value: String(id), message: { da: 'Leverandøren er allerede i det fælles katalog', en: 'The vendor is already in the shared catalogue' } },
    ]);
  }
  if (review.decision === 'merge') {
    const into = await db.selectFrom('vendors').select(['id', 'local_to_municipality']).where('id', '=', review.into).executeTakeFirst();
    if (!into) throw new NotFoundError(`No vendor with id ${review.into}`);
    // Merging into another municipality's unreviewed vendor would show one municipality's vendor to another.
    if (into.local_to_municipality != null && into.local_to_municipality !== v.local_to_municipality) {
      throw new ConflictError(`Vendor ${review.into} is local to another municipality`, [
        { field: 'into', value: String(review.into), message: { da: 'Flet ind i en leverandør fra det fælles katalog', en: 'Merge into a vendor of the shared catalogue' } },
      ]);
    }
    return { decision: 'merge', ...(await mergeVendorsAs(db, principal, id, review.into)) };
  }
  // A vendor made for a name/CVR disagreement has a key no name matches; adopted, it is found by its name.
  const normalized = normalizeVendorName(v.name);
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('vendors')
      .select(['id', 'name'])
      .where('local_to_municipality', 'is', null)
      .where((eb) => eb.or([eb('normalized_name', '=', normalized), ...(v.cvr ? [eb('cvr', '=', v.cvr)] : [])]))
      .executeTakeFirst();
    const alias = taken ? undefined : await trx.selectFrom('vendor_aliases as a').innerJoin('vendors as o', 'o.id', 'a.vendor_id').select(['o.id', 'o.name']).where('a.normalized_alias', '=', normalized).executeTakeFirst();
    const other = taken ?? alias;
    if (other) {
      throw new ConflictError(`The shared catalogue already has vendor ${other.id} (${other.name}) by this name or CVR; merge instead`, [
        { field: 'decision', value: 'adopt', message: { da: `Det fælles katalog har allerede ${other.name}: flet i stedet`, en: `The shared catalogue already has ${other.name}: merge instead` } },
      ]);
    }
    await trx.updateTable('vendors').set({ local_to_municipality: null, normalized_name: normalized, updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(trx, principal, {
      action: 'vendor.adopt',
      entityType: 'vendor',
      entityId: id,
      municipalityCode: v.local_to_municipality,
      before: { localToMunicipality: v.local_to_municipality, name: v.name, cvr: v.cvr, cvrAsWritten: v.cvr_as_written },
      after: { localToMunicipality: null },
    });
    return { decision: 'adopt' as const, vendor: await vendorDetail(trx, id) };
  });
}
