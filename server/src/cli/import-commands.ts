// `handlefrihed import` and `handlefrihed imports`: load a file, list versions, compare two and
// roll back, through the same services as the API.
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type FormatId, parseMappingArg, PROFILES, type ProfileId, templateFor } from '../../../importers/index.ts';
import { loadConfig } from '../config.ts';
import { NotFoundError } from '../errors.ts';
import { importFile, type ImportReport } from '../services/import-file.ts';
import { importPubliccode } from '../services/import-publiccode.ts';
import { diffVersions, listVersions, rollbackTo } from '../services/inventory-versions.ts';
import { type PrunedVersion, pruneVersions } from '../services/prune-versions.ts';
import { cliActor, cliActorLabel } from './actor.ts';
import { UsageError, withPreparedDatabase } from './context.ts';

const FORMATS = ['csv', 'xlsx', 'html'] as const;
const statusText: Record<ImportReport['status'], string> = {
  committed: 'Indlæst / committed',
  unchanged: 'Uændret – samme indhold som den aktuelle version / unchanged',
  dry_run: 'Prøvekørsel – intet skrevet / dry run, nothing written',
  refused: 'AFVIST – intet skrevet / REFUSED, nothing written',
  failed: 'MISLYKKET – intet skrevet / FAILED, nothing written',
};

export function printReport(r: ImportReport, log: (m: string) => void): void {
  log(`${statusText[r.status]} (importkørsel ${r.importRunId}${r.inventoryVersionId != null ? `, version ${r.inventoryVersionNumber ?? '–'} (id ${r.inventoryVersionId})` : ''})`);
  if (r.meta) log(`  Format ${r.meta.format}, profil ${r.meta.profile}, tegnsæt ${r.meta.encoding ?? '–'}, skilletegn ${JSON.stringify(r.meta.delimiter ?? '')}`);
  log(`  Rækker: ${r.rows.read} læst, ${r.rows.accepted} godkendt, ${r.rows.rejected} afvist`);
  const show = (i: ImportReport['errors'][number]) =>
    `  ${i.severity === 'error' ? 'FEJL' : 'advarsel'} ${i.file}${i.line != null ? `:${i.line}` : ''}${i.column ? ` [${i.column}]` : ''}${i.value != null ? ` «${i.value}»` : ''}: ${i.message.da}`;
  for (const e of r.errors.slice(0, 200)) log(show(e));
  for (const w of r.warnings.slice(0, 50)) log(show(w));
  const more = r.errors.length - Math.min(200, r.errors.length) + r.warnings.length - Math.min(50, r.warnings.length) + r.omittedIssues;
  if (more > 0) log(`  … og ${more} mere (brug --json for hele rapporten)`);
  for (const v of r.vendorsCreated) {
    const local = v.localTo != null ? `, kun synlig for kommune ${v.localTo} til en moderator har gennemgået den` : '';
    log(`  Ny leverandør (ikke verificeret${local}): ${v.name}${v.cvr ? ` (CVR ${v.cvr})` : ''}`);
  }
}

