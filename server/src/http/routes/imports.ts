// /api/v1/municipalities/{code}/imports: upload an inventory file (multipart, or a dry run for
// a preview), list the import runs, show one with its errors, compare the versions two runs
// produced, and roll back to an earlier one. Refused files answer 422 problem+json with every
// error. Only the municipality's architects (and admins) may import or roll back.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { mappingTargets, parseMappingArg, PROFILES, type ProfileId, templateFor } from '../../../../importers/index.ts';
import { canWriteInventory } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { FileRefusedError, InputError, NotFoundError } from '../../errors.ts';
import { findImportRun, listImportRuns } from '../../repositories/import-runs.repository.ts';
import { type ImportJobView, importJobs } from '../../services/import-jobs.ts';
import { diffVersions, rollbackTo } from '../../services/inventory-versions.ts';
import { allow, allowInventoryRead, existingMunicipality } from '../auth.ts';
import { problemDocument } from '../problem.ts';
import { type AppEnv, createRouter, json, listOf, LocalizedTextSchema, MunicipalityCodeParam, PageQuery, pick, ProblemSchema } from '../openapi.ts';

const RunParam = MunicipalityCodeParam.extend({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) });
const DiffParam = MunicipalityCodeParam.extend({
  a: z.coerce.number().int().positive().openapi({ param: { name: 'a', in: 'path' }, description: 'The earlier import run' }),
  b: z.coerce.number().int().positive().openapi({ param: { name: 'b', in: 'path' }, description: 'The later import run' }),
});
const profileIds = PROFILES.map((p) => p.id) as [ProfileId, ...ProfileId[]];
const formFlag = z.enum(['true', 'false', '1', '0', 'on']).transform((v) => v === 'true' || v === '1' || v === 'on');
const UploadForm = z.object({
  file: z.instanceof(File).openapi({ type: 'string', format: 'binary', description: 'CSV, XLSX or a saved HTML page' }),
  profile: z.enum(profileIds).optional(),
  format: z.enum(['csv', 'xlsx', 'html']).optional(),
  sheet: z.string().min(1).optional().openapi({ description: 'Sheet name or 1-based number (XLSX)' }),
  table: z.string().min(1).optional().openapi({ description: 'CSS selector of the table (HTML)' }),
  map: z.union([z.string(), z.array(z.string())]).optional().openapi({ description: '`Column=field`, repeatable: overrides the guessed mapping' }),
  dryRun: formFlag.optional().openapi({ description: 'Validate and preview; write nothing' }),
  onError: z.enum(['refuse', 'skip']).default('refuse').openapi({ description: '`skip` writes the valid rows and reports the rest' }),
});

export const ReportSchema = z.unknown().openapi('ImportReport', {
  type: 'object',
  description: '{ status: committed|dry_run|unchanged|refused|failed, importRunId, inventoryVersionId, inventoryVersionNumber (1, 2, 3 … within the municipality), rows: { read, accepted, rejected }, errors: [{ line, column, value, message }], warnings, vendorsCreated, productsCreated, meta, preview }',
});
const RunSchema = z
  .object({
    id: z.number().int(),
    status: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    actor: z.string(),
    fileName: z.string(),
    fileSha256: z.string(),
    fileSize: z.number().int(),
    format: z.string(),
    profile: z.string(),
    rows: z.object({ read: z.number().int(), accepted: z.number().int(), rejected: z.number().int() }),
    inventoryVersionId: z.number().int().nullable().openapi({ description: 'The internal id of the version the run produced' }),
    inventoryVersionNumber: z.number().int().nullable().openapi({ description: "The version's number within the municipality: 1, 2, 3 …" }),
    demo: z.boolean(),
  })
  .openapi('ImportRun');
const DiffSchema = z.unknown().openapi('VersionDiff', { type: 'object', description: '{ from, to (internal version ids), fromNumber, toNumber (the versions\' numbers within the municipality), added, removed, changed: [{ usageKey, name, fields: [{ field, from, to }] }], unchanged }' });

