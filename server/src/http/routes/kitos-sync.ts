// POST /api/v1/municipalities/{code}/kitos-sync (issue #18): the municipality's inventory fetched
// from KITOS as a new version, answered with the import report (as an uploaded file is), and
// POST …/kitos-connection/organizations: the organisations an API user may read (first setup).
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { canConfigureKitos, canWriteInventory } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { DEFAULT_KITOS_BASE_URL } from '../../services/kitos-connections.ts';
import type { KitosSyncRunner } from '../../services/kitos-sync-runner.ts';
import { findKitosOrganizations } from '../../services/kitos-sync.ts';
import { InputError } from '../../errors.ts';
import { allow, existingMunicipality } from '../auth.ts';
import { createRouter, json, LocalizedTextSchema, MunicipalityCodeParam, pick, ProblemSchema, problems } from '../openapi.ts';
import { ReportSchema } from './imports.ts';

const SyncInput = z
  .object({
    dryRun: z.boolean().default(false).openapi({ description: 'Read and check, save nothing (the next sync still starts from the last saved one)' }),
    full: z.boolean().default(false).openapi({ description: 'Read everything, not only what changed in KITOS since the last sync' }),
  })
  .strict()
  .openapi('KitosSyncInput');

const SyncInfo = z
  .object({
    mode: z.enum(['full', 'incremental']),
    reason: LocalizedTextSchema.nullable().openapi({ description: 'Why everything was read though only changes were asked for' }),
    entities: z.object({ usages: z.number().int(), systems: z.number().int(), contracts: z.number().int(), organizationUnits: z.number().int(), dataProcessingRegistrations: z.number().int() }),
    changed: z.number().int().nullable(),
    deleted: z.number().int().nullable(),
  })
  .openapi('KitosSyncInfo');

const SyncReport = z.object({ sync: SyncInfo }).passthrough().openapi('KitosSyncReport', { description: 'The import report (as for a file, see ImportReport) with what was read from KITOS' });

const LookupInput = z
  .object({
    baseUrl: z.string().max(2000).nullable().optional().openapi({ description: `KITOS's address (https); omitted: ${DEFAULT_KITOS_BASE_URL}` }),
    email: z.string().min(1).max(320),
    password: z.string().min(1).max(1024).openapi({ format: 'password', writeOnly: true, description: 'Used for this one question, never stored' }),
  })
  .openapi('KitosOrganizationLookup');

const Organizations = z.object({ items: z.array(z.object({ uuid: z.string(), name: z.string(), cvr: z.string().nullable() })) }).openapi('KitosOrganizations');

const kitosProblems = {
  502: { description: 'KITOS refused the API user (no access) or answered against its contract; nothing was written', content: { 'application/problem+json': { schema: ProblemSchema } } },
  503: { description: 'KITOS did not answer after bounded retries, or the server has no SECRETS_KEY; nothing was written', content: { 'application/problem+json': { schema: ProblemSchema } } },
};

export function kitosSyncRoutes(db: Kysely<Database>, runner: KitosSyncRunner) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/{code}/kitos-sync',
        tags: ['Import'],
        summary: "Fetch the municipality's inventory from KITOS as its new version (or check it with dryRun); its architects and admins",
        description:
          'Reads the organisation through the KITOS API with the stored API user — after the first sync only what changed since the last one — maps it as a KITOS export file would be, and imports it all or nothing as a version of kind `kitos-sync` (identical data: `unchanged`, no new version). Runs in a worker thread.',
        request: { params: MunicipalityCodeParam, body: { content: { 'application/json': { schema: SyncInput } }, required: false } },
        responses: {
          201: json(SyncReport, 'Committed: the new version is current and scored'),
          200: json(SyncReport, 'A dry run, or the same content as the current version (status unchanged)'),
          422: { description: 'KITOS data broke the rules a file must keep; nothing was written. `errors` names each entity by its UUID, `report` is the whole report', content: { 'application/problem+json': { schema: ProblemSchema.extend({ report: ReportSchema }) } } },
          404: { ...problems[404], description: 'No such municipality, or it has no KITOS connection' },
          409: { ...problems[409], description: 'A sync of this municipality is running (on this or another server)' },
          ...kitosProblems,
          ...pick(400, 401, 403),
        },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        await existingMunicipality(db, code);
        const principal = allow(c, canWriteInventory(c.get('principal'), code), "change this municipality's inventory");
        // The body is optional (a plain POST syncs); one that is sent must be valid JSON of this shape.
        const text = await c.req.text();
        let json: unknown = {};
        if (text.trim()) {
          try {
            json = JSON.parse(text);
          } catch {
            throw new InputError('The body is not valid JSON', [{ field: 'body', message: { da: 'Indholdet er ikke gyldig JSON', en: 'The body is not valid JSON' } }]);
          }
        }
        const body = SyncInput.parse(json);
        const report = await runner.run({ municipalityCode: code, actor: principal.label, actorUserId: principal.userId, dryRun: body.dryRun, full: body.full });
        if (report === 'skipped') throw new Error('Only a scheduled sync is ever skipped');
        return c.json(report, report.status === 'committed' ? 201 : 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{code}/kitos-connection/organizations',
        tags: ['Import'],
        summary: "The KITOS organisations an API user is a member of (to find the municipality's organisation UUID at setup); nothing is stored",
        request: { params: MunicipalityCodeParam, body: { content: { 'application/json': { schema: LookupInput } }, required: true } },
        responses: { 200: json(Organizations, 'The organisations (usually one: the municipality)'), ...kitosProblems, ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        await existingMunicipality(db, code);
        allow(c, canConfigureKitos(c.get('principal'), code), "change this municipality's KITOS connection");
        return c.json({ items: await findKitosOrganizations(c.req.valid('json')) }, 200);
      },
    );
}