export async function importCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      municipality: { type: 'string' },
      profile: { type: 'string' },
      format: { type: 'string' },
      sheet: { type: 'string' },
      table: { type: 'string' },
      map: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('import needs exactly one file: handlefrihed import <fil> --municipality KODE');
  if (values.profile === 'publiccode' || (!values.profile && /publiccode\.ya?ml$/i.test(file))) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new UsageError(`Cannot read the file ${file}`);
    }
    const r = await withPreparedDatabase(({ db }) => importPubliccode(db, { fileName: basename(file), bytes, actor: cliActorLabel(), dryRun: values['dry-run'] ?? false }));
    if (values.json) log(JSON.stringify(r, null, 2));
    else {
      log(`${statusText[r.status]} (importkørsel ${r.importRunId})${r.alternativeKey ? `: katalogpost «${r.alternativeKey}»` : ''}`);
      for (const e of [...r.errors, ...r.warnings]) log(`  ${e.severity === 'error' ? 'FEJL' : 'advarsel'} ${e.file}${e.line != null ? `:${e.line}` : ''}${e.column ? ` [${e.column}]` : ''}: ${e.message.da}`);
    }
    return r.status === 'refused' ? 1 : 0;
  }
  const code = Number(values.municipality);
  if (!Number.isInteger(code)) throw new UsageError('import needs --municipality KODE (e.g. 101)');
  if (values.profile && !PROFILES.some((p) => p.id === values.profile)) throw new UsageError(`--profile must be one of ${PROFILES.map((p) => p.id).join(', ')}, publiccode`);
  if (values.format && !(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const { mapping, errors } = parseMappingArg(...(values.map ?? []));
  if (errors.length) throw new UsageError(`--map: ${errors.map((e) => e.en).join('; ')}`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`Cannot read the file ${file}`);
  }
  const progress = process.stderr.isTTY && !values.json;
  const report = await withPreparedDatabase(({ db }) =>
    importFile(db, {
      municipalityCode: code,
      fileName: basename(file),
      source: createReadStream(file, { highWaterMark: 1 << 20 }),
      size,
      actor: cliActorLabel(),
      maxBytes: loadConfig().maxImportBytes,
      ...(values.profile ? { profile: values.profile as ProfileId } : {}),
      ...(values.format ? { format: values.format as FormatId } : {}),
      ...(values.sheet ? { sheet: /^\d+$/.test(values.sheet) ? Number(values.sheet) : values.sheet } : {}),
      ...(values.table ? { tableSelector: values.table } : {}),
      ...(Object.keys(mapping).length ? { mapping } : {}),
      dryRun: values['dry-run'] ?? false,
      skipInvalid: values['skip-invalid'] ?? false,
      ...(progress ? { onProgress: (n: number) => process.stderr.write(`\r  ${n.toLocaleString('da-DK')} rækker læst …`) } : {}),
    }),
  );
  if (progress) process.stderr.write('\r\x1b[K');
  if (values.json) {
    log(JSON.stringify({ status: report.status, importRunId: report.importRunId, inventoryVersionId: report.inventoryVersionId, inventoryVersionNumber: report.inventoryVersionNumber, rows: report.rows, errors: report.errors, warnings: report.warnings, omittedIssues: report.omittedIssues, vendorsCreated: report.vendorsCreated, productsCreated: report.productsCreated, meta: report.meta }, null, 2));
  } else printReport(report, log);
  return report.status === 'refused' ? 1 : 0;
}

export async function importsCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { municipality: { type: 'string' }, json: { type: 'boolean' }, keep: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  const [sub, ...ids] = positionals;
  if (sub === 'prune') return pruneCommand(values, log);
  return withPreparedDatabase(async ({ db }) => {
    const versionMunicipality = async (id: number) => {
      const v = await db.selectFrom('inventory_versions').select('municipality_code').where('id', '=', id).executeTakeFirst();
      if (!v) throw new NotFoundError(`No inventory version ${id}`);
      return v.municipality_code;
    };
    const numbers = ids.map(Number);
    if (numbers.some((n) => !Number.isInteger(n))) throw new UsageError(`Version ids are whole numbers, got ${ids.join(' ')}`);
    const code = values.municipality != null ? Number(values.municipality) : numbers[0] != null ? await versionMunicipality(numbers[0]) : NaN;
    if (!Number.isInteger(code)) throw new UsageError('imports needs --municipality KODE');
    if (sub === undefined || sub === 'list') {
      const list = await listVersions(db, code);
      if (values.json) return log(JSON.stringify(list, null, 2)), 0;
      for (const v of list) {
        log(`${v.current ? '*' : ' '} version ${String(v.number ?? '–').padStart(3)} (id ${v.id})  ${v.createdAt.slice(0, 19).replace('T', ' ')}  ${v.kind.padEnd(8)} ${String(v.usageCount).padStart(6)} systemer  ${v.fileName ?? ''}${v.demo ? '  (fiktive demodata)' : ''}`);
      }
      return 0;
    }
    if (sub === 'diff') {
      if (numbers.length !== 2) throw new UsageError('imports diff <a> <b>');
      const d = await diffVersions(db, code, numbers[0]!, numbers[1]!);
      if (values.json) return log(JSON.stringify(d, null, 2)), 0;
      log(`Version ${d.fromNumber ?? d.from} → ${d.toNumber ?? d.to}: ${d.added.length} tilføjet, ${d.removed.length} fjernet, ${d.changed.length} ændret, ${d.unchanged} uændret`);
      for (const a of d.added) log(`  + ${a.name}`);
      for (const r of d.removed) log(`  - ${r.name}`);
      for (const c of d.changed) log(`  ~ ${c.name}: ${c.fields.map((f) => `${f.field} ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`).join('; ')}`);
      return 0;
    }
    if (sub === 'rollback') {
      if (numbers.length !== 1) throw new UsageError('imports rollback <version>');
      const r = await rollbackTo(db, code, numbers[0]!, cliActor());
      log(values.json ? JSON.stringify(r) : `Kommune ${code} bruger nu version ${r.inventoryVersionId} igen (før: ${r.previousVersionId ?? '–'}); scorerne er genberegnet.`);
      return 0;
    }
    throw new UsageError(`Unknown imports command: ${sub}`);
  });
}

