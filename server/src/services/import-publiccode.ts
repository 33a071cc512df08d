// Imports a publiccode.yml into the open-source catalogue: validated against the standard's
// vocabularies (errors name the key), then added or updated by name. A new entry waits for
// moderation (`unverified`); an existing one keeps its moderation state. Every attempt is a run.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AlternativeEntry, parsePubliccode } from '../../../importers/index.ts';
import type { PubliccodeDescriptionBlock } from '../exports/publiccode.ts';
import type { Database } from '../db/schema.ts';
import { catalogueKey } from '../domain/names.ts';
import { flag, nowIso } from '../repositories/db-types.ts';
import { insertImportRun } from '../repositories/import-runs.repository.ts';
import { upsertByKey } from '../repositories/upsert-by-key.ts';
import { asFieldErrors, type ImportReport, type ReportIssue } from './import-file.ts';

export async function importPubliccode(
  db: Kysely<Database>,
  req: { fileName: string; bytes: Uint8Array; actor: string; dryRun?: boolean },
): Promise<Pick<ImportReport, 'status' | 'importRunId' | 'errors' | 'warnings'> & { alternativeKey: string | null }> {
  const startedAt = nowIso();
  const { entry, issues } = parsePubliccode(req.bytes, { fileName: req.fileName });
  const toReport = (severity: 'error' | 'warning'): ReportIssue[] =>
    issues
      .filter((i) => i.severity === severity)
      .map((i) => ({ severity, code: i.code, file: i.file ?? req.fileName, line: i.line ?? null, column: i.column ?? i.field ?? null, value: i.value ?? null, message: i.message }));
  const errors = toReport('error');
  const warnings = toReport('warning');
  const status = !entry || errors.length ? 'refused' : req.dryRun ? 'dry_run' : 'committed';
  const key = entry ? catalogueKey(entry.name) : null;
  return db.transaction().execute(async (trx) => {
    if (status === 'committed' && entry && key) {
      const existing = await trx.selectFrom('alternatives').select('moderation_state').where('key', '=', key).executeTakeFirst();
      await upsertByKey<string>(
        trx,
        'alternatives',
        'key',
        [
          {
            key,
            name: entry.name,
            url: entry.landing_url ?? entry.url,
            repository_url: entry.repository_url,
            software_type: entry.software_type,
            development_status: entry.development_status,
            spdx_license: entry.spdx_license,
            license_verified: flag(entry.license_verified),
            maintenance_type: entry.maintenance_type,
            platforms: JSON.stringify(entry.platforms),
            categories: JSON.stringify(entry.categories),
            description_da: entry.description_da,
            description_en: entry.description_en,
            localisation_ready: flag(entry.localisation_ready),
            available_languages: JSON.stringify(entry.available_languages),
            publiccode_description: JSON.stringify(publiccodeDescription(entry)),
            maintenance_contractors: entry.maintenance_contractors.length ? JSON.stringify(entry.maintenance_contractors) : null,
            moderation_state: existing?.moderation_state ?? 'unverified',
            source: `publiccode.yml: ${req.fileName}`,
            verified: 0,
          },
        ],
        { timestamps: true },
      );
    }
    const importRunId = await insertImportRun(trx, {
      municipalityCode: null,
      startedAt,
      actor: req.actor,
      fileName: req.fileName,
      fileSha256: createHash('sha256').update(req.bytes).digest('hex'),
      fileSize: req.bytes.byteLength,
      format: 'yaml',
      profile: 'publiccode',
      status,
      rowsRead: 1,
      rowsAccepted: status === 'refused' ? 0 : 1,
      rowsRejected: status === 'refused' ? 1 : 0,
      errors: asFieldErrors(errors),
      warnings: asFieldErrors(warnings),
      options: { dryRun: req.dryRun ?? false },
      demo: false,
      inventoryVersionId: null,
    });
    return { status, importRunId, errors, warnings, alternativeKey: status === 'refused' ? null : key };
  });
}

/** The file's description blocks as the standard names their keys, for the export to write back. */
function publiccodeDescription(entry: AlternativeEntry): Record<string, PubliccodeDescriptionBlock> {
  const out: Record<string, PubliccodeDescriptionBlock> = {};
  for (const [lang, d] of Object.entries(entry.description)) {
    if (!d.long_description || !d.short_description) continue;
    out[lang] = {
      shortDescription: d.short_description,
      longDescription: d.long_description,
      features: d.features,
      ...(d.localised_name ? { localisedName: d.localised_name } : {}),
      ...(d.documentation ? { documentation: d.documentation } : {}),
    };
  }
  return out;
}
