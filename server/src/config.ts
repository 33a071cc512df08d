// The one place that reads the environment: parsed with zod into a frozen object.
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { Keyring } from './secrets.ts';
import { checkSyncCron } from './kitos/cron.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).default('var/handlefrihed.db'),
  DEMO_SEED: z.coerce.number().int().default(20261127),
  WEB_DIST: z.string().min(1).default('web/dist'),
  PUBLIC_URL: z.url().optional(),
  ACCESSIBILITY_STATEMENT_URL: z.url().optional(),
  LOG_REQUESTS: z.stringbool().default(false),
  MAX_IMPORT_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /** scrypt cost (a power of two, ≥ 2^14); OWASP's minimum 2^17 by default. Tests lower it. */
  PASSWORD_SCRYPT_N: z.coerce.number().int().min(2 ** 14).refine((n) => (n & (n - 1)) === 0, 'must be a power of two').default(2 ** 17),
  /** Hours a session lasts without use. */
  SESSION_IDLE_HOURS: z.coerce.number().positive().default(8),
  /** OpenID Connect sign-in: JSON, see docs/configuration in the README. */
  OIDC_CONFIG: z.string().optional(),
  /** Behind reverse proxies: which X-Forwarded-For entries to believe (login rate limits); see trustProxy. */
  TRUST_PROXY: z.string().default('false').transform((s, ctx) => parseTrustProxy(s) ?? (ctx.addIssue({ code: 'custom', message: "expected false, true, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs (e.g. '10.0.0.0/8, 192.0.2.7')" }), z.NEVER)),
  /** Fixes "today" (yyyy-mm-dd) for scores, the demo data and every date-relative rule; tests set it. */
  HANDLEFRIHED_TODAY: z.iso.date().optional(),
  /** Where pg_dump and pg_restore are (backup/restore on PostgreSQL); else PATH, else /usr/lib/postgresql/*\/bin. */
  PG_BINDIR: z.string().min(1).optional(),
  /** The key that encrypts stored credentials (KITOS API users): 32 bytes, base64 or hex (secrets.ts). Unset: none are stored. */
  SECRETS_KEY: z.string().optional(),
  /** Earlier keys, comma-separated, still read after a rotation until `handlefrihed kitos rotate-key` has re-encrypted everything. */
  SECRETS_KEY_PREVIOUS: z.string().optional(),
  /** When `serve` syncs every municipality with a KITOS connection: five cron fields, e.g. "0 5 * * *". Unset: never by itself. */
  KITOS_SYNC_CRON: z.string().trim().min(1).optional(),
  /** The time zone KITOS_SYNC_CRON is read in (IANA name). */
  KITOS_SYNC_TIMEZONE: z.string().min(1).default('Europe/Copenhagen'),
});

/**
 * The fixed day from HANDLEFRIHED_TODAY, or null for the calendar day. Read on its own (not
 * only through loadConfig) because the clock is needed by code that has no Config at hand.
 */
export function todaySetting(env: NodeJS.ProcessEnv = process.env): string | null {
  const parsed = schema.shape.HANDLEFRIHED_TODAY.safeParse(env.HANDLEFRIHED_TODAY || undefined);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  HANDLEFRIHED_TODAY: must be a date (yyyy-mm-dd), not ${JSON.stringify(env.HANDLEFRIHED_TODAY)}`);
  return parsed.data ?? null;
}

/**
 * Which proxies in front of the server to believe. `none`: the socket's peer is the client.
 * `hops`: that many proxies stand in front (the peer is the first), so the client is the n-th
 * address from the right of peer + X-Forwarded-For. `addresses`: the client is the right-most
 * address that is not in the list.
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: readonly string[] };

const CIDR = z.union([z.cidrv4(), z.cidrv6(), z.ipv4(), z.ipv6()]);

/** `false`/`0` → none; `true` → one hop (a single reverse proxy); `n` → n hops; else a list. */
export function parseTrustProxy(raw: string): TrustProxy | null {
  const s = raw.trim().toLowerCase();
  if (s === '' || s === 'false' || s === '0') return { kind: 'none' };
  if (s === 'true') return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(s)) return Number(s) <= 100 ? { kind: 'hops', hops: Number(s) } : null;
  const addresses = s.split(',').map((a) => a.trim()).filter(Boolean);
  return addresses.length && addresses.every((a) => CIDR.safeParse(a).success) ? { kind: 'addresses', addresses } : null;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** A SQLite file path (absolute) or a postgres:// URL. */
  readonly databaseUrl: string;
  readonly demoSeed: number;
  /** Folder with the built web front end. */
  readonly webDist: string;
  readonly publicUrl: string | null;
  readonly accessibilityStatementUrl: string | null;
  readonly logRequests: boolean;
  /** Largest inventory file an import accepts (default 50 MB). */
  readonly maxImportBytes: number;
  readonly passwordScryptN: number;
  readonly sessionIdleHours: number;
  /** Raw OIDC configuration JSON (validated by the auth module when sign-in is set up). */
  readonly oidcConfig: string | null;
  readonly trustProxy: TrustProxy;
  /** A fixed "today" (yyyy-mm-dd), or null for the calendar day (server/src/clock.ts). */
  readonly today: string | null;
  /** PostgreSQL's client tools folder (PG_BINDIR), or null to search PATH and /usr/lib/postgresql. */
  readonly pgBindir: string | null;
  /** SECRETS_KEY and SECRETS_KEY_PREVIOUS, parsed: seals and opens stored credentials (never printed). */
  readonly secrets: Keyring;
  /** Scheduled KITOS syncs (services/kitos-schedule.ts), or null: only on request. */
  readonly kitosSync: { cron: string; timezone: string } | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const url = e.DATABASE_URL;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: /^[a-z]+:\/\//i.test(url) || url === ':memory:' ? url : resolve(cwd, url),
    demoSeed: e.DEMO_SEED,
    webDist: resolve(cwd, e.WEB_DIST),
    publicUrl: e.PUBLIC_URL ?? null,
    accessibilityStatementUrl: e.ACCESSIBILITY_STATEMENT_URL ?? null,
    logRequests: e.LOG_REQUESTS,
    maxImportBytes: e.MAX_IMPORT_BYTES,
    passwordScryptN: e.PASSWORD_SCRYPT_N,
    sessionIdleHours: e.SESSION_IDLE_HOURS,
    oidcConfig: e.OIDC_CONFIG ?? null,
    trustProxy: e.TRUST_PROXY,
    today: e.HANDLEFRIHED_TODAY ?? null,
    pgBindir: e.PG_BINDIR ?? null,
    secrets: Keyring.fromSettings(e.SECRETS_KEY, e.SECRETS_KEY_PREVIOUS),
    kitosSync: e.KITOS_SYNC_CRON ? checkedSchedule(e.KITOS_SYNC_CRON, e.KITOS_SYNC_TIMEZONE) : null,
  });
}

/** The schedule, refused at start-up when KITOS_SYNC_CRON or KITOS_SYNC_TIMEZONE cannot be read. */
function checkedSchedule(cron: string, timezone: string): { cron: string; timezone: string } {
  checkSyncCron(cron, timezone);
  return { cron, timezone };
}