/** The upload (POST /api/v1/municipalities/{code}/imports) takes MAX_IMPORT_BYTES, checked below, not the JSON limit. */
export const isImportUpload = (c: Context) => c.req.method === 'POST' && /^\/api\/v1\/municipalities\/[^/]+\/imports$/.test(c.req.path);
const FailedSchema = ProblemSchema.extend({ importRunId: z.number().int().nullable() });
const JobParam = MunicipalityCodeParam.extend({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The import job' }) });
const JobSchema = z
  .object({
    id: z.string(),
    municipalityCode: z.number().int(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    runner: z.string().openapi({ description: '`worker`: a worker thread with its own database connection ran it; `in-process`: the server thread (an in-memory database)' }),
    fileName: z.string(),
    fileSize: z.number().int(),
    rowsRead: z.number().int().openapi({ description: 'Rows read so far; the final count when the job is done' }),
    importRunId: z.number().int().nullable(),
    report: ReportSchema.nullable().openapi({ description: 'The import report when the import ended (also for a refused file)' }),
    problem: ProblemSchema.passthrough().nullable().openapi({ description: 'When the job failed: the problem document the synchronous request would have answered' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ImportJob');
const PreferHeader = z.object({
  prefer: z.string().optional().openapi({ description: '`respond-async`: answer 202 at once with the job\'s address (Location) instead of waiting for the report' }),
});
/** A job as answered: its problem (if it failed) as the document the synchronous request would have had. */
function jobAnswer(c: Context, job: ImportJobView) {
  const p = job.problem;
  const problem = p ? problemDocument(c, p.status, p.type, p.title, p.detail, p.errors, { ...p.extensions, ...(job.report && p.name === 'ImportRefusedError' ? { report: job.report } : {}) }) : null;
  return { ...job, problem };
}
/** RFC 7240: the `respond-async` preference among the header's comma-separated preferences. */
const prefersAsync = (prefer: string | undefined) => (prefer ?? '').split(',').some((p) => p.split(';')[0]!.trim().toLowerCase() === 'respond-async');

export function importRoutes(db: Kysely<Database>, options: { maxBytes: number; databaseUrl: string | null }) {
  const jobs = importJobs(db, { databaseUrl: options.databaseUrl });
  const versionOfRun = async (code: number, id: number) => {
    const run = await findImportRun(db, code, id);
    if (!run) throw new NotFoundError(`Municipality ${code} has no import ${id}`);
    if (run.inventoryVersionId == null) throw new InputError(`Import ${id} did not produce an inventory version (status ${run.status})`);
    return run.inventoryVersionId;
  };
  const allowRead = async (c: Context<AppEnv>, code: number) => (await allowInventoryRead(db, c, code, "see this municipality's imports")).principal;
  const allowWrite = async (c: Context<AppEnv>, code: number) => {
    await existingMunicipality(db, code);
    return allow(c, canWriteInventory(c.get('principal'), code), "change this municipality's inventory");
  };
  // Refuse an oversize upload while it arrives, before it is buffered (multipart adds a little).
  const limit = bodyLimit({
    maxSize: options.maxBytes + 64 * 1024,
    onError: () => {
      throw new FileRefusedError(`The upload exceeds the limit of ${options.maxBytes} bytes`, [
        { message: { da: `Filen er for stor (grænse ${options.maxBytes} byte)`, en: `The file is too large (limit ${options.maxBytes} bytes)` } },
      ]);
    },
  });

  const router = createRouter();
  router.use('/:code/imports', async (c, next) => (c.req.method === 'POST' ? limit(c, next) : next()));
  return router
    .openapi(
      createRoute({
        method: 'post',
        path: '/{code}/imports',
        tags: ['Import'],
        summary: "Import an inventory file as the municipality's new version (or preview it with dryRun=true)",
        description:
          'The file is imported by a worker thread with its own database connection, never on the thread that answers requests. By default the answer waits for the report; with `Prefer: respond-async` it is 202 at once, and the job (`Location`) tells the progress and, at the end, the report or the problem.',
        request: { params: MunicipalityCodeParam, headers: PreferHeader, body: { content: { 'multipart/form-data': { schema: UploadForm } }, required: true } },
        responses: {
          201: json(ReportSchema, 'Committed: the new version is current and scored'),
          202: { description: 'Accepted (`Prefer: respond-async`): the import runs; follow `Location` for its progress and outcome', headers: { Location: { schema: { type: 'string' }, description: '/api/v1/municipalities/{code}/import-jobs/{id}' } }, content: { 'application/json': { schema: JobSchema } } },
          200: json(ReportSchema, 'A dry run, or the same content as the current version (status unchanged)'),
          422: { description: 'The file was refused; nothing was written. `errors` lists every error, `report` the whole report', content: { 'application/problem+json': { schema: ProblemSchema.extend({ report: ReportSchema }) } } },
          500: { description: 'The import failed for a reason other than the file (database or server); nothing was written. Recorded as a failed run, `importRunId`', content: { 'application/problem+json': { schema: FailedSchema } } },
          503: { description: 'The import met a concurrent change and failed; nothing was written. Recorded as a failed run, `importRunId`; try again', content: { 'application/problem+json': { schema: FailedSchema } } },
          ...pick(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const principal = await allowWrite(c, code);
        const f = c.req.valid('form');
        const { mapping, errors } = parseMappingArg(...(f.map == null ? [] : Array.isArray(f.map) ? f.map : [f.map]));
        if (errors.length) throw new InputError('Invalid column mapping', errors.map((message) => ({ field: 'map', message })));
        const file = f.file;
        if (file.size > options.maxBytes) {
          throw new FileRefusedError(`The file is ${file.size} bytes; the limit is ${options.maxBytes}`, [
            { file: file.name, message: { da: `Filen er for stor (grænse ${options.maxBytes} byte)`, en: `The file is too large (limit ${options.maxBytes} bytes)` } },
          ]);
        }
        const job = await jobs.start(
          {
            municipalityCode: code,
            fileName: file.name || 'upload',
            size: file.size,
            actor: principal.label,
            actorUserId: principal.userId,
            maxBytes: options.maxBytes,
            ...(f.profile ? { profile: f.profile } : {}),
            ...(f.format ? { format: f.format } : {}),
            ...(f.sheet ? { sheet: /^\d+$/.test(f.sheet) ? Number(f.sheet) : f.sheet } : {}),
            ...(f.table ? { tableSelector: f.table } : {}),
            ...(Object.keys(mapping).length ? { mapping } : {}),
            dryRun: f.dryRun ?? false,
            skipInvalid: f.onError === 'skip',
          },
          file,
        );
        if (prefersAsync(c.req.valid('header').prefer)) {
          // The outcome is recorded on the job; nobody waits for it here.
          job.result.catch(() => undefined);
          const view = await jobs.find(code, job.id);
          return c.json(jobAnswer(c, view!), 202, { location: `/api/v1/municipalities/${code}/import-jobs/${job.id}`, 'preference-applied': 'respond-async' });
        }
        const report = await job.result;
        return c.json(report, report.status === 'committed' ? 201 : 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/import-jobs/{id}',
        tags: ['Import'],
        summary: 'An import job: its status, the rows read so far, and the report (or problem) when it ended',
        request: { params: JobParam },
        responses: { 200: json(JobSchema, 'The job'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code, id } = c.req.valid('param');
        await allowWrite(c, code);
        const job = await jobs.find(code, id);
        if (!job) throw new NotFoundError(`Municipality ${code} has no import job ${id}`);
        return c.json(jobAnswer(c, job), 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/{code}/imports', tags: ['Import'], summary: 'The import runs, newest first', request: { params: MunicipalityCodeParam, query: PageQuery }, responses: { 200: json(listOf(RunSchema), 'A page of runs'), ...pick(401, 403, 404) } }),
      async (c) => {
        const { code } = c.req.valid('param');
        await allowRead(c, code);
        const { limit, offset } = c.req.valid('query');
        return c.json({ ...(await listImportRuns(db, code, limit, offset)), limit, offset }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/{code}/imports/{id}', tags: ['Import'], summary: 'One run with its full error and warning lists', request: { params: RunParam }, responses: { 200: json(z.unknown().openapi({ type: 'object' }), 'The run'), ...pick(401, 403, 404) } }),
      async (c) => {
        const { code, id } = c.req.valid('param');
        await allowRead(c, code);
        const run = await findImportRun(db, code, id);
        if (!run) throw new NotFoundError(`Municipality ${code} has no import ${id}`);
        return c.json(run, 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/{code}/imports/{a}/diff/{b}', tags: ['Import'], summary: 'Usages added, removed and changed (field by field) between the versions two runs produced', request: { params: DiffParam }, responses: { 200: json(DiffSchema, 'The difference'), ...pick(400, 401, 403, 404) } }),
      async (c) => {
        const { code, a, b } = c.req.valid('param');
        await allowRead(c, code);
        return c.json(await diffVersions(db, code, await versionOfRun(code, a), await versionOfRun(code, b)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{code}/imports/{id}/rollback',
        tags: ['Import'],
        summary: 'Make the version an earlier run produced current again (rescored, audited)',
        request: { params: RunParam },
        responses: { 200: json(z.object({ inventoryVersionId: z.number().int(), inventoryVersionNumber: z.number().int().nullable(), importRunId: z.number().int(), previousVersionId: z.number().int().nullable(), previousVersionNumber: z.number().int().nullable() }), 'Rolled back'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const { code, id } = c.req.valid('param');
        const principal = await allowWrite(c, code);
        return c.json(await rollbackTo(db, code, await versionOfRun(code, id), principal), 200);
      },
    );
}

const ProfileParam = z.object({ profile: z.enum(profileIds).openapi({ param: { name: 'profile', in: 'path' } }) });

const ProfileSchema = z
  .object({
    id: z.enum(profileIds),
    label: LocalizedTextSchema,
    record: z.enum(['usage', 'contract']),
    required: z.array(z.string()),
    fields: z.array(z.object({ id: z.string(), titles: z.array(z.string()).openapi({ description: 'Column titles the profile recognises for the field (a few)' }) })),
    template: z.string().openapi({ description: 'Where to download the template' }),
  })
  .openapi('ImportProfile');

/** What a column of a profile can map to: its fields (with a few titles it recognises) and `extra` (kept verbatim). */
export function profileView(profile: (typeof PROFILES)[number]): z.infer<typeof ProfileSchema> {
  const titlesOf = (id: string) =>
    [...Object.entries(profile.exact), ...Object.entries(profile.aliases)]
      .filter(([title, field]) => field === id && title !== id)
      .map(([title]) => title)
      .slice(0, 3);
  return {
    id: profile.id,
    label: profile.label,
    record: profile.record,
    required: [...profile.required],
    fields: mappingTargets(profile.id).map((id) => ({ id, titles: id === 'extra' ? [] : titlesOf(id) })),
    template: `/api/v1/import-templates/${profile.id}`,
  };
}

/**
 * GET /api/v1/import-templates: the profiles, with the fields a column may be mapped to.
 * GET /api/v1/import-templates/{profile}: a template file (UTF-8 with BOM, `;`) with an example row.
 * Public: they hold no data.
 */
export const templateRoutes = () =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['Import'],
        summary: 'The import profiles: their required fields and every field a column can be mapped to',
        responses: { 200: json(z.object({ items: z.array(ProfileSchema) }), 'The profiles, in detection tie-break order') },
      }),
      (c) => c.json({ items: PROFILES.map(profileView) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{profile}',
        tags: ['Import'],
        summary: 'A template file for a profile, with its columns and an example row',
        request: { params: ProfileParam },
        responses: { 200: { description: 'The template', content: { 'text/csv': { schema: z.string() }, 'application/x-yaml': { schema: z.string() } } }, ...pick(400) },
      }),
      (c) => {
        const t = templateFor(c.req.valid('param').profile);
        return c.body(new Uint8Array(t.bytes), 200, { 'content-type': t.contentType, 'content-disposition': `attachment; filename="${t.fileName}"` });
      },
    );
