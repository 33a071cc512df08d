// Imports one inventory file for one municipality: the pure importer reads and validates it
// row by row, the rows stream into a new inventory version, and the version commits whole (with
// its scores) or not at all. Shared by the CLI and the HTTP API: one code path per job.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type ByteSource,
  type ImportIssue,
  ImportFileError,
  type ImportMeta,
  type OpenInventoryOptions,
} from '../../../importers/index.ts';
import type { Database } from '../db/schema.ts';
import { type ContractRecord, type IntegrationRecord, type UsageRecord, usageKey } from '../domain/inventory.ts';
import type { ImportStatus, InventoryVersionKind } from '../domain/vocabulary.ts';
import type { FieldError } from '../errors.ts';
import { nowIso } from '../repositories/db-types.ts';
import { insertImportRun } from '../repositories/import-runs.repository.ts';
import { currentVersion } from '../repositories/inventory.repository.ts';
import { type CreatedVendor, conflictMessage } from '../repositories/vendors.repository.ts';
import type { VendorIdentityIssue } from './inventory-writer.ts';
import { isTransientDatabaseError, recordFailedImport } from './import-failure.ts';
import { openRows, type RowsIn, type RowStream, rowsIn } from './import-rows.ts';
import { commitInventory, type ImportRunMeta } from './replace-inventory.ts';

/** The importer's own options (file, format, profile, sheet, table, mapping, limit), plus what the import needs. */
export interface ImportRequest
  extends Pick<OpenInventoryOptions, 'fileName' | 'source' | 'size' | 'format' | 'profile' | 'sheet' | 'tableSelector' | 'mapping' | 'maxBytes' | 'meter'> {
  municipalityCode: number;
  /** Validate and report, write nothing. */
  dryRun?: boolean;
  /** Write the valid rows and report the skipped ones (default: refuse the whole file on any error). */
  skipInvalid?: boolean;
  /** Who imports: shown in the import history and the audit log. */
  actor: string;
  /** The signed-in user behind `actor`, if any (the API; null for the CLI). */
  actorUserId?: number | null;
  /** Called as rows are read (for a progress bar). */
  onProgress?: (rowsRead: number) => void;
  /** Where the file is parsed and validated: this thread (default) or a worker thread (see import-rows.ts). */
  rowsIn?: RowsIn;
}

export interface ReportIssue {
  severity: 'error' | 'warning';
  code: string;
  file: string;
  line: number | null;
  column: string | null;
  value: string | null;
  message: { da: string; en: string };
}

export interface ImportReport {
  status: ImportStatus;
  importRunId: number;
  inventoryVersionId: number | null;
  /** The version's number within the municipality (1, 2, 3 …): what the page and the CLI show. */
  inventoryVersionNumber: number | null;
  rows: { read: number; accepted: number; rejected: number };
  errors: ReportIssue[];
  warnings: ReportIssue[];
  /** Issues beyond the stored limit are counted, not listed. */
  omittedIssues: number;
  /** Unverified vendors the import created, local to the municipality until a moderator reviews them. */
  vendorsCreated: CreatedVendor[];
  productsCreated: { id: number; name: string }[];
  meta: Pick<ImportMeta, 'format' | 'encoding' | 'delimiter' | 'sheet' | 'table' | 'profile' | 'columns' | 'header'> | null;
  /** The first rows as they will be stored (dry runs), for a preview. */
  preview: UsageRecord[];
}

/** How many issues a report lists; a broken million-row file must not exhaust memory. */
export const MAX_LISTED_ISSUES = 10_000;
const PREVIEW_ROWS = 20;

/**
 * Issues about the file as a whole that stopped the reading (a limit, a damaged part): few, and
 * the reason a file was refused, so they are listed first and never left out for row issues.
 */
const STOPPED_READING = new Set(['file-too-large', 'row-too-long', 'too-many-rows', 'too-many-columns', 'nesting-too-deep', 'too-many-nodes', 'inflated-too-large', 'too-many-entries', 'unreadable-file']);