async function pruneCommand(values: { municipality?: string; keep?: string; json?: boolean; 'dry-run'?: boolean }, log: (m: string) => void): Promise<number> {
  const code = Number(values.municipality);
  if (values.municipality == null || !Number.isInteger(code)) throw new UsageError('imports prune needs --municipality KODE --keep N');
  const keep = Number(values.keep);
  if (values.keep == null || !Number.isInteger(keep) || keep < 1) throw new UsageError('imports prune needs --keep N (a whole number, at least 1)');
  const r = await withPreparedDatabase(({ db }) => pruneVersions(db, { municipalityCode: code, keep, dryRun: values['dry-run'] ?? false }, cliActor()));
  if (values.json) return log(JSON.stringify(r, null, 2)), 0;
  const line = (v: PrunedVersion) =>
    `  version ${String(v.number ?? '–').padStart(3)} (id ${v.id})  ${v.createdAt.slice(0, 19).replace('T', ' ')}  ${v.kind.padEnd(8)} ${String(v.usageCount).padStart(7)} systemer, ${v.contractCount} kontrakter, ${v.integrationCount} integrationer${v.demo ? '  (fiktive demodata)' : ''}`;
  if (r.pruned.length === 0) {
    log(`Kommune ${code}: intet at slette – ${r.kept.length} version(er), alle beholdes / nothing to prune`);
    return 0;
  }
  log(
    r.dryRun
      ? `Prøvekørsel – intet slettet / dry run, nothing deleted. Kommune ${code}: ${r.pruned.length} version(er) ville blive slettet / would be pruned:`
      : `Kommune ${code}: ${r.pruned.length} version(er) slettet / pruned:`,
  );
  for (const v of r.pruned) log(line(v));
  log(`Beholdes / kept (${r.kept.length}, aktuel version * / current *):`);
  for (const v of r.kept) log(`${v.id === r.currentVersionId ? '*' : ' '}${line(v).slice(1)}`);
  if (r.importRunsUnlinked > 0) {
    log(
      `${r.importRunsUnlinked} importkørsel(er) ${r.dryRun ? 'ville miste' : 'har mistet'} linket til den slettede version; kørslerne selv bevares / ${r.importRunsUnlinked} import run(s) ${r.dryRun ? 'would lose' : 'lost'} their link to the pruned version; the runs stay`,
    );
  }
  return 0;
}

export async function templateCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  const profile = positionals[0] as ProfileId | undefined;
  if (!profile || !PROFILES.some((p) => p.id === profile)) throw new UsageError(`template needs a profile: ${PROFILES.map((p) => p.id).join(', ')}`);
  const t = templateFor(profile);
  const out = values.out ?? t.fileName;
  writeFileSync(out, t.bytes);
  log(`Skabelon skrevet til ${out}`);
  return 0;
}
