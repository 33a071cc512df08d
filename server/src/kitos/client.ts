// The KITOS public API v2, over HTTP only: token login and renewal, paging, retries with backoff,
// timeouts and typed errors. It returns the raw JSON KITOS sends (KitosRaw); what the fields mean
// is the mapping's business (importers/kitos-api). The contract it follows is the research note
// shared/research/kitos-api-v2.md; "§n" below points into it.
//
// Time and waiting are injected (`now`, `sleep`) so tests never wait on the wall clock, and so is
// `fetch`. Requests are sequential: the note asks clients to be polite (§10), and one sync at a
// time per municipality is the sync service's rule anyway.
import type { KitosRaw } from '../../../importers/kitos-api/raw.ts';
import { ConfigError, InputError } from '../errors.ts';
import { KitosAccessError, KitosContractError, KitosUnavailableError, KitosUnsettledError } from './errors.ts';

export interface KitosCredentials {
  email: string;
  password: string;
}

export interface KitosClientOptions {
  /** The KITOS installation, e.g. https://kitos.dk; a path prefix is kept, a trailing slash dropped. */
  baseUrl: string;
  credentials: KitosCredentials;
  fetch?: typeof globalThis.fetch;
  /** Waits between retries; tests pass one that records and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Milliseconds since the epoch on KITOS's clock, as near as we know it: the real clock by
   * default (not the app's fixed "today"), because the cursor is compared with KITOS's lastModified.
   */
  now?: () => number;
  /** Per request, headers and body together (default 30 s). */
  timeoutMs?: number;
  /** Tries per request for 5xx, 429, timeouts and network errors (default 4: waits 1, 2, 4 × backoffMs). */
  attempts?: number;
  backoffMs?: number;
  /** Rows per page, 1–250 (KITOS's maximum and default, §3). */
  pageSize?: number;
  /**
   * Pages per pass over one endpoint (default 400 = 100,000 rows at 250: far above the largest
   * municipality's few thousand). KITOS's paging has no total (§3); a server that ignores `page`
   * and keeps sending full pages would otherwise keep us reading forever.
   */
  maxPages?: number;
  /**
   * Bytes per response (default 64 MiB; a page of 250 usages is about 1.5 MB). The body is held in
   * memory to parse it, so a server streaming without end must not be able to exhaust it.
   */
  maxResponseBytes?: number;
  /** How far before a read's start its cursor lies, for clock skew and slow commits (default 5 min, §5). */
  cursorMarginMs?: number;
  /** Renew the token this long before KITOS says it expires (default 10 min; it lives 24 h, §1). */
  renewBeforeMs?: number;
  /** Sweeps of one endpoint before giving up when rows keep moving under the paging (default 3). */
  maxSweeps?: number;
}

/** One read of an organisation, with the cursor the next incremental read starts from. */
export interface KitosSnapshot {
  raw: KitosRaw;
  /** ISO UTC: pass as `changedSince` next time. It lies before this read began (see cursorMarginMs). */
  cursor: string;
}

export interface KitosReadOptions {
  /** ISO UTC; only what changed at or after it (changedSinceGtEq), plus what was deleted since (§5). */
  changedSince?: string;
}

type Query = Record<string, string>;
type DeletedEntityType = 'ItSystemUsage' | 'ItSystem' | 'ItContract' | 'DataProcessingRegistration' | 'OrganizationUnit';
type CollectionKey = Exclude<keyof KitosRaw, 'kleOptions' | 'deletedEntities'>;

interface Collection {
  key: CollectionKey;
  path: (org: string) => string;
  query: (org: string) => Query;
  entityType: DeletedEntityType;
  /** Whether rows carry `lastModified` (organisation units do not, §7.5). */
  stamped: boolean;
}

