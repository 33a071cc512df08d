// A local KITOS for tests: a real HTTP server on 127.0.0.1 and a free port that serves the shared
// fixture responses (test/fixtures/kitos-api-v2, the project's byte-identical copy of
// shared/reference/kitos-api-v2, read through its manifest.json at start, never changed) with KITOS's real behaviour as the research note describes it: token login and
// Bearer checks (§1), bounded paging with the 250 cap and its 400 (§3), changedSinceGtEq filtering
// and ordering by last change (§3, §5), the deleted-entities feed (§5), kle-options' unbounded
// paging (§3), and "NotFound" for unknown resources (§10). Knobs let a test expire tokens, answer
// 503 a number of times, never answer, refuse API access, add generated usages, change a contract,
// delete an entity, or serve the older response shapes (variants/). Every request is recorded.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FIXTURE_DIR } from './kitos-api.ts';

/** The fixtures: the project's copy of shared/reference/kitos-api-v2 (kitos-fixtures-copy.test.ts keeps it identical). */
export const KITOS_FIXTURES_DIR = FIXTURE_DIR;

export interface ManifestEntry {
  file: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: { email: string; password: string };
  status: number;
  contentType: string;
  items?: number;
  shape?: string;
}

export type Row = Record<string, unknown> & { uuid: string };
export type DeletedEntityType = 'ItSystem' | 'ItSystemUsage' | 'ItInterface' | 'ItContract' | 'DataProcessingRegistration' | 'OrganizationUnit';
export interface DeletionEvent {
  occurredAtUtc: string;
  entityUuid: string;
  entityType: DeletedEntityType;
}

/** The server's data, in creation order; tests may change it between (or during) requests. */
export interface KitosFixtureData {
  organizations: Row[];
  itSystemUsages: Row[];
  itSystems: Row[];
  itContracts: Row[];
  dataProcessingRegistrations: Row[];
  organizationUnits: Row[];
  kleReferenceVersion: string;
  kleOptions: Row[];
  deletedEntities: DeletionEvent[];
}

export interface KitosRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The Authorization header held a Bearer token (its value is not kept). */
  bearer: boolean;
  /** The status answered; null while (or if never) answered. */
  status: number | null;
}

export interface KitosFixtureServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The fixture municipality's organisation uuid. */
  orgUuid: string;
  /** The API user this server accepts (the e-mail is the manifest's; the password is this server's). */
  credentials: { email: string; password: string };
  data: KitosFixtureData;
  manifest: ManifestEntry[];
  requests: KitosRecordedRequest[];
  /** Requests to the v2 API only (not the login). */
  v2Requests(): KitosRecordedRequest[];
  /** Each token issued from now on answers this many v2 calls, then is "expired" (401). */
  tokenLifetimeCalls: number;
  /** Every token issued so far is expired from now on. */
  expireTokens(): void;
  /** GetToken's `expires`, as ms after the server clock's now (default 24 h, §1). */
  tokenLifetimeMs: number;
  /** Tokens are issued, but every v2 call gets 403 "no API access" (§1). */
  denyApiAccess: boolean;
  /** The next `times` requests whose path matches (default: any /api/v2 path) get `status` (default 503). */
  failNext(times: number, options?: { status?: number; path?: RegExp }): void;
  /** The next `times` requests whose path matches (default: all of them) get this answer instead: a KITOS that breaks its contract. */
  respondWith(path: RegExp, status: number, body: string, options?: { times?: number; contentType?: string }): void;
  /** Requests whose path matches are never answered (until stop). */
  hang(path: RegExp): void;
  /** Called with each request as recorded, before it is answered: a test can change the data mid-read. */
  onRequest(listener: ((request: KitosRecordedRequest) => void) | null): void;
  /** Appends n generated usages (clones of the first fixture usage with their own uuids); returns their uuids. */
  addUsages(n: number, options?: { lastModified?: string }): string[];
  /** Renames a contract and stamps it changed now (or at `lastModified`); returns the new row. */
  changeContract(uuid: string, options?: { name?: string; lastModified?: string }): Row;
  /** Removes an entity and records its deletion in the delta feed. */
  deleteEntity(entityType: DeletedEntityType, uuid: string, occurredAtUtc?: string): void;
  /** Replaces each entity that has a variant file (older KITOS shapes) by that variant. */
  useVariants(): void;
  stop(): Promise<void>;
}

