// Benches against PostgreSQL: `--database postgres://…` (or BENCH_DATABASE_URL) names a database
// the bench owns — it is emptied before each measurement (schema public dropped and made anew).
import pg from 'pg';

export function benchDatabaseUrl(option: string | undefined): string | null {
  const url = option ?? process.env.BENCH_DATABASE_URL ?? null;
  if (url && !/^postgres(ql)?:\/\//i.test(url)) throw new Error(`--database must be a postgres:// URL, not ${url}`);
  return url;
}

/** The URL without its password, for the printed header. */
export const shownUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

export async function emptyPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema public cascade');
    await client.query('create schema public');
  } finally {
    await client.end();
  }
}