// The endpoints of a read sync (§4), in the note's order (§5): usages first, then the catalogue
// systems they reference, so a system a new usage points to is read after that usage.
const COLLECTIONS: Collection[] = [
  { key: 'itSystemUsages', path: () => '/api/v2/it-system-usages', query: (org) => ({ organizationUuid: org }), entityType: 'ItSystemUsage', stamped: true },
  // includeDeactivated: else a usage of a retired product points to a missing system (§4).
  {
    key: 'itSystems',
    path: () => '/api/v2/it-systems',
    query: (org) => ({ usedInOrganizationUuid: org, includeDeactivated: 'true' }),
    entityType: 'ItSystem',
    stamped: true,
  },
  { key: 'itContracts', path: () => '/api/v2/it-contracts', query: (org) => ({ organizationUuid: org }), entityType: 'ItContract', stamped: true },
  {
    key: 'dataProcessingRegistrations',
    path: () => '/api/v2/data-processing-registrations',
    query: (org) => ({ organizationUuid: org }),
    entityType: 'DataProcessingRegistration',
    stamped: true,
  },
  { key: 'organizationUnits', path: (org) => `/api/v2/organizations/${org}/organization-units`, query: () => ({}), entityType: 'OrganizationUnit', stamped: false },
];

const DELETED_FEED = '/api/v2/delta-feed/deleted-entities';
const MAX_PAGE_SIZE = 250;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The longest wait a Retry-After header may ask for before we count it as a failed try. */
const MAX_RETRY_AFTER_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Exchange {
  status: number;
  text: string;
  location: string | null;
}

export class KitosClient {
  readonly baseUrl: string;
  readonly #credentials: KitosCredentials;
  readonly #fetch: typeof globalThis.fetch;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #pageSize: number;
  readonly #maxPages: number;
  readonly #maxResponseBytes: number;
  readonly #cursorMarginMs: number;
  readonly #renewBeforeMs: number;
  readonly #maxSweeps: number;
  #token: { value: string; renewAt: number } | null = null;
  #login: Promise<string> | null = null;

