// Replaces a municipality's inventory with a new version, all or nothing: resolves parties and
// products, writes the version's rows, records the import run and moves the current pointer in
// one transaction. The importers, the demo generator and (later) rollbacks all come through here.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, NewContract, NewSystemUsage } from '../db/schema.ts';
import { type InventoryRecords, type UsageRecord, usageKey } from '../domain/inventory.ts';
import type { ImportStatus, InventoryVersionKind } from '../domain/vocabulary.ts';
import { type FieldError, InputError, NotFoundError } from '../errors.ts';
import { optionalFlag } from '../repositories/db-types.ts';
import { insertImportRun, type NewImportRun } from '../repositories/import-runs.repository.ts';
import {
  currentVersion,
  insertContracts,
  insertIntegrations,
  insertSubProcessors,
  insertUsages,
  insertVersion,
  linkRunToVersion,
  setCurrentVersion,
} from '../repositories/inventory.repository.ts';
import { ProductResolver } from '../repositories/products.repository.ts';
import { VendorResolver } from '../repositories/vendors.repository.ts';
import { recomputeNational, scoreVersions } from './scores.ts';

/** What the caller knows about the run; the service adds the municipality, status and counts. */
export type ImportRunMeta = Omit<NewImportRun, 'municipalityCode' | 'status' | 'rowsAccepted' | 'demo' | 'inventoryVersionId'>;

export interface ReplaceInventoryResult {
  status: Extract<ImportStatus, 'committed' | 'unchanged'>;
  importRunId: number;
  inventoryVersionId: number;
  vendorsCreated: { id: number; name: string; cvr: string | null }[];
  productsCreated: { id: number; name: string }[];
}

/** A hash of the inventory's content (not of the file), so the same data twice is "unchanged". */
export function inventoryContentHash(records: InventoryRecords): string {
  const strip = <T extends { source_line?: number | null }>(r: T) => ({ ...r, source_line: null });
  const usages = records.usages.map(strip).sort((a, b) => (usageKey(a) < usageKey(b) ? -1 : 1));
  const contracts = records.contracts.map(strip).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const integrations = [...records.integrations].sort((a, b) =>
    `${a.source_key}>${a.target_key}:${a.kind}` < `${b.source_key}>${b.target_key}:${b.kind}` ? -1 : 1,
  );
  return createHash('sha256').update(JSON.stringify({ usages, contracts, integrations })).digest('hex');
}

/** Duplicate usage keys and dangling references are input errors, reported with their lines. */
function checkReferences(records: InventoryRecords, fileName: string): void {
  const errors: FieldError[] = [];
  const keys = new Map<string, UsageRecord>();
  for (const u of records.usages) {
    const key = usageKey(u);
    const first = keys.get(key);
    if (first) {
      errors.push({
        file: fileName,
        line: u.source_line ?? undefined,
        column: u.local_id ? 'local_id' : 'system_name',
        value: u.local_id ?? u.local_name ?? u.product_name,
        message: {
          da: `Systemet står to gange i filen (også på linje ${first.source_line ?? '?'})`,
          en: `The system appears twice in the file (also on line ${first.source_line ?? '?'})`,
        },
      });
    } else keys.set(key, u);
  }
  for (const c of records.contracts) {
    for (const k of c.usage_keys) {
      if (!keys.has(k)) {
        errors.push({
          file: fileName,
          line: c.source_line ?? undefined,
          column: 'systems',
          value: k.replace(/^(id|name):/, ''),
          message: { da: 'Kontrakten nævner et system, der ikke er i oversigten', en: 'The contract names a system that is not in the inventory' },
        });
      }
    }
  }
  for (const i of records.integrations) {
    for (const k of [i.source_key, i.target_key]) {
      if (!keys.has(k)) {
        errors.push({
          file: fileName,
          column: 'depends_on',
          value: k.replace(/^(id|name):/, ''),
          message: { da: 'Integrationen nævner et system, der ikke er i oversigten', en: 'The integration names a system that is not in the inventory' },
        });
      }
    }
  }
  if (errors.length) throw new InputError(`${errors.length} reference error(s) in ${fileName}`, errors);
}

/**
 * Writes the new version and scores it in the same transaction. The national aggregate is
 * recomputed too, unless `deferNational` (a bulk load recomputes it once at the end).
 */
