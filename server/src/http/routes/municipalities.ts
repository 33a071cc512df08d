// /api/v1/municipalities: the 98 municipalities, each one's score and systems (with ETags: a
// dashboard polling an unchanged score gets a 304 from one indexed lookup), and its settings.
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { canManageMunicipality, canReadInventory, canReadOverview, inventoryVisibility } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { recordAudit } from '../../repositories/audit.repository.ts';
import { findMunicipality, listMunicipalities, municipalitySettings, saveMunicipalitySettings } from '../../repositories/municipalities.repository.ts';
import { municipalityGraph } from '../../services/municipality-graph.ts';
import { listSystems, municipalityScoreText, usageScore } from '../../services/score-queries.ts';
import { currentUsageAt } from '../../services/system-address.ts';
import { missingInputKinds } from '../../scoring/missing-inputs.ts';
import { allow, allowInventoryRead, existingMunicipality } from '../auth.ts';
import { clientHas, etagOf, setValidators } from '../etag.ts';
import { createRouter, json, jsonText, listOf, LocalizedTextSchema, MunicipalityCodeParam, PageQuery, pick } from '../openapi.ts';

const SystemKeyParam = MunicipalityCodeParam.extend({
  key: z.string().min(1).max(400).openapi({ param: { name: 'key', in: 'path' }, example: 'kitos:0b3c9a52-5c2c-4b4e-9a8b-1f2e3d4c5b6a', description: 'The usage key (kitos:<uuid>, id:<local id> or name:<name>), URL-encoded' }),
});

export const MunicipalitySchema = z
  .object({
    code: z.number().int(),
    name: z.string(),
    region: z.string(),
    usageCount: z.number().int(),
    inventoryVersionId: z.number().int().nullable(),
    demo: z.boolean().openapi({ description: 'The current inventory is fictitious demo data' }),
    counted: z.boolean().openapi({ description: 'The current inventory counts in national figures: real inventories once any municipality has one, else the demo inventories' }),
    dataDate: z.string().nullable().openapi({ description: 'The day the current inventory was loaded (YYYY-MM-DD); null without one', example: '2026-12-06' }),
    lockin: z.number().nullable().openapi({ description: 'Lock-in L (0–100) of the current inventory when it counts nationally; null means "ingen data" / no data' }),
    confidence: z.number().nullable().openapi({ description: "Data confidence (0–1) of the current inventory's score; null without one" }),
  })
  .openapi('Municipality');

export const KleSchema = z
  .object({
    number: z.string().openapi({ example: '85.02.01' }),
    source: z.enum(['catalogue', 'local']),
    title: z.string().nullable(),
  })
  .openapi('Kle');

export const SystemSchema = z
  .object({
    usageId: z.number().int().openapi({ description: "The row of the current version (changes with every import); link with usageKey" }),
    usageKey: z.string().openapi({ description: 'The stable key within the municipality: /municipalities/{code}/systems/{usageKey} (URL-encoded)' }),
    name: z.string().openapi({ description: "The local name, else the system's name as the file gave it" }),
    systemName: z.string().openapi({ description: "The system's name as the file gave it" }),
    product: z.string().openapi({ description: "The catalogue product's name (shown beside the file's where they differ)" }),
    supplierId: z.number().int().nullable(),
    supplier: z.string().nullable(),
    supplierOwner: z.object({ id: z.number().int(), name: z.string(), country: z.string().nullable() }).nullable()
      .openapi({ description: "The supplier's ultimate owner and its country when another company owns it (KMD A/S → NEC Corporation, JP); null when the supplier is its own owner" }),
    category: z.string().nullable(),
    lifecycle: z.string().nullable(),
    hostingModel: z.string().nullable(),
    criticality: z.string().nullable(),
    kle: z.array(KleSchema).openapi({ description: "KLE task references: catalogue KLE and the municipality's local KLE; titles as the municipality's file wrote them" }),
    rolesFilled: z.array(z.string()).openapi({ description: 'Roles (e.g. Systemejer) with someone assigned; never who' }),
    L: z.number().openapi({ description: 'Lock-in 0–100 (unknown inputs scored worst)' }),
    Lopt: z.number().openapi({ description: 'Lock-in if every unknown input were favourable' }),
    band: z.string(),
    exposure: z.number(),
    priority: z.number(),
    confidence: z.number(),
    flags: z.array(z.string()),
    nextExit: z.string().nullable(),
  })
  .openapi('System');

const MissingInputSchema = z
  .object({
    input: z.enum(missingInputKinds),
    systems: z.number().int().openapi({ description: 'Systems with at least one input of this theme unknown' }),
    label: LocalizedTextSchema,
  })
  .openapi('MissingInput');