  constructor(options: KitosClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new ConfigError(`The KITOS base URL is not a URL: ${options.baseUrl}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`The KITOS base URL must be http(s): ${options.baseUrl}`);
    if (url.username || url.password || url.search || url.hash) throw new ConfigError('The KITOS base URL takes no user, query or fragment');
    this.baseUrl = url.href.replace(/\/+$/, '');
    if (!options.credentials.email.trim() || !options.credentials.password) throw new ConfigError('The KITOS API user needs an e-mail and a password');
    this.#credentials = { email: options.credentials.email.trim(), password: options.credentials.password };
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? realSleep;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#attempts = Math.max(1, options.attempts ?? 4);
    this.#backoffMs = options.backoffMs ?? 1000;
    this.#pageSize = options.pageSize ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(this.#pageSize) || this.#pageSize < 1 || this.#pageSize > MAX_PAGE_SIZE) throw new ConfigError(`The KITOS page size must be 1–${MAX_PAGE_SIZE}`);
    this.#maxPages = options.maxPages ?? 400;
    this.#maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.#cursorMarginMs = options.cursorMarginMs ?? 5 * 60_000;
    this.#renewBeforeMs = options.renewBeforeMs ?? 10 * 60_000;
    this.#maxSweeps = Math.max(1, options.maxSweeps ?? 3);
  }

  /**
   * A valid token (§1): the one held, or a new one when none is held or it is near its expiry.
   * Concurrent callers share one login.
   */
  async getToken(): Promise<string> {
    if (this.#token && this.#now() < this.#token.renewAt) return this.#token.value;
    this.#token = null;
    this.#login ??= this.#logIn().finally(() => {
      this.#login = null;
    });
    return this.#login;
  }

  async #logIn(): Promise<string> {
    const endpoint = '/api/authorize/GetToken';
    const res = await this.#exchange('POST', endpoint, {}, endpoint, null, { body: JSON.stringify(this.#credentials) });
    // 401 is a wrong e-mail or password, or a user that is not an API user (§1); 403 likewise refuses.
    if (res.status === 401 || res.status === 403) throw new KitosAccessError('login', endpoint);
    if (res.status !== 200) throw this.#unexpectedStatus(res, endpoint, null);
    const body = parseJson(res.text, endpoint, null) as { response?: { token?: unknown; expires?: unknown } } | null;
    const token = body?.response?.token;
    const expires = typeof body?.response?.expires === 'string' ? Date.parse(body.response.expires) : Number.NaN;
    if (typeof token !== 'string' || token === '' || Number.isNaN(expires)) {
      throw new KitosContractError(endpoint, null, { da: 'svaret mangler token eller udløbstid', en: 'the answer lacks a token or an expiry' });
    }
    // An expiry already near or past by our clock means the clocks disagree: then the token is
    // kept until KITOS refuses it (a 401 renews it once), rather than logging in before every call.
    const renewAt = expires - this.#renewBeforeMs;
    this.#token = { value: token, renewAt: renewAt > this.#now() ? renewAt : Number.POSITIVE_INFINITY };
    return token;
  }

  /** The organisations the API user is a member of (§4): for the first setup, to find the organisation's uuid. */
  organizations(): Promise<unknown[]> {
    return this.#pages('/api/v2/organizations', { onlyWhereUserHasMembership: 'true' }, asArray);
  }

  /** Everything a sync reads of one organisation; see readSnapshot. */
  async readAll(orgUuid: string, options: KitosReadOptions = {}): Promise<KitosRaw> {
    return (await this.readSnapshot(orgUuid, options)).raw;
  }

  /**
   * Reads every page of every endpoint a sync needs (§4) for one organisation: in full, or with
   * `changedSince` only what changed since then plus the deleted-entities feed (§5). Either way the
   * read is whole: each endpoint is swept, then read again for what changed during the sweep (§3),
   * and swept anew (up to maxSweeps) if rows moved under the offset paging while it ran.
   */
  async readSnapshot(orgUuid: string, options: KitosReadOptions = {}): Promise<KitosSnapshot> {
    if (!UUID.test(orgUuid)) {
      throw new InputError(`Not a KITOS organisation uuid: ${orgUuid}`, [
        { field: 'organizationUuid', value: orgUuid, message: { da: 'KITOS-organisationens uuid er ugyldigt', en: 'The KITOS organisation uuid is invalid' } },
      ]);
    }
    const since = options.changedSince === undefined ? undefined : isoInstant(options.changedSince);
    const cursor = new Date(this.#now() - this.#cursorMarginMs).toISOString();

    const read: Record<CollectionKey, unknown[]> = {
      itSystemUsages: [],
      itSystems: [],
      itContracts: [],
      dataProcessingRegistrations: [],
      organizationUnits: [],
    };
    for (const collection of COLLECTIONS) read[collection.key] = await this.#readCollection(collection, orgUuid, since, cursor);
    read.itSystems.push(...(await this.#missingSystems(read.itSystemUsages, read.itSystems)));
    // KLE has no change feed: its few pages (titles of the KLE numbers) are read whole every time.
    const kleOptions = await this.#pages('/api/v2/kle-options', {}, kleItems);

    // Deletions since the last read (incremental) or since this one began (full): a deleted uuid
    // never comes back, so no row of it belongs in the answer, whatever order things happened in.
    const deletedEntities: unknown[] = [];
    for (const { entityType } of COLLECTIONS) deletedEntities.push(...(await this.#deleted(entityType, since ?? cursor)));
    const gone = uuidSet(deletedEntities);
    const keep = (rows: unknown[]) => rows.filter((row) => !gone.has(uuidOf(row) ?? ''));

    return {
      cursor,
      raw: {
        itSystemUsages: keep(read.itSystemUsages),
        itSystems: keep(read.itSystems),
        itContracts: keep(read.itContracts),
        organizationUnits: keep(read.organizationUnits),
        dataProcessingRegistrations: keep(read.dataProcessingRegistrations),
        kleOptions,
        deletedEntities: since === undefined ? [] : deletedEntities,
      },
    };
  }

  /**
   * One endpoint, whole. Offset paging over a list that changes can skip a row (§3): a row deleted
   * behind the read position shifts the rest one place forward; with changedSinceGtEq the order is
   * by last change, so a row changed behind the read position moves to the end and does the same.
   * After the sweep, what changed since it began is read again and merged; if a row the sweep saw
   * was deleted, or (by last change) moved, during it, a row may have been skipped: sweep again.
   */
  async #readCollection(c: Collection, org: string, since: string | undefined, began: string): Promise<unknown[]> {
    const path = c.path(org);
    for (let sweep = 1; sweep <= this.#maxSweeps; sweep++) {
      const rows = await this.#pages(path, { ...c.query(org), ...(since === undefined ? {} : { changedSinceGtEq: since }) }, asArray);
      const late = await this.#pages(path, { ...c.query(org), changedSinceGtEq: began }, asArray);
      const deletedDuring = uuidSet(await this.#deleted(c.entityType, began));

      const seen = new Map<string, unknown>();
      let unsettled = false;
      for (const row of rows) {
        const id = uuidOf(row);
        if (id === undefined) continue;
        if (seen.has(id)) unsettled = true; // read twice: it moved, and something else shifted
        seen.set(id, row);
      }
      if ([...deletedDuring].some((id) => seen.has(id))) unsettled = true;
      if (!unsettled && since !== undefined && c.stamped) {
        // Read before its change, then changed: by last change it moved behind the read position.
        unsettled = late.some((row) => {
          const id = uuidOf(row);
          return id !== undefined && seen.has(id) && lastModifiedOf(seen.get(id)) !== lastModifiedOf(row);
        });
      }
      if (!unsettled) return mergeByUuid(rows, late);
    }
    throw new KitosUnsettledError(path, this.#maxSweeps);
  }

  /** Catalogue systems the usages reference but the catalogue read did not return, one by one (§4). */
  async #missingSystems(usages: unknown[], systems: unknown[]): Promise<unknown[]> {
    // In an incremental read the catalogue read has only changed systems; a changed usage may
    // point to a system that did not change (a new usage of an old product) and must come along.
    const have = new Set(systems.map(uuidOf));
    const wanted = new Set<string>();
    for (const usage of usages) {
      const id = (usage as { systemContext?: { uuid?: unknown } } | null)?.systemContext?.uuid;
      if (typeof id === 'string' && UUID.test(id) && !have.has(id)) wanted.add(id);
    }
    const found: unknown[] = [];
    for (const id of wanted) {
      const path = `/api/v2/it-systems/${id}`;
      // 404: gone from the catalogue; the mapping names the usage that points nowhere.
      const system = await this.#getJson(path, {}, path, null, { notFound: null });
      if (system !== null) found.push(system);
    }
    return found;
  }

  #deleted(entityType: DeletedEntityType, sinceUtc: string): Promise<unknown[]> {
    return this.#pages(DELETED_FEED, { entityType, deletedSinceUTC: sinceUtc }, asArray);
  }

  /**
   * Every page of a list (§3): page from 0 with an explicit pageSize (a call without it is cut at
   * 250 without a word), until a page is short or empty.
   */
  async #pages(path: string, query: Query, items: (json: unknown, endpoint: string, page: number) => unknown[]): Promise<unknown[]> {
    const endpoint = label(path, query);
    const rows: unknown[] = [];
    let previousFirst: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= this.#maxPages) {
        throw new KitosContractError(endpoint, page, {
          da: `mere end ${this.#maxPages} sider à ${this.#pageSize}; pagineringen ender ikke`,
          en: `more than ${this.#maxPages} pages of ${this.#pageSize}; the paging does not end`,
        });
      }
      const json = await this.#getJson(path, { ...query, page: String(page), pageSize: String(this.#pageSize) }, endpoint, page);
      const list = items(json, endpoint, page);
      if (list.length > this.#pageSize) {
        throw new KitosContractError(endpoint, page, {
          da: `${list.length} rækker på en side med pageSize ${this.#pageSize}`,
          en: `${list.length} rows on a page of pageSize ${this.#pageSize}`,
        });
      }
      // A server that ignores `page` sends page 0 again and again: stop at once, not at maxPages.
      const first = list.length ? (uuidOf(list[0]) ?? entityUuid(list[0])) : undefined;
      if (page > 0 && first !== undefined && first === previousFirst) {
        throw new KitosContractError(endpoint, page, { da: 'siden gentager den forrige (page ignoreres)', en: 'the page repeats the previous one (page is ignored)' });
      }
      previousFirst = first;
      rows.push(...list);
      if (list.length < this.#pageSize) return rows;
    }
  }

  /**
   * GET one v2 resource with the bearer token. A 401 means the token expired or was revoked: log
   * in again ONCE and repeat the call; a 401 after that is a refusal, not a reason to loop.
   */
  async #getJson(path: string, query: Query, endpoint: string, page: number | null, options: { notFound?: null } = {}): Promise<unknown> {
    let renewed = false;
    for (;;) {
      const token = await this.getToken();
      const res = await this.#exchange('GET', path, query, endpoint, page, { bearer: token });
      if (res.status === 401) {
        if (renewed) throw new KitosAccessError('token-refused', endpoint);
        renewed = true;
        if (this.#token?.value === token) this.#token = null;
        continue;
      }
      if (res.status === 403) throw new KitosAccessError('forbidden', endpoint);
      if (res.status === 404 && 'notFound' in options) return options.notFound;
      if (res.status !== 200) throw this.#unexpectedStatus(res, endpoint, page);
      return parseJson(res.text, endpoint, page);
    }
  }

  #unexpectedStatus(res: Exchange, endpoint: string, page: number | null): KitosContractError {
    if (res.status >= 300 && res.status < 400) {
      // Redirects are not followed: the bearer token must go to the configured host only.
      const to = res.location ?? '?';
      return new KitosContractError(endpoint, page, { da: `omdirigering (${res.status}) til ${to}; ret KITOS-adressen`, en: `redirect (${res.status}) to ${to}; correct the KITOS address` });
    }
    const said = res.text.trim().slice(0, 200);
    return new KitosContractError(endpoint, page, { da: `HTTP ${res.status}${said ? `: ${said}` : ''}`, en: `HTTP ${res.status}${said ? `: ${said}` : ''}` });
  }

  /**
   * One request, tried up to `attempts` times while the failure is passing (5xx, 429, a timeout,
   * a network error), waiting 1, 2, 4 … × backoffMs between (or Retry-After, if KITOS asks for
   * longer, within a minute). Any other answer is returned for the caller to judge.
   */
  async #exchange(method: 'GET' | 'POST', path: string, query: Query, endpoint: string, page: number | null, how: { bearer?: string; body?: string }): Promise<Exchange> {
    const url = `${this.baseUrl}${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'handlefrihed (KITOS sync)' };
    if (how.bearer !== undefined) headers.authorization = `Bearer ${how.bearer}`;
    if (how.body !== undefined) headers['content-type'] = 'application/json';
    let lastFailure = '';
    let wait = 0;
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
      if (attempt > 1) await this.#sleep(Math.max(wait, this.#backoffMs * 2 ** (attempt - 2)));
      wait = 0;
      try {
        const res = await this.#fetch(url, { method, headers, body: how.body, redirect: 'manual', signal: AbortSignal.timeout(this.#timeoutMs) });
        if (res.status >= 500 || res.status === 429) {
          lastFailure = `HTTP ${res.status}`;
          wait = retryAfterMs(res.headers.get('retry-after'));
          await res.body?.cancel().catch(() => {});
          continue;
        }
        return { status: res.status, text: await this.#readBody(res, endpoint, page), location: res.headers.get('location') };
      } catch (err) {
        if (err instanceof KitosContractError) throw err;
        lastFailure = failureText(err, this.#timeoutMs);
      }
    }
    throw new KitosUnavailableError(endpoint, this.#attempts, lastFailure);
  }

  /** The body as text, refused past maxResponseBytes (by its Content-Length, or while it streams). */
  async #readBody(res: Response, endpoint: string, page: number | null): Promise<string> {
    const tooLarge = () =>
      new KitosContractError(endpoint, page, {
        da: `svaret er større end ${this.#maxResponseBytes} byte`,
        en: `the answer is larger than ${this.#maxResponseBytes} bytes`,
      });
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > this.#maxResponseBytes) {
      await res.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    if (!res.body) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.#maxResponseBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw new KitosContractError(endpoint, page, { da: 'svaret er ikke UTF-8', en: 'the answer is not UTF-8' });
    }
  }
}

