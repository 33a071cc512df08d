// Cooperation matchmaking over the current inventories, as one asker may see it: the matching
// runs only over the municipalities whose inventory the asker may read (canReadInventory with
// each municipality's visibility setting). The others are counted, never named, and their
// exits and spend take no part in any window or sum, so nothing about them can be inferred.
import type { Kysely } from 'kysely';
import { canReadInventory, type Principal } from '../auth/policy.ts';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { findProduct, productMunicipalities, productUsages } from '../repositories/cooperation.repository.ts';
import {
  type ClusterMember,
  combinedSpend,
  type CooperationCluster,
  findClusters,
  type Partner,
  partnersOf,
  productExit,
  type ProductUse,
  windowOf,
} from '../solutions/cooperation.ts';

export interface CooperationAnswer {
  product: { id: number; name: string };
  windowMonths: number;
  clusters: CooperationCluster[];
  /** Every visible municipality with a known exit and its window, by exit date (in a cluster or not). */
  windows: ClusterMember[];
  /** Municipalities (visible to the asker) that use the product without a known exit. */
  unknownExit: { municipalityCode: number; name: string }[];
  /** Municipalities that use the product but keep their inventory from the asker: counted only. */
  withheldCount: number;
  /** With `municipality=`: that municipality's own window and its potential partners. */
  municipality: { code: number; name: string | null; own: ClusterMember | null; partners: Partner[] } | null;
}

export interface CooperationProduct {
  id: number;
  name: string;
  vendorName: string | null;
  /** Municipalities using it whose inventory the asker may read. */
  municipalityCount: number;
}

/** Products used by at least two municipalities the asker may see, most widely used first. */
export async function cooperationProducts(db: Kysely<Database>, principal: Principal): Promise<CooperationProduct[]> {
  const byProduct = new Map<number, CooperationProduct>();
  for (const r of await productMunicipalities(db)) {
    if (!canReadInventory(principal, r.municipalityCode, r.visibility)) continue;
    const p = byProduct.get(r.productId) ?? { id: r.productId, name: r.productName, vendorName: r.vendorName, municipalityCount: 0 };
    p.municipalityCount++;
    byProduct.set(r.productId, p);
  }
  return [...byProduct.values()]
    .filter((p) => p.municipalityCount >= 2)
    .sort((a, b) => b.municipalityCount - a.municipalityCount || a.name.localeCompare(b.name, 'da'));
}

export async function cooperation(
  db: Kysely<Database>,
  principal: Principal,
  args: { productId: number; windowMonths: number; municipalityCode?: number | undefined },
): Promise<CooperationAnswer> {
  // The route has checked that the asker may see `municipalityCode`'s inventory.
  const product = await findProduct(db, args.productId);
  if (!product) throw new NotFoundError(`No product with id ${args.productId}`);
  const rows = await productUsages(db, product.id);
  const visible = rows.filter((r) => canReadInventory(principal, r.municipalityCode, r.visibility));
  const withheld = new Set(rows.filter((r) => !visible.includes(r)).map((r) => r.municipalityCode));

  const perMunicipality = new Map<number, typeof visible>();
  for (const r of visible) perMunicipality.set(r.municipalityCode, [...(perMunicipality.get(r.municipalityCode) ?? []), r]);
  const uses: ProductUse[] = [...perMunicipality.values()].map((rs) => ({
    municipalityCode: rs[0]!.municipalityCode,
    name: rs[0]!.municipalityName,
    nextExit: productExit(rs.map((r) => r.nextExit)),
    yearlySpendDkk: combinedSpend(rs.map((r) => r.yearlySpendDkk)),
  }));
  const { clusters, unknownExit } = findClusters(uses, args.windowMonths);

  let municipality: CooperationAnswer['municipality'] = null;
  if (args.municipalityCode !== undefined) {
    const code = args.municipalityCode;
    const { own, partners } = partnersOf(uses, args.windowMonths, code);
    municipality = { code, name: perMunicipality.get(code)?.[0]?.municipalityName ?? null, own, partners };
  }
  return {
    product,
    windowMonths: args.windowMonths,
    clusters,
    windows: uses
      .filter((u): u is ProductUse & { nextExit: string } => u.nextExit !== null)
      .map((u) => ({ ...u, window: windowOf(u.nextExit, args.windowMonths) }))
      .sort((a, b) => (a.nextExit < b.nextExit ? -1 : a.nextExit > b.nextExit ? 1 : a.municipalityCode - b.municipalityCode)),
    unknownExit: unknownExit.map((u) => ({ municipalityCode: u.municipalityCode, name: u.name })),
    withheldCount: withheld.size,
    municipality,
  };
}