export interface KitosFixtureServerOptions {
  /** The server's clock, ms since the epoch (stamps for changes, deletions and token expiry). */
  now?: () => number;
  password?: string;
}

const MAX_PAGE_SIZE = 250;
/** Organisation units carry no lastModified (§7.5): the server takes them as changed at this instant. */
const UNIT_STAMP = '2025-01-01T00:00:00Z';
/** The reference "today" of the fixtures (manifest.referenceDate), noon: the default server clock. */
const DEFAULT_NOW = Date.parse('2026-09-01T12:00:00Z');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(KITOS_FIXTURES_DIR, file), 'utf8'));
}

export function readKitosManifest(): ManifestEntry[] {
  return (readJson('manifest.json') as { fixtures: ManifestEntry[] }).fixtures;
}

/** The fixture body of a manifest entry, as the file's text (byte for byte what KITOS would send). */
export function kitosFixtureText(file: string): string {
  return readFileSync(join(KITOS_FIXTURES_DIR, file), 'utf8');
}

const clone = <T>(value: T): T => structuredClone(value);

/** The rows of a list endpoint: the manifest's unfiltered entries for that path, pages in order. */
function listRows(manifest: ManifestEntry[], path: string): Row[] {
  const entries = manifest
    .filter((e) => e.method === 'GET' && e.path === path && e.status === 200 && !e.shape && !e.query?.changedSinceGtEq && !e.query?.deletedSinceUTC)
    .sort((a, b) => Number(a.query?.page ?? 0) - Number(b.query?.page ?? 0));
  if (entries.length === 0) throw new Error(`The KITOS manifest has no fixture for GET ${path}`);
  return entries.flatMap((e) => readJson(e.file) as Row[]);
}

function loadData(manifest: ManifestEntry[]): KitosFixtureData {
  const organizations = listRows(manifest, '/api/v2/organizations');
  const org = organizations[0]!.uuid;
  const kle = readJson(manifest.find((e) => e.path === '/api/v2/kle-options')!.file) as { referenceVersion: string; payload: Row[] };
  const deletedEntry = manifest.find((e) => e.path === '/api/v2/delta-feed/deleted-entities')!;
  return {
    organizations,
    itSystemUsages: listRows(manifest, '/api/v2/it-system-usages'),
    itSystems: listRows(manifest, '/api/v2/it-systems'),
    itContracts: listRows(manifest, '/api/v2/it-contracts'),
    dataProcessingRegistrations: listRows(manifest, '/api/v2/data-processing-registrations'),
    organizationUnits: listRows(manifest, `/api/v2/organizations/${org}/organization-units`),
    kleReferenceVersion: kle.referenceVersion,
    kleOptions: kle.payload,
    deletedEntities: readJson(deletedEntry.file) as DeletionEvent[],
  };
}

class HttpAnswer {
  constructor(readonly status: number, readonly body: string, readonly contentType = 'application/json; charset=utf-8') {}
}
const json = (value: unknown, status = 200) => new HttpAnswer(status, JSON.stringify(value));