const MunicipalityScoreSchema = z
  .object({
    municipalityCode: z.number().int(),
    inventoryVersionId: z.number().int(),
    asOf: z.string(),
    computedAt: z.string(),
    band: z.enum(['A', 'B', 'C', 'D', 'E']).nullable().openapi({ description: "The band of the municipality's lock-in L (model cut-offs); null without systems" }),
    score: z
      .object({
        confidence: z.object({
          value: z.number().openapi({ description: 'Q_m, 0–1' }),
          level: z.enum(['høj', 'middel', 'lav']),
          provisional: z.boolean().openapi({ description: 'Below the medium threshold: the score is «foreløbig»' }),
          label: z.enum(['foreløbig']).nullable(),
          meanSystemConfidence: z.number(),
          coverage: z.object({ value: z.number(), basis: z.enum(['spend', 'system-count', 'none']), estimated: z.boolean() }),
          missingInputs: z
            .array(MissingInputSchema)
            .optional()
            .openapi({ description: 'What would make the score final: per theme, how many systems have an input of it unknown (most first; from the same pass as the confidence). Absent in scores stored before it existed: `handlefrihed score --recompute`' }),
        }),
      })
      .catchall(z.unknown())
      .openapi({ description: 'Lock-in, concentration (HHI, effective vendors), jurisdiction, exit readiness, composite and confidence; see docs/methodology.md' }),
    topPriorities: z.array(SystemSchema),
  })
  .openapi('MunicipalityScore');

const GraphSchema = z
  .object({
    municipalityCode: z.number().int(),
    inventoryVersionId: z.number().int().nullable(),
    nodes: z.array(z.object({
      id: z.string().openapi({ description: '`v:<vendorId>` (vendor), `h:<vendorId>` (the vendor as hosting provider) or `s:<usageId>` (system)' }),
      kind: z.enum(['vendor', 'system', 'hosting']),
      label: z.string(),
    })),
    links: z.array(z.object({
      source: z.string(),
      target: z.string(),
      transitive: z.boolean().openapi({ description: 'false only for the supplier link; hosting, operator, integration and platform links are transitive' }),
      via: z.enum(['supplier', 'hosting', 'operator', 'integration', 'platform']),
    })),
  })
  .openapi('MunicipalityGraph');

const ScoreQuery = z.object({
  include: z.enum(['exitWindows']).optional().openapi({ description: '`exitWindows`: also the systems whose exit window opens within 24 months (inventory detail; about half the document)' }),
});

const SettingsSchema = z
  .object({ inventoryVisibility: z.enum(inventoryVisibility.options).openapi({ description: 'Who besides its own users may see the detailed inventory' }) })
  .openapi('MunicipalitySettings');

const SystemsQuery = PageQuery.extend({
  band: z.enum(['A', 'B', 'C', 'D', 'E']).optional(),
  sort: z.enum(['priority', 'lockin', 'name']).default('priority'),
});

const notModified = { 304: { description: 'Unchanged since the ETag in If-None-Match' } };

