// /api/v1/municipalities/{code}/imports: upload an inventory file (multipart, or a dry run for
// a preview), list the import runs, show one with its errors, compare the versions two runs
// produced, and roll back to an earlier one. Refused files answer 422 problem+json.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseMappingArg, PROFILES, type ProfileId, templateFor } from '../../../../importers/index.ts';
import type { Database } from '../../db/schema.ts';
import { FileRefusedError, InputError, NotFoundError } from '../../errors.ts';
import { findImportRun, listImportRuns } from '../../repositories/import-runs.repository.ts';
import { importFile } from '../../services/import-file.ts';
import { diffVersions, rollbackTo } from '../../services/inventory-versions.ts';
import { params, query } from '../validate.ts';

const codeParam = z.object({ code: z.coerce.number().int().min(100).max(999) });
const runParam = codeParam.extend({ id: z.coerce.number().int().positive() });
const diffParam = codeParam.extend({ a: z.coerce.number().int().positive(), b: z.coerce.number().int().positive() });
const page = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) });
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'on');
const uploadFields = z.object({
  profile: z.enum(PROFILES.map((p) => p.id) as [string, ...string[]]).optional(),
  format: z.enum(['csv', 'xlsx', 'html']).optional(),
  sheet: z.string().min(1).optional(),
  table: z.string().min(1).optional(),
  map: z.union([z.string(), z.array(z.string())]).optional(),
  dryRun: flag.optional(),
  onError: z.enum(['refuse', 'skip']).default('refuse'),
});

export function importRoutes(db: Kysely<Database>, options: { maxBytes: number }): Hono {
  const versionOfRun = async (code: number, id: number) => {
    const run = await findImportRun(db, code, id);
    if (!run) throw new NotFoundError(`Municipality ${code} has no import ${id}`);
    if (run.inventoryVersionId == null) throw new InputError(`Import ${id} did not produce an inventory version (status ${run.status})`);
    return run.inventoryVersionId;
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
  return new Hono()
    .post('/:code/imports', limit, async (c) => {
      const { code } = params(c, codeParam);
      const body = await c.req.parseBody({ all: true });
      const file = body.file;
      if (!(file instanceof File)) {
        throw new InputError('Send the inventory as multipart/form-data with a `file` field', [
          { field: 'file', message: { da: 'Vælg en fil at indlæse', en: 'Choose a file to import' } },
        ]);
      }
      const fields = uploadFields.safeParse(Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'file')));
      if (!fields.success) throw fields.error;
      const f = fields.data;
      const { mapping, errors } = parseMappingArg(...(f.map == null ? [] : Array.isArray(f.map) ? f.map : [f.map]));
      if (errors.length) throw new InputError('Invalid column mapping', errors.map((message) => ({ field: 'map', message })));
      if (file.size > options.maxBytes) {
        throw new FileRefusedError(`The file is ${file.size} bytes; the limit is ${options.maxBytes}`, [
          { file: file.name, message: { da: `Filen er for stor (grænse ${options.maxBytes} byte)`, en: `The file is too large (limit ${options.maxBytes} bytes)` } },
        ]);
      }
      const report = await importFile(db, {
        municipalityCode: code,
        fileName: file.name || 'upload',
        source: new Uint8Array(await file.arrayBuffer()),
        size: file.size,
        actor: 'api',
        maxBytes: options.maxBytes,
        ...(f.profile ? { profile: f.profile as (typeof PROFILES)[number]['id'] } : {}),
        ...(f.format ? { format: f.format } : {}),
        ...(f.sheet ? { sheet: /^\d+$/.test(f.sheet) ? Number(f.sheet) : f.sheet } : {}),
        ...(f.table ? { tableSelector: f.table } : {}),
        ...(Object.keys(mapping).length ? { mapping } : {}),
        dryRun: f.dryRun ?? false,
        skipInvalid: f.onError === 'skip',
      });
      if (report.status === 'refused') {
        const problem = {
          type: 'https://handlefrihed.dk/problems/file-refused',
          title: (c.req.header('accept-language') ?? '').startsWith('en') ? 'The file was refused' : 'Filen blev afvist',
          title_da: 'Filen blev afvist',
          title_en: 'The file was refused',
          status: 422,
          detail: `${report.errors.length + report.omittedIssues} error(s); nothing was written`,
          instance: c.req.path,
          errors: report.errors,
          report,
        };
        return c.body(JSON.stringify(problem), 422, { 'content-type': 'application/problem+json; charset=utf-8' });
      }
      return c.json(report, report.status === 'committed' ? 201 : 200);
    })
    .get('/:code/imports', async (c) => {
      const { code } = params(c, codeParam);
      const { limit, offset } = query(c, page);
      return c.json({ ...(await listImportRuns(db, code, limit, offset)), limit, offset });
    })
    .get('/:code/imports/:id', async (c) => {
      const { code, id } = params(c, runParam);
      const run = await findImportRun(db, code, id);
      if (!run) throw new NotFoundError(`Municipality ${code} has no import ${id}`);
      return c.json(run);
    })
    .get('/:code/imports/:a/diff/:b', async (c) => {
      const { code, a, b } = params(c, diffParam);
      return c.json(await diffVersions(db, code, await versionOfRun(code, a), await versionOfRun(code, b)));
    })
    .post('/:code/imports/:id/rollback', async (c) => {
      const { code, id } = params(c, runParam);
      return c.json(await rollbackTo(db, code, await versionOfRun(code, id), 'api'));
    });
}

const profileParam = z.object({ profile: z.enum(PROFILES.map((p) => p.id) as [ProfileId, ...ProfileId[]]) });

/** GET /api/v1/import-templates/{profile}: a template file (UTF-8 with BOM, `;`) with an example row. */
export const templateRoutes = () =>
  new Hono().get('/:profile', (c) => {
    const t = templateFor(params(c, profileParam).profile);
    return c.body(new Uint8Array(t.bytes), 200, { 'content-type': t.contentType, 'content-disposition': `attachment; filename="${t.fileName}"` });
  });