class IssueList {
  readonly errors: ReportIssue[] = [];
  readonly warnings: ReportIssue[] = [];
  omitted = 0;
  errorCount = 0;
  add(i: ImportIssue, fileName: string): void {
    if (i.severity === 'error') this.errorCount++;
    const list = i.severity === 'error' ? this.errors : this.warnings;
    const stopped = STOPPED_READING.has(i.code);
    if (this.errors.length + this.warnings.length >= MAX_LISTED_ISSUES && !stopped) {
      this.omitted++;
      return;
    }
    list[stopped ? 'unshift' : 'push']({
      severity: i.severity,
      code: i.code,
      file: i.file ?? fileName,
      line: i.line ?? null,
      column: i.column ?? null,
      value: i.value == null ? null : i.value.length > 200 ? `${i.value.slice(0, 200)}…` : i.value,
      message: i.message,
    });
  }
  /** How many more issues the report lists; later ones are only counted (omitted). */
  get room(): number {
    return Math.max(0, MAX_LISTED_ISSUES - this.errors.length - this.warnings.length);
  }
}

/** A name/CVR disagreement as a warning naming the row and the party's column. */
function vendorIssue(v: VendorIdentityIssue, fileName: string, meta: ImportMeta): ImportIssue {
  const column = meta.columns.find((c) => c.target === v.field)?.source ?? v.field;
  const issue: ImportIssue = {
    severity: 'warning',
    code: 'vendor-name-cvr-conflict',
    file: fileName,
    column,
    field: v.field,
    value: `${v.conflict.party.name} (${v.conflict.party.cvr})`,
    message: conflictMessage(v.conflict),
  };
  if (v.line != null) issue.line = v.line;
  return issue;
}

/** A report's issues in the shape an import run stores. */
export const asFieldErrors = (list: ReportIssue[]): FieldError[] =>
  list.map((i) => ({ code: i.code, file: i.file, line: i.line ?? undefined, column: i.column ?? undefined, value: i.value ?? undefined, message: i.message }));

/** Passes the bytes through while hashing them, so the run records the file's SHA-256. */
function hashing(source: ByteSource): { source: ByteSource; digest: () => string; bytes: () => number } {
  const hash = createHash('sha256');
  let bytes = 0;
  if (source instanceof Uint8Array) {
    hash.update(source);
    return { source, digest: () => hash.copy().digest('hex'), bytes: () => source.byteLength };
  }
  async function* pass(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }
  return { source: pass(), digest: () => hash.copy().digest('hex'), bytes: () => bytes };
}

/**
 * Imports a file. Anything that fails after the run started is recorded as a failed run (see
 * import-failure.ts). A deadlock or serialization failure is tried once more when the bytes can
 * be read again (an upload held in memory; a stream cannot be rewound). With the shared-rows lock
 * neither should happen; the retry is the safety net the database's own advice asks for.
 */
export async function importFile(db: Kysely<Database>, req: ImportRequest): Promise<ImportReport> {
  return recordingFailures(db, req.municipalityCode, req.source instanceof Uint8Array, (started) => importOnce(db, req, started));
}

/**
 * Imports rows from another source (the KITOS API) with the same recording of a failure as a
 * file. `open` is called again for the one retry of a transient database error, so it must be
 * able to read its source twice (records held in memory can).
 */
export async function importFromRows(db: Kysely<Database>, req: RowStreamImport, open: () => Promise<RowStream>): Promise<ImportReport> {
  return recordingFailures(db, req.municipalityCode, true, (started) => importRowStream(db, req, open, started));
}

async function recordingFailures(db: Kysely<Database>, municipalityCode: number, canRetry: boolean, attempt: (started: StartedRun) => Promise<ImportReport>): Promise<ImportReport> {
  for (let n = 1; ; n++) {
    const started: StartedRun = { meta: null };
    try {
      return await attempt(started);
    } catch (err) {
      if (n === 1 && isTransientDatabaseError(err) && canRetry) continue;
      if (!started.meta) throw err;
      throw await recordFailedImport(db, municipalityCode, started.meta(), err);
    }
  }
}