export async function replaceInventory(
  db: Kysely<Database>,
  input: {
    municipalityCode: number;
    records: InventoryRecords;
    kind: Extract<InventoryVersionKind, 'import' | 'demo'>;
    run: ImportRunMeta;
    deferNational?: boolean;
  },
): Promise<ReplaceInventoryResult> {
  const { municipalityCode, records, kind, run } = input;
  checkReferences(records, run.fileName);
  const demo = kind === 'demo';
  const hash = inventoryContentHash(records);
  return db.transaction().execute(async (trx) => {
    const municipality = await trx.selectFrom('municipalities').select('code').where('code', '=', municipalityCode).executeTakeFirst();
    if (!municipality) throw new NotFoundError(`Unknown municipality code ${municipalityCode}`);

    const current = await currentVersion(trx, municipalityCode);
    const runBase = {
      ...run,
      municipalityCode,
      rowsAccepted: records.usages.length + records.contracts.length,
      demo,
    };
    if (current && current.content_hash === hash) {
      const importRunId = await insertImportRun(trx, { ...runBase, status: 'unchanged', inventoryVersionId: current.id });
      return { status: 'unchanged', importRunId, inventoryVersionId: current.id, vendorsCreated: [], productsCreated: [] };
    }

    const vendors = await VendorResolver.load(trx);
    const products = await ProductResolver.load(trx);
    const categories = new Set((await trx.selectFrom('categories').select('code').execute()).map((c) => c.code));

    const versionId = await insertVersion(trx, {
      municipalityCode,
      kind,
      basedOnVersionId: current?.id ?? null,
      createdBy: run.actor,
      contentHash: hash,
      usageCount: records.usages.length,
      contractCount: records.contracts.length,
      integrationCount: records.integrations.length,
      demo,
    });

    const usageRows: NewSystemUsage[] = [];
    const subProcessors: { key: string; vendorId: number }[] = [];
    for (const u of records.usages) {
      const party = async (p: UsageRecord['supplier']) => (p ? (await vendors.resolve(p)).id : null);
      const rightsHolderId = await party(u.rights_holder);
      const productId = await products.resolve({
        name: u.product_name,
        kitosUuid: u.kitos_uuid,
        rightsHolderId,
        category: u.category && categories.has(u.category) ? u.category : null,
      });
      const key = usageKey(u);
      for (const sp of u.sub_processors) subProcessors.push({ key, vendorId: (await vendors.resolve(sp)).id });
      usageRows.push(await toUsageRow(versionId, municipalityCode, key, productId, u, party));
    }
    const usageIds = await insertUsages(trx, versionId, usageRows);
    await insertSubProcessors(
      trx,
      subProcessors.map((s) => ({ usage_id: usageIds.get(s.key)!, vendor_id: s.vendorId })),
    );

    const contractRows: { contract: NewContract; usageIds: number[] }[] = [];
    for (const c of records.contracts) {
      contractRows.push({
        contract: {
          inventory_version_id: versionId,
          municipality_code: municipalityCode,
          name: c.name,
          external_id: c.external_id,
          supplier_vendor_id: c.supplier ? (await vendors.resolve(c.supplier)).id : null,
          valid_from: c.valid_from,
          valid_to: c.valid_to,
          irrevocable_until: c.irrevocable_until,
          notice_months: c.notice_months,
          terminated_at: c.terminated_at,
          acquisition_cost_dkk: c.acquisition_cost_dkk,
          yearly_operation_cost_dkk: c.yearly_operation_cost_dkk,
          other_cost_dkk: c.other_cost_dkk,
          procurement_strategy: c.procurement_strategy,
          purchase_form: c.purchase_form,
          contract_type: c.contract_type,
          auto_renewal: optionalFlag(c.auto_renewal),
          exit_clause: optionalFlag(c.exit_clause),
          switching_charges: optionalFlag(c.switching_charges),
          licences_portable: optionalFlag(c.licences_portable),
          bundled_scope: optionalFlag(c.bundled_scope),
          extra: JSON.stringify(c.extra),
          source_line: c.source_line,
        },
        usageIds: c.usage_keys.map((k) => usageIds.get(k)!),
      });
    }
    await insertContracts(trx, contractRows);
    await insertIntegrations(
      trx,
      records.integrations.map((i) => ({
        inventory_version_id: versionId,
        source_usage_id: usageIds.get(i.source_key)!,
        target_usage_id: usageIds.get(i.target_key)!,
        kind: i.kind,
        direction: i.direction,
        platform_role: i.platform_role,
      })),
    );
    await setCurrentVersion(trx, municipalityCode, versionId);
    await scoreVersions(trx, [versionId]);
    if (!input.deferNational) await recomputeNational(trx);
    const importRunId = await insertImportRun(trx, { ...runBase, status: 'committed', inventoryVersionId: versionId });
    await linkRunToVersion(trx, versionId, importRunId);
    return { status: 'committed', importRunId, inventoryVersionId: versionId, vendorsCreated: vendors.created, productsCreated: products.created };
  });
}

async function toUsageRow(
  versionId: number,
  municipalityCode: number,
  key: string,
  productId: number,
  u: UsageRecord,
  party: (p: UsageRecord['supplier']) => Promise<number | null>,
): Promise<NewSystemUsage> {
  return {
    inventory_version_id: versionId,
    municipality_code: municipalityCode,
    usage_key: key,
    product_id: productId,
    local_name: u.local_name,
    local_id: u.local_id,
    version: u.version,
    lifecycle: u.lifecycle,
    supplier_vendor_id: await party(u.supplier),
    hosting_model: u.hosting_model,
    hosted_by_vendor_id: await party(u.hosted_by),
    operated_by_vendor_id: await party(u.operated_by),
    data_location: u.data_location,
    criticality: u.criticality,
    business_critical: optionalFlag(u.business_critical),
    user_count_band: u.user_count_band,
    data_sensitivity: JSON.stringify(u.data_sensitivity),
    in_use_from: u.in_use_from,
    in_use_to: u.in_use_to,
    responsible_unit: u.responsible_unit,
    business_type: u.business_type,
    notes: u.notes,
    data_export: u.data_export,
    export_formats: JSON.stringify(u.export_formats),
    export_format_kind: u.export_format_kind,
    export_tested_at: u.export_tested_at,
    export_charges: optionalFlag(u.export_charges),
    api_availability: u.api_availability,
    api_standards: JSON.stringify(u.api_standards),
    license_model: u.license_model,
    key_management: u.key_management,
    external_backup_tested_at: u.external_backup_tested_at,
    exit_plan: u.exit_plan,
    exit_plan_tested_at: u.exit_plan_tested_at,
    exit_plan_owner: u.exit_plan_owner,
    provenance: JSON.stringify(u.provenance),
    extra: JSON.stringify(u.extra),
    source_line: u.source_line,
  };
}
