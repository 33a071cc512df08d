// The inventory lists under /api/v1 — systems (usages), contracts, integrations across the
// municipalities the caller may read, and the municipal scores — each as JSON pages or CSV/XLSX
// downloads (http/lists.ts); and a municipality's contract deadlines as an iCalendar feed behind
// a secret link, for Outlook or Thunderbird to subscribe to.
import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { canManageMunicipality, canWriteInventory } from '../../auth/policy.ts';
import { hashSecret } from '../../auth/secrets.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, UnauthenticatedError } from '../../errors.ts';
import { toICalendar } from '../../exports/index.ts';
import { findMunicipality, municipalitySettings } from '../../repositories/municipalities.repository.ts';
import { contractDeadlineEvents, contractsList, currentContracts } from '../../services/lists/contracts.ts';
import { integrationsList } from '../../services/lists/integrations.ts';
import { scoresList } from '../../services/lists/scores.ts';
import { usagesList } from '../../services/lists/usages.ts';
import { setCalendarToken } from '../../services/calendar-token.ts';
import { allow } from '../auth.ts';
import { listRoute } from '../lists.ts';
import { KleSchema } from './municipalities.ts';
import { type AppEnv, createRouter, json, MunicipalityCodeParam, pick } from '../openapi.ts';

const nullable = <S extends z.ZodType>(s: S) => s.nullable();

export const UsageListItemSchema = z
  .object({
    usageId: z.number().int(),
    municipalityCode: z.number().int(),
    municipality: z.string(),
    name: z.string().openapi({ description: "The local name, else the system's name as the file gave it" }),
    systemName: z.string().openapi({ description: "The system's name as the file gave it" }),
    localName: nullable(z.string()),
    localId: nullable(z.string()),
    productId: z.number().int(),
    product: z.string().openapi({ description: "The catalogue product's name (or the municipality's own product)" }),
    supplierId: nullable(z.number().int()),
    supplier: nullable(z.string()),
    supplierRoleKind: nullable(z.string()).openapi({ description: "The supplier's role kind: rights_holder, supplier, reseller (licence partner) or operator" }),
    rightsHolder: nullable(
      z.object({
        id: z.number().int(),
        name: z.string(),
        cvr: nullable(z.string()),
        country: nullable(z.string()),
        roleKind: nullable(z.string()),
        ultimateParent: nullable(z.object({ name: z.string(), country: nullable(z.string()) })),
      }),
    ).openapi({ description: "The product's rights holder with its ultimate parent" }),
    category: nullable(z.string()),
    lifecycle: nullable(z.string()),
    hostingModel: nullable(z.string()),
    hostedById: nullable(z.number().int()),
    hostedBy: nullable(z.string()),
    operatedById: nullable(z.number().int()),
    operatedBy: nullable(z.string()),
    criticality: nullable(z.string()),
    userCountBand: nullable(z.string()),
    licenseModel: nullable(z.string()),
    band: nullable(z.string()),
    L: nullable(z.number()).openapi({ description: 'Lock-in 0–100' }),
    priority: nullable(z.number()).openapi({ description: 'Exit priority (L × exposure)' }),
    notes: nullable(z.string()),
    kle: z.array(KleSchema),
    rolesFilled: z.array(z.string()).openapi({ description: 'Roles (e.g. Systemejer) with someone assigned; never who' }),
  })
  .openapi('UsageListItem');

export const ContractListItemSchema = z
  .object({
    contractId: z.number().int(),
    municipalityCode: z.number().int(),
    municipality: z.string(),
    name: z.string(),
    externalId: nullable(z.string()),
    supplierId: nullable(z.number().int()),
    supplier: nullable(z.string()),
    systems: z.array(z.string()),
    validFrom: nullable(z.string()),
    validTo: nullable(z.string()),
    irrevocableUntil: nullable(z.string()),
    noticeMonths: nullable(z.number().int()),
    noticeDeadline: nullable(z.string()).openapi({ description: 'validTo minus noticeMonths: the last day to give notice' }),
    irrevocableAfterDeadline: z.boolean().openapi({ description: 'irrevocableUntil is later than the notice deadline' }),
    terminatedAt: nullable(z.string()),
    yearlyCostDkk: nullable(z.number()),
  })
  .openapi('ContractListItem');

export const IntegrationListItemSchema = z
  .object({
    integrationId: z.number().int(),
    municipalityCode: z.number().int(),
    municipality: z.string(),
    sourceUsageId: z.number().int(),
    source: z.string(),
    targetUsageId: z.number().int(),
    target: z.string(),
    kind: z.string(),
    direction: z.string(),
    platformRole: nullable(z.string()),
  })
  .openapi('IntegrationListItem');

export const MunicipalityScoreListItemSchema = z
  .object({
    municipalityCode: z.number().int(),
    name: z.string(),
    region: z.string(),
    inventoryVersionId: z.number().int(),
    asOf: z.string(),
    model: z.string(),
    systemCount: z.number().int(),
    L: nullable(z.number()),
    Lopt: nullable(z.number()),
    bandCounts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int(), E: z.number().int() }),
    atRiskShare: nullable(z.number()),
    hhiSpend: nullable(z.number()),
    effectiveVendors: nullable(z.number()),
    nonEuShare: nullable(z.number()),
    confidence: z.number(),
    confidenceLevel: nullable(z.string()),
    provisional: z.boolean(),
  })
  .openapi('MunicipalityScoreListItem');