/** What is known of the run so far, for recording it if the attempt fails. */
export interface StartedRun {
  meta: (() => ImportRunMeta) | null;
}

async function importOnce(db: Kysely<Database>, req: ImportRequest, started: StartedRun): Promise<ImportReport> {
  const hashed = hashing(req.source);
  const open: OpenInventoryOptions = {
    fileName: req.fileName,
    source: hashed.source,
    municipality: String(req.municipalityCode),
    ...(req.size != null ? { size: req.size } : {}),
    ...(req.format ? { format: req.format } : {}),
    ...(req.profile ? { profile: req.profile } : {}),
    ...(req.sheet != null ? { sheet: req.sheet } : {}),
    ...(req.tableSelector ? { tableSelector: req.tableSelector } : {}),
    ...(req.mapping ? { mapping: req.mapping } : {}),
    ...(req.maxBytes ? { maxBytes: req.maxBytes } : {}),
    ...(req.meter ? { meter: req.meter } : {}),
  };
  return importRowStream(
    db,
    {
      ...req,
      kind: 'import',
      source: { name: req.fileName, sha256: hashed.digest, size: () => req.size ?? hashed.bytes(), format: req.format ?? null, profile: req.profile ?? null },
      options: { format: req.format ?? null, profile: req.profile ?? null, sheet: req.sheet ?? null, table: req.tableSelector ?? null, mapping: req.mapping ?? null },
    },
    () => openRows(open, rowsIn({ meter: req.meter }, req.rowsIn)),
    started,
  );
}

/** Where the rows of a run come from, as its history records it. */
export interface RowSource {
  /** The file's name, or a name for another source ("KITOS API (kitos.dk) …"). */
  name: string;
  /** SHA-256 of the source's bytes, known once they have been read. */
  sha256: () => string;
  size: () => number;
  /** Asked for (null: detected); the stream's meta says what was used. */
  format: string | null;
  profile: string | null;
}

/** An import of rows from any source (a file, the KITOS API): one path for validation, versions and the report. */
export interface RowStreamImport extends Pick<ImportRequest, 'municipalityCode' | 'dryRun' | 'skipInvalid' | 'actor' | 'actorUserId' | 'onProgress'> {
  /** The version's kind: a file's `import`, or a `kitos-sync`. */
  kind: Extract<InventoryVersionKind, 'import' | 'kitos-sync'>;
  source: RowSource;
  /** The options the run records (besides dry run and error handling). */
  options: Record<string, unknown>;
}

/**
 * Reads a stream of mapped rows into a new inventory version, all or nothing, and reports. `open`
 * may throw ImportFileError (a source that cannot be read at all): that run is recorded as refused.
 * Anything that fails after the run started is for the caller to record (see `started`).
 */