export function municipalityRoutes(db: Kysely<Database>) {
  return createRouter()
    .openapi(
      createRoute({ method: 'get', path: '/', tags: ['Kommuner'], summary: 'The 98 municipalities with the size of their current inventory', responses: { 200: json(listOf(MunicipalitySchema), 'Municipalities by code'), ...pick(401) } }),
      async (c) => {
        allow(c, canReadOverview(c.get('principal')), 'see municipalities');
        const items = await listMunicipalities(db);
        return c.json({ items, total: items.length, limit: items.length, offset: 0 }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/{code}', tags: ['Kommuner'], request: { params: MunicipalityCodeParam }, responses: { 200: json(MunicipalitySchema, 'One municipality'), ...pick(401, 404) } }),
      async (c) => {
        allow(c, canReadOverview(c.get('principal')), 'see municipalities');
        const { code } = c.req.valid('param');
        const m = await findMunicipality(db, code);
        if (!m) throw new NotFoundError(`No municipality with code ${code}`);
        return c.json(m, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/score',
        tags: ['Kommuner', 'Scorer'],
        summary: 'The municipality score with its top exit priorities (ETag); priorities and exit windows only for those who may see the inventory',
        request: { params: MunicipalityCodeParam, query: ScoreQuery },
        responses: { 200: json(MunicipalityScoreSchema, 'The stored score of the current inventory'), ...notModified, ...pick(400, 401, 404) },
      }),
      async (c) => {
        const principal = allow(c, canReadOverview(c.get('principal')), 'see scores');
        const { code } = c.req.valid('param');
        const { scoreStamp: stamp, inventoryVisibility } = await existingMunicipality(db, code);
        if (stamp === null) throw new NotFoundError(`Municipality ${code} has no scored inventory`);
        // The headline is for every signed-in user; the top systems are inventory detail.
        const detail = canReadInventory(principal, code, inventoryVisibility);
        const exitWindows = c.req.valid('query').include === 'exitWindows' && detail;
        const etag = etagOf('score', code, stamp, detail, exitWindows);
        setValidators(c, etag);
        if (clientHas(c, etag)) return c.body(null, 304);
        const { scoreJson, exitWindowsJson, ...view } = await municipalityScoreText(db, code, { exitWindows });
        const head = JSON.stringify({ ...view, topPriorities: detail ? view.topPriorities : [] });
        const score = exitWindowsJson === null ? scoreJson : `${scoreJson.slice(0, -1)},"exitWindows":${exitWindowsJson}}`;
        return jsonText(c, `${head.slice(0, -1)},"score":${score}}`);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/systems',
        tags: ['Kommuner', 'Scorer'],
        summary: 'Every current system with its score summary (ETag)',
        request: { params: MunicipalityCodeParam, query: SystemsQuery },
        responses: { 200: json(listOf(SystemSchema), 'A page of systems'), ...notModified, ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const { scoreStamp } = (await allowInventoryRead(db, c, code, "see this municipality's systems")).state;
        const options = c.req.valid('query');
        const etag = etagOf('systems', code, scoreStamp, options);
        setValidators(c, etag);
        if (clientHas(c, etag)) return c.body(null, 304);
        const { items, total } = await listSystems(db, code, options);
        return c.json({ items, total, limit: options.limit, offset: options.offset }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/systems/{key}',
        tags: ['Kommuner', 'Scorer'],
        summary: "One system by its stable address: the current version's usage with this key (survives re-imports), its score explained",
        request: { params: SystemKeyParam },
        responses: { 200: json(z.unknown().openapi({ type: 'object', description: 'As GET /usages/{id}/score: usageId (current row), usageKey, inventoryVersionId, the factors …' }), 'The system'), ...pick(401, 403, 404, 409) },
      }),
      async (c) => {
        const { code, key } = c.req.valid('param');
        await allowInventoryRead(db, c, code, "see this municipality's systems");
        return c.json(await usageScore(db, await currentUsageAt(db, code, key)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/graph',
        tags: ['Kommuner'],
        summary: 'The current inventory as a dependency graph: vendors, systems and hosting with direct and transitive links (ETag)',
        request: { params: MunicipalityCodeParam },
        responses: { 200: json(GraphSchema, 'Nodes and links, sorted by id'), ...notModified, ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const { scoreStamp } = (await allowInventoryRead(db, c, code, "see this municipality's dependencies")).state;
        const etag = etagOf('graph', code, scoreStamp);
        setValidators(c, etag);
        if (clientHas(c, etag)) return c.body(null, 304);
        return c.json(await municipalityGraph(db, code), 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/{code}/settings', tags: ['Kommuner'], request: { params: MunicipalityCodeParam }, responses: { 200: json(SettingsSchema, 'The settings'), ...pick(401, 403, 404) } }),
      async (c) => {
        const { code } = c.req.valid('param');
        const { inventoryVisibility } = (await allowInventoryRead(db, c, code, "see this municipality's settings")).state;
        return c.json({ inventoryVisibility }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{code}/settings',
        tags: ['Kommuner'],
        summary: "Change who may see the municipality's detailed inventory (its leaders and admins)",
        request: { params: MunicipalityCodeParam, body: { content: { 'application/json': { schema: SettingsSchema } }, required: true } },
        responses: { 200: json(SettingsSchema, 'The new settings'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        if (!(await findMunicipality(db, code))) throw new NotFoundError(`No municipality with code ${code}`);
        const principal = allow(c, canManageMunicipality(c.get('principal'), code), "change this municipality's settings");
        const next = c.req.valid('json');
        await db.transaction().execute(async (trx) => {
          const before = await municipalitySettings(trx, code);
          await saveMunicipalitySettings(trx, code, { ...before, inventoryVisibility: next.inventoryVisibility });
          await recordAudit(trx, principal, { action: 'municipality.settings', entityType: 'municipality', entityId: code, municipalityCode: code, before: { inventoryVisibility: before.inventoryVisibility }, after: next });
        });
        return c.json(next, 200);
      },
    );
}