const CalendarTokenSchema = z
  .object({
    token: z.string().openapi({ description: 'The secret: shown this once, stored only as a hash' }),
    url: z.string().openapi({ description: 'The feed to subscribe to (absolute when PUBLIC_URL is set)' }),
  })
  .openapi('CalendarToken');

const CalendarQuery = z.object({
  token: z.string().max(200).optional().openapi({ description: 'The secret from POST /municipalities/{code}/calendar-token' }),
});

/** sha256 of a wrong token, compared when there is no stored hash, so the answer takes as long either way. */
const NO_HASH = hashSecret('no calendar token');

function tokenMatches(token: string | undefined, storedHash: string | null): boolean {
  const given = Buffer.from(hashSecret(token ?? ''), 'utf8');
  const expected = Buffer.from(storedHash ?? NO_HASH, 'utf8');
  const same = given.length === expected.length && timingSafeEqual(given, expected);
  return same && token !== undefined && token !== '' && storedHash !== null;
}

export interface InventoryListOptions {
  /** The server's public URL (PUBLIC_URL), to answer an absolute calendar link. */
  publicUrl?: string | null;
}

/** Mount at /api/v1. */
export function inventoryListRoutes(db: Kysely<Database>, options: InventoryListOptions = {}) {
  const feedPath = (code: number, token: string) => `/api/v1/municipalities/${code}/deadlines.ics?token=${encodeURIComponent(token)}`;

  return createRouter()
    .route('/', listRoute(db, usagesList, { path: '/usages', tags: ['Systemer'], summary: 'Every current system of the municipalities you may see, with its score (filter with municipality=…)', item: UsageListItemSchema }))
    .route('/', listRoute(db, contractsList, { path: '/contracts', tags: ['Kontrakter'], summary: 'The contracts of the current inventories you may see, with notice deadlines', item: ContractListItemSchema }))
    .route('/', listRoute(db, integrationsList, { path: '/integrations', tags: ['Systemer'], summary: 'The integrations between systems of the current inventories you may see', item: IntegrationListItemSchema }))
    .route('/', listRoute(db, scoresList, { path: '/scores/municipalities', tags: ['Scorer'], summary: 'The headline score of every municipality with a scored inventory', item: MunicipalityScoreListItemSchema }))
    .openapi(
      createRoute({
        method: 'get',
        path: '/municipalities/{code}/deadlines.ics',
        tags: ['Kontrakter'],
        summary: "The municipality's contract deadlines (notice deadline, exit window) as an iCalendar feed; the token in the URL is the credential",
        security: [],
        request: { params: MunicipalityCodeParam, query: CalendarQuery },
        responses: { 200: { description: 'An iCalendar (RFC 5545) feed', content: { 'text/calendar': { schema: z.string() } } }, ...pick(400, 401) },
      }),
      async (c) => {
        // No cookie or bearer: calendar clients can't send headers. The token alone decides.
        const { code } = c.req.valid('param');
        const { token } = c.req.valid('query');
        const municipality = await findMunicipality(db, code);
        const storedHash = municipality ? (await municipalitySettings(db, code)).calendarTokenHash : null;
        if (!tokenMatches(token, storedHash) || !municipality) {
          throw new UnauthenticatedError('The calendar link is wrong or has been replaced: ask for a new one');
        }
        const ics = toICalendar({
          calendarName: `${municipality.name}: kontraktfrister (handlefrihed)`,
          events: contractDeadlineEvents(await currentContracts(db, code)),
          now: new Date(),
        });
        c.header('content-type', 'text/calendar; charset=utf-8');
        c.header('content-disposition', `inline; filename="kontraktfrister-${code}.ics"`);
        c.header('cache-control', 'private, no-cache');
        // The URL is a secret: don't hand it on in a Referer.
        c.header('referrer-policy', 'no-referrer');
        return c.body(ics, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/municipalities/{code}/calendar-token',
        tags: ['Kontrakter'],
        summary: "Create or replace the secret of the municipality's deadline calendar (its leaders and architects, admins); the old link stops working",
        request: { params: MunicipalityCodeParam },
        responses: { 200: json(CalendarTokenSchema, 'The new token, shown once'), ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const token = (await setCalendarToken(db, await allowCalendar(db, c, code), code))!;
        const path = feedPath(code, token);
        const base = options.publicUrl?.replace(/\/+$/, '');
        return c.json({ token, url: base ? `${base}${path}` : path }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/municipalities/{code}/calendar-token',
        tags: ['Kontrakter'],
        summary: "Revoke the deadline calendar's secret: the link stops working until a new one is created",
        request: { params: MunicipalityCodeParam },
        responses: { 204: { description: 'Revoked' }, ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        await setCalendarToken(db, await allowCalendar(db, c, code), code, true);
        return c.body(null, 204);
      },
    );
}

/** The municipality's leaders and architects (and admins) manage its calendar link. */
async function allowCalendar(db: Kysely<Database>, c: Context<AppEnv>, code: number) {
  if (!(await findMunicipality(db, code))) throw new NotFoundError(`No municipality with code ${code}`);
  const p = c.get('principal');
  return allow(c, canManageMunicipality(p, code) || canWriteInventory(p, code), "manage this municipality's calendar link");
}