export async function importRowStream(db: Kysely<Database>, req: RowStreamImport, open: () => Promise<RowStream>, started: StartedRun = { meta: null }): Promise<ImportReport> {
  const startedAt = nowIso();
  const fileName = req.source.name;
  const issues = new IssueList();
  const options = { ...req.options, dryRun: req.dryRun ?? false, onError: req.skipInvalid ? 'skip' : 'refuse' };
  const runMeta = (meta: ImportMeta | null): ImportRunMeta => ({
    actor: req.actor,
    fileName,
    fileSha256: req.source.sha256(),
    fileSize: req.source.size(),
    format: meta?.format ?? req.source.format ?? 'unknown',
    profile: meta?.profile ?? req.source.profile ?? 'unknown',
    options,
    rowsRead: 0,
    rowsRejected: 0,
    errors: asFieldErrors(issues.errors),
    warnings: asFieldErrors(issues.warnings),
    startedAt,
  });
  started.meta = () => runMeta(null);

  let stream: RowStream;
  try {
    stream = await open();
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    for (const i of err.issues) issues.add(i, fileName);
    const meta = (err.meta as ImportMeta | null) ?? null;
    const importRunId = await insertImportRun(db, {
      ...runMeta(meta),
      municipalityCode: req.municipalityCode,
      status: 'refused',
      rowsAccepted: 0,
      demo: false,
      inventoryVersionId: null,
    });
    return report('refused', importRunId, { id: null, number: null }, { read: 0, accepted: 0, rejected: 0 }, issues, [], [], meta, []);
  }
  for (const i of stream.headerIssues) issues.add(i, fileName);
  const meta = stream.meta;
  started.meta = () => runMeta(meta);

  const preview: UsageRecord[] = [];
  let usagesInFile = 0;
  let contractsInFile = 0;
  const contractLinks: { usageKey: string; contractName: string }[] = [];
  const integrations: IntegrationRecord[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;
  let rowsWithNul = 0;

  let outcome: Awaited<ReturnType<typeof commitInventory>>;
  try {
    // A file is real data: it builds on the current inventory only when that is real too. Nothing
    // of a fictitious demo inventory (contracts, usages, integrations) carries over into it.
    const currentVersionRow = await currentVersion(db, req.municipalityCode);
    const current = currentVersionRow && currentVersionRow.demo === 0 ? currentVersionRow : undefined;
    outcome = await commitInventory(
      db,
      { municipalityCode: req.municipalityCode, kind: req.kind, run: runMeta(stream.meta), actorUserId: req.actorUserId ?? null, dryRun: req.dryRun ?? false },
      async (writer) => {
        const contracts: ContractRecord[] = [];
        const fallbacks = new Map<ContractRecord, readonly string[]>();
        for await (const batch of stream.batches()) {
          const usages: UsageRecord[] = [];
          for (const row of batch) {
            for (const i of row.issues) issues.add(i, fileName);
            const nul = firstNul(row.usage) ?? firstNul(row.contract);
            if (nul) {
              // PostgreSQL text cannot hold NUL, and a NUL in a cell means a damaged or binary file.
              issues.add({ severity: 'error', code: 'invalid-encoding', file: fileName, line: row.line, column: nul, message: NUL_MESSAGE }, fileName);
              rowsWithNul++;
              continue;
            }
            if (row.usage) {
              usages.push(row.usage);
              if (preview.length < PREVIEW_ROWS) preview.push(row.usage);
              for (const name of row.contract_names ?? []) contractLinks.push({ usageKey: usageKey(row.usage), contractName: name });
            }
            if (row.contract) contracts.push(row.contract);
            if (row.contract && row.name_fallbacks) fallbacks.set(row.contract, row.name_fallbacks);
            if (row.integrations) integrations.push(...row.integrations);
          }
          usagesInFile += usages.length;
          // The writer builds only the catalogue warnings the report can still list, and counts the rest.
          writer.listWarningsUpTo(issues.room);
          // Strict mode stops writing at the first error but reads on, to report every error.
          if (req.skipInvalid || issues.errorCount === 0) await writer.addUsages(usages);
          for (const v of writer.takeVendorIssues()) issues.add(vendorIssue(v, fileName, meta), fileName);
          for (const w of writer.takeWarnings()) issues.add({ ...w, file: fileName }, fileName);
          issues.omitted += writer.takeUnlistedWarnings();
          req.onProgress?.(usagesInFile + contracts.length);
        }
        const finish = stream.finish();
        for (const i of finish.issues) issues.add(i, fileName);
        integrations.push(...finish.integrations);
        rowsRead = finish.rowsRead;
        rowsRejected = finish.rowsRejected + rowsWithNul;
        contractsInFile = contracts.length;
        // A file replaces the part of the inventory it holds: a contracts-only file keeps the current
        // usages and integrations; a usage file keeps the current contracts (relinked by key and name).
        const contractsOnly = usagesInFile === 0 && contractsInFile > 0;
        if (contractsOnly && current) await writer.copyUsagesFrom(current.id);
        for (const c of contracts) {
          for (const [i, k] of c.usage_keys.entries()) {
            if ((await writer.resolveReference(k)) != null) continue;
            // A UUID the inventory does not know (a usage file without `IT-System (UUID)`): the name at its place.
            const byName = fallbacks.get(c)?.[i];
            if (byName !== undefined && (await writer.resolveReference(byName)) != null) {
              c.usage_keys[i] = byName;
              continue;
            }
            issues.add(
              {
                severity: 'warning',
                code: 'unresolved-dependency',
                file: fileName,
                line: c.source_line ?? undefined,
                column: 'IT Systemer',
                value: k.replace(/^(kitos|id|name|uuid):/, ''),
                message: {
                  da: 'Kontrakten nævner et system, der ikke er i kommunens oversigt; forbindelsen springes over',
                  en: "The contract names a system that is not in the municipality's inventory; the link is skipped",
                },
              },
              fileName,
            );
          }
        }
        writer.addContracts(contracts);
        for (const v of writer.takeVendorIssues()) issues.add(vendorIssue(v, fileName, meta), fileName);
        const refuse = (!req.skipInvalid && issues.errorCount > 0) || usagesInFile + contractsInFile === 0;
        return {
          integrations,
          refuse,
          rowsRead,
          rowsRejected,
          errors: asFieldErrors(issues.errors),
          warnings: asFieldErrors(issues.warnings),
          carry: {
            // A KITOS sync reads the whole organisation: no contracts in it means none, not "keep the current ones".
            contractsFrom: req.kind !== 'kitos-sync' && !contractsOnly && contractsInFile === 0 ? (current?.id ?? null) : null,
            integrationsFrom: contractsOnly ? (current?.id ?? null) : null,
            contractLinks,
          },
        };
      },
    );
  } finally {
    // The reader stops with the transaction (a worker still reading a refused file is ended).
    await stream.close();
  }
  const accepted = outcome.status === 'refused' ? 0 : rowsRead - rowsRejected;
  return report(
    outcome.status,
    outcome.importRunId,
    { id: outcome.inventoryVersionId, number: outcome.inventoryVersionNumber },
    { read: rowsRead, accepted, rejected: rowsRejected },
    issues,
    outcome.vendorsCreated,
    outcome.productsCreated,
    stream.meta,
    req.dryRun ? preview : [],
  );
}

const NUL_MESSAGE = {
  da: 'Cellen indeholder et NUL-tegn (byte 0): filen er beskadiget eller ikke en tekstfil',
  en: 'The cell contains a NUL character (byte 0): the file is damaged or not a text file',
};

/** The field of a record that holds a NUL character, if any. */
function firstNul(record: object | null | undefined): string | undefined {
  if (!record) return undefined;
  // for…in, not Object.entries: this runs on every record of the file.
  for (const field in record) {
    const value = (record as Record<string, unknown>)[field];
    if (typeof value === 'string' ? value.includes('\u0000') : typeof value === 'object' && firstNul(value)) return field;
  }
  return undefined;
}

function report(
  status: ImportStatus,
  importRunId: number,
  version: { id: number | null; number: number | null },
  rows: ImportReport['rows'],
  issues: IssueList,
  vendorsCreated: ImportReport['vendorsCreated'],
  productsCreated: ImportReport['productsCreated'],
  meta: ImportMeta | null,
  preview: UsageRecord[],
): ImportReport {
  return {
    status,
    importRunId,
    inventoryVersionId: version.id,
    inventoryVersionNumber: version.number,
    rows,
    errors: issues.errors,
    warnings: issues.warnings,
    omittedIssues: issues.omitted,
    vendorsCreated,
    productsCreated,
    meta: meta
      ? { format: meta.format, encoding: meta.encoding, delimiter: meta.delimiter, sheet: meta.sheet, table: meta.table, profile: meta.profile, columns: meta.columns, header: meta.header }
      : null,
    preview,
  };
}