/** The endpoint as errors name it: path and the query without the paging (which errors give apart). */
function label(path: string, query: Query): string {
  const q = new URLSearchParams(query).toString();
  return q ? `${path}?${q}` : path;
}

function parseJson(text: string, endpoint: string, page: number | null): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KitosContractError(endpoint, page, { da: 'svaret er ikke JSON', en: 'the answer is not JSON' });
  }
}

function asArray(json: unknown, endpoint: string, page: number): unknown[] {
  if (!Array.isArray(json)) throw new KitosContractError(endpoint, page, { da: 'svaret er ikke en liste', en: 'the answer is not an array' });
  return json;
}

/** kle-options wraps its list: {referenceVersion, payload: [...]} (§4). */
function kleItems(json: unknown, endpoint: string, page: number): unknown[] {
  const payload = (json as { payload?: unknown } | null)?.payload;
  if (!Array.isArray(payload)) throw new KitosContractError(endpoint, page, { da: 'svaret har ingen payload-liste', en: 'the answer has no payload array' });
  return payload;
}

function uuidOf(row: unknown): string | undefined {
  const id = (row as { uuid?: unknown } | null)?.uuid;
  return typeof id === 'string' ? id.toLowerCase() : undefined;
}

function entityUuid(event: unknown): string | undefined {
  const id = (event as { entityUuid?: unknown } | null)?.entityUuid;
  return typeof id === 'string' ? id.toLowerCase() : undefined;
}

