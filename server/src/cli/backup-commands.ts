// `handlefrihed backup [--out FIL]` and `handlefrihed restore FIL [--yes]`: thin over
// services/backup.ts, on the database DATABASE_URL names (SQLite or PostgreSQL).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { backupDatabase, restoreDatabase } from '../services/backup.ts';
import { cliActor } from './actor.ts';
import { UsageError, withDatabase } from './context.ts';

const settings = () => {
  const config = loadConfig();
  return { databaseUrl: config.databaseUrl, pgBindir: config.pgBindir };
};

export async function backupCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length) throw new UsageError('Usage: backup [--out FILE]');
  const file = await withDatabase((h) => backupDatabase(h, settings(), { out: values.out }));
  log(`Sikkerhedskopi skrevet / backup written: ${file} (mode 600)`);
  return 0;
}

export async function restoreCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('Usage: restore FILE [--yes]');
  const r = await withDatabase((h) => restoreDatabase(h, settings(), cliActor(), positionals[0]!, { yes: values.yes }));
  if (r.replacedBackup) log(`Den tidligere database er gemt i / the replaced database was backed up to ${r.replacedBackup}`);
  log(`Gendannet / restored ${positionals[0]} (schema version ${r.fromSchemaVersion}${r.migrated.length ? `, migrated to ${r.schemaVersion}: ${r.migrated.join(', ')}` : ''})`);
  return 0;
}
