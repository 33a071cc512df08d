// What becomes of an import that fails after it started for a reason other than its content (a
// database or server error): the transaction is rolled back, so the run is recorded afterwards
// on its own, as `failed` with a reason a person can read; the engine's message goes to the log.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, ImportFailedError, type LocalizedText, NotFoundError } from '../errors.ts';
import { insertImportRun } from '../repositories/import-runs.repository.ts';
import type { ImportRunMeta } from './replace-inventory.ts';

/** PostgreSQL: serialization failure, deadlock; SQLite: the database stayed locked by another writer. */
export function isTransientDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
}

const BUSY: LocalizedText = {
  da: 'Indlæsningen mislykkedes, fordi databasen var optaget af en anden ændring på samme tid; intet blev ændret. Prøv igen.',
  en: 'The import failed because the database was busy with another change at the same time; nothing was changed. Try again.',
};
const BROKEN: LocalizedText = {
  da: 'Indlæsningen mislykkedes på grund af en fejl i databasen eller på serveren; intet blev ændret. Fejlen er logget.',
  en: 'The import failed because of a database or server error; nothing was changed. The error has been logged.',
};

/**
 * Records the failed run and returns the error to throw: a typed error as it was (its own status
 * and text; an unknown municipality has no run to record), anything else as ImportFailedError.
 */
export async function recordFailedImport(db: Kysely<Database>, municipalityCode: number, run: ImportRunMeta, err: unknown): Promise<Error> {
  if (err instanceof NotFoundError) return err;
  const reason = err instanceof AppError ? err.title : isTransientDatabaseError(err) ? BUSY : BROKEN;
  let importRunId: number | null = null;
  try {
    importRunId = await insertImportRun(db, {
      ...run,
      municipalityCode,
      status: 'failed',
      rowsRead: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      errors: [{ code: 'import-failed', message: reason }, ...(err instanceof AppError ? err.errors : [])],
      demo: false,
      inventoryVersionId: null,
    });
  } catch (recordError) {
    // The database is gone altogether: the answer still says what happened; the log says why.
    console.error('Could not record the failed import run', recordError);
  }
  if (err instanceof AppError) return err;
  return new ImportFailedError(isTransientDatabaseError(err) ? 503 : 500, reason, importRunId, { cause: err });
}