function uuidSet(events: unknown[]): Set<string> {
  return new Set(events.map(entityUuid).filter((id): id is string => id !== undefined));
}

function lastModifiedOf(row: unknown): unknown {
  return (row as { lastModified?: unknown } | null)?.lastModified;
}

/** The sweep's rows with the late read's rows put in place of the same uuid (or added at the end). */
function mergeByUuid(rows: unknown[], late: unknown[]): unknown[] {
  const out: unknown[] = [];
  const at = new Map<string, number>();
  for (const row of [...rows, ...late]) {
    const id = uuidOf(row);
    if (id === undefined) {
      out.push(row);
    } else if (at.has(id)) {
      out[at.get(id)!] = row;
    } else {
      at.set(id, out.length);
      out.push(row);
    }
  }
  return out;
}

function isoInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InputError(`Not an instant: ${value}`, [{ field: 'changedSince', value, message: { da: 'Ugyldigt tidspunkt', en: 'Invalid instant' } }]);
  }
  return new Date(ms).toISOString();
}

function retryAfterMs(header: string | null): number {
  if (header === null) return 0;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 0;
}

/** A failed try in words, for the final error: never the request (its headers hold the token). */
function failureText(err: unknown, timeoutMs: number): string {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' ? `network error ${code}` : 'network error';
}