export async function startKitosFixtureServer(options: KitosFixtureServerOptions = {}): Promise<KitosFixtureServer> {
  const now = options.now ?? (() => DEFAULT_NOW);
  const manifest = readKitosManifest();
  const data = loadData(manifest);
  const orgUuid = data.organizations[0]!.uuid;
  const tokenEntry = manifest.find((e) => e.path === '/api/authorize/GetToken' && e.status === 200)!;
  const refusedEntry = manifest.find((e) => e.path === '/api/authorize/GetToken' && e.status === 401)!;
  const pageSizeEntry = manifest.find((e) => e.status === 400)!;
  const notFoundEntry = manifest.find((e) => e.status === 404)!;
  const tokenTemplate = readJson(tokenEntry.file) as { msg: string; response: { token: string; email: string; loginSuccessful: boolean; expires: string } };
  const credentials = { email: tokenEntry.body!.email, password: options.password ?? 'fixture-password-not-a-secret' };

  const tokens = new Map<string, { callsLeft: number }>();
  const faults: { status: number; path: RegExp; times: number }[] = [];
  const hangs: RegExp[] = [];
  const overrides: { path: RegExp; times: number; answer: HttpAnswer }[] = [];
  const requests: KitosRecordedRequest[] = [];
  let listener: ((request: KitosRecordedRequest) => void) | null = null;
  let generated = 0;

  const server: KitosFixtureServer = {
    url: '',
    orgUuid,
    credentials,
    data,
    manifest,
    requests,
    v2Requests: () => requests.filter((r) => r.path.startsWith('/api/v2/')),
    tokenLifetimeCalls: Number.POSITIVE_INFINITY,
    tokenLifetimeMs: 24 * 3600_000,
    denyApiAccess: false,
    expireTokens() {
      for (const t of tokens.values()) t.callsLeft = 0;
    },
    failNext(times, o = {}) {
      faults.push({ status: o.status ?? 503, path: o.path ?? /^\/api\/v2\//, times });
    },
    respondWith(path, status, body, o = {}) {
      overrides.push({ path, times: o.times ?? Number.POSITIVE_INFINITY, answer: new HttpAnswer(status, body, o.contentType ?? 'application/json; charset=utf-8') });
    },
    hang(path) {
      hangs.push(path);
    },
    onRequest(fn) {
      listener = fn;
    },
    addUsages(n, o = {}) {
      const template = data.itSystemUsages[0]!;
      const systems = data.itSystems.filter((s) => !s.deactivated);
      const uuids: string[] = [];
      for (let i = 0; i < n; i++) {
        generated++;
        const uuid = `6e4e0000-0000-4000-8000-${generated.toString(16).padStart(12, '0')}`;
        const system = systems[generated % systems.length]!;
        const row = clone(template);
        row.uuid = uuid;
        row.lastModified = o.lastModified ?? '2025-06-01T08:00:00Z';
        row.systemContext = { uuid: system.uuid, name: system.name };
        (row.general as Record<string, unknown>).localSystemId = `GEN-${generated}`;
        row.outgoingSystemRelations = [];
        data.itSystemUsages.push(row);
        uuids.push(uuid);
      }
      return uuids;
    },
    changeContract(uuid, o = {}) {
      const contract = data.itContracts.find((c) => c.uuid === uuid);
      if (!contract) throw new Error(`No contract ${uuid} in the fixtures`);
      contract.name = o.name ?? `${String(contract.name)} (ændret)`;
      contract.lastModified = o.lastModified ?? new Date(now()).toISOString();
      return contract;
    },
    deleteEntity(entityType, uuid, occurredAtUtc) {
      const key = ({
        ItSystem: 'itSystems',
        ItSystemUsage: 'itSystemUsages',
        ItContract: 'itContracts',
        DataProcessingRegistration: 'dataProcessingRegistrations',
        OrganizationUnit: 'organizationUnits',
      } as const)[entityType as Exclude<DeletedEntityType, 'ItInterface'>];
      if (key) {
        const rows = data[key];
        const at = rows.findIndex((r) => r.uuid === uuid);
        if (at < 0) throw new Error(`No ${entityType} ${uuid} in the fixtures`);
        rows.splice(at, 1);
      }
      data.deletedEntities.push({ occurredAtUtc: occurredAtUtc ?? new Date(now()).toISOString(), entityUuid: uuid, entityType });
    },
    useVariants() {
      for (const entry of manifest.filter((e) => e.shape && e.status === 200)) {
        const variant = readJson(entry.file) as Row;
        const rows = entry.path.startsWith('/api/v2/it-system-usages/') ? data.itSystemUsages : entry.path.startsWith('/api/v2/it-systems/') ? data.itSystems : null;
        if (!rows) throw new Error(`A variant for an unknown path: ${entry.path}`);
        const at = rows.findIndex((r) => r.uuid === variant.uuid);
        if (at < 0) throw new Error(`The variant ${entry.file} replaces no fixture row`);
        rows[at] = variant;
      }
    },
    stop: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };

  function issueToken(): string {
    const [header, payload] = tokenTemplate.response.token.split('.');
    const token = `${header}.${payload}.${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { callsLeft: server.tokenLifetimeCalls });
    return token;
  }

  /** Changed-at stamp of a row: lastModified, or the server's own for organisation units. */
  const stamp = (row: Row): string => (typeof row.lastModified === 'string' ? row.lastModified : UNIT_STAMP);

  function bounded(query: URLSearchParams, unbounded = false): { page: number; pageSize: number | null } | HttpAnswer {
    const rawPage = query.get('page');
    const rawSize = query.get('pageSize');
    const page = rawPage === null ? 0 : Number(rawPage);
    if (!Number.isInteger(page) || page < 0) return json({ page: ['The field Page must be between 0 and 2147483647.'] }, 400);
    if (rawSize === null) return { page, pageSize: unbounded ? null : MAX_PAGE_SIZE };
    const pageSize = Number(rawSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || (!unbounded && pageSize > MAX_PAGE_SIZE)) return new HttpAnswer(400, kitosFixtureText(pageSizeEntry.file));
    return { page, pageSize };
  }

  /** §3: filter by changedSinceGtEq (then ordered by last change first), order, page. */
  function list(rows: Row[], query: URLSearchParams, nameOf: (row: Row) => string = (r) => String(r.name ?? '')): HttpAnswer {
    const paging = bounded(query);
    if (paging instanceof HttpAnswer) return paging;
    const order = query.get('orderByProperty') ?? 'CreationOrder';
    if (!['CreationOrder', 'Name', 'LastChanged'].includes(order)) return json({ orderByProperty: [`The value '${order}' is not valid.`] }, 400);
    let selected = rows.map((row, creation) => ({ row, creation }));
    const since = query.get('changedSinceGtEq');
    if (since !== null) {
      const from = Date.parse(since);
      if (Number.isNaN(from)) return json({ changedSinceGtEq: [`The value '${since}' is not valid.`] }, 400);
      selected = selected.filter(({ row }) => Date.parse(stamp(row)) >= from);
    }
    const byOrder = (a: { row: Row; creation: number }, b: { row: Row; creation: number }) =>
      order === 'Name' ? nameOf(a.row).localeCompare(nameOf(b.row)) || a.creation - b.creation : order === 'LastChanged' ? Date.parse(stamp(a.row)) - Date.parse(stamp(b.row)) || a.creation - b.creation : a.creation - b.creation;
    selected.sort(since === null ? byOrder : (a, b) => Date.parse(stamp(a.row)) - Date.parse(stamp(b.row)) || byOrder(a, b));
    const size = paging.pageSize!;
    return json(selected.slice(paging.page * size, paging.page * size + size).map(({ row }) => row));
  }

  function one(rows: Row[], uuid: string): HttpAnswer {
    const row = rows.find((r) => r.uuid === uuid);
    return row ? json(row) : new HttpAnswer(404, kitosFixtureText(notFoundEntry.file));
  }

  const notFound = () => new HttpAnswer(404, kitosFixtureText(notFoundEntry.file));
  const byOrg = (rows: Row[], org: string | null) => (org === null ? rows : rows.filter((r) => (r.organizationContext as { uuid?: string } | null)?.uuid === org));

  function v2(path: string, query: URLSearchParams): HttpAnswer {
    let m: RegExpMatchArray | null;
    if (path === '/api/v2/organizations') return list(data.organizations, query);
    if ((m = path.match(/^\/api\/v2\/organizations\/([^/]+)\/organization-units$/))) {
      return data.organizations.some((o) => o.uuid === m![1]) ? list(data.organizationUnits, query) : notFound();
    }
    if ((m = path.match(/^\/api\/v2\/organizations\/([^/]+)$/))) return one(data.organizations, m[1]!);
    if (path === '/api/v2/it-system-usages') {
      let rows = byOrg(data.itSystemUsages, query.get('organizationUuid'));
      const system = query.get('systemUuid');
      if (system !== null) rows = rows.filter((r) => (r.systemContext as { uuid?: string }).uuid === system);
      return list(rows, query, (r) => String((r.systemContext as { name?: string }).name ?? ''));
    }
    if ((m = path.match(/^\/api\/v2\/it-system-usages\/([^/]+)$/))) return one(data.itSystemUsages, m[1]!);
    if (path === '/api/v2/it-systems') {
      let rows = data.itSystems;
      if (query.get('includeDeactivated') !== 'true') rows = rows.filter((r) => r.deactivated !== true);
      const used = query.get('usedInOrganizationUuid');
      if (used !== null) rows = rows.filter((r) => ((r.usingOrganizations as { uuid: string }[] | null) ?? []).some((o) => o.uuid === used));
      return list(rows, query);
    }
    if ((m = path.match(/^\/api\/v2\/it-systems\/([^/]+)$/))) return one(data.itSystems, m[1]!);
    if (path === '/api/v2/it-contracts') return list(byOrg(data.itContracts, query.get('organizationUuid')), query);
    if ((m = path.match(/^\/api\/v2\/it-contracts\/([^/]+)$/))) return one(data.itContracts, m[1]!);
    if (path === '/api/v2/data-processing-registrations') return list(byOrg(data.dataProcessingRegistrations, query.get('organizationUuid')), query);
    if ((m = path.match(/^\/api\/v2\/data-processing-registrations\/([^/]+)$/))) return one(data.dataProcessingRegistrations, m[1]!);
    if (path === '/api/v2/delta-feed/deleted-entities') {
      const paging = bounded(query);
      if (paging instanceof HttpAnswer) return paging;
      const type = query.get('entityType');
      const since = query.get('deletedSinceUTC');
      const from = since === null ? Number.NEGATIVE_INFINITY : Date.parse(since);
      if (Number.isNaN(from)) return json({ deletedSinceUTC: [`The value '${since}' is not valid.`] }, 400);
      const events = data.deletedEntities
        .filter((e) => (type === null || e.entityType === type) && Date.parse(e.occurredAtUtc) >= from)
        .sort((a, b) => Date.parse(a.occurredAtUtc) - Date.parse(b.occurredAtUtc));
      const size = paging.pageSize!;
      return json(events.slice(paging.page * size, paging.page * size + size));
    }
    if (path === '/api/v2/kle-options') {
      const paging = bounded(query, true);
      if (paging instanceof HttpAnswer) return paging;
      const prefix = query.get('kleNumberPrefix');
      const parent = query.get('parentKleNumber');
      const rows = data.kleOptions.filter(
        (k) => (prefix === null || String(k.kleNumber).startsWith(prefix)) && (parent === null || (k.parentKle as { name?: string } | null)?.name === parent),
      );
      const page = paging.pageSize === null ? rows : rows.slice(paging.page * paging.pageSize, (paging.page + 1) * paging.pageSize);
      return json({ referenceVersion: data.kleReferenceVersion, payload: page });
    }
    return notFound();
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function answer(req: IncomingMessage, record: KitosRecordedRequest): Promise<HttpAnswer | null> {
    if (hangs.some((h) => h.test(record.path))) return null;
    const fault = faults.find((f) => f.times > 0 && f.path.test(record.path));
    if (fault) {
      fault.times--;
      return json({ msg: '', response: 'Der opstod en ukendt fejl. Kontakt din IT-afdeling, hvis problemet gentager sig.' }, fault.status);
    }
    const override = overrides.find((o) => o.times > 0 && o.path.test(record.path));
    if (override) {
      override.times--;
      return override.answer;
    }
    // The login route is case-insensitive, with or without a trailing slash (§1).
    if (/^\/api\/authorize\/gettoken\/?$/i.test(record.path)) {
      if (req.method !== 'POST') return notFound();
      let body: { email?: unknown; password?: unknown } = {};
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch {
        return json({ msg: 'Invalid JSON', response: {} }, 400);
      }
      if (typeof body.email !== 'string' || !body.email || typeof body.password !== 'string' || !body.password) {
        return json({ msg: 'The Email field is required.', response: {} }, 400);
      }
      if (body.email !== credentials.email || body.password !== credentials.password) return new HttpAnswer(401, kitosFixtureText(refusedEntry.file));
      return json({
        msg: '',
        response: { ...tokenTemplate.response, token: issueToken(), email: body.email, expires: new Date(now() + server.tokenLifetimeMs).toISOString() },
      });
    }
    if (!record.path.startsWith('/api/v2/')) return notFound();
    const auth = req.headers.authorization ?? '';
    const held = auth.startsWith('Bearer ') ? tokens.get(auth.slice(7)) : undefined;
    if (!held || held.callsLeft <= 0) return new HttpAnswer(401, '', 'text/plain');
    held.callsLeft--;
    if (server.denyApiAccess) return new HttpAnswer(403, 'Du har ikke tilladelse til at kalde API endpoints', 'text/plain; charset=utf-8');
    if (req.method !== 'GET') return new HttpAnswer(403, 'Write operations are not allowed on this API', 'text/plain; charset=utf-8');
    return v2(record.path, new URL(req.url!, 'http://x').searchParams);
  }

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://x');
    const record: KitosRecordedRequest = {
      method: req.method!,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      bearer: (req.headers.authorization ?? '').startsWith('Bearer '),
      status: null,
    };
    requests.push(record);
    listener?.(record);
    answer(req, record).then(
      (a) => {
        if (a === null) return; // hang: never answered
        record.status = a.status;
        res.writeHead(a.status, { 'content-type': a.contentType, 'content-length': Buffer.byteLength(a.body) });
        res.end(a.body);
      },
      (err: unknown) => {
        record.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return server;
}
