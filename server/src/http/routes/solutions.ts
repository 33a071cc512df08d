// /api/v1/municipalities/{code}/exit-paths and /scenarios (issue #7): the ranked exit paths, and
// scenarios — compare an unsaved one, save, list, read with before/after, rename/share, delete,
// export. Reads need the municipality's inventory; saving needs its leaders or architects.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { csvChunks, toXlsx } from '../../exports/index.ts';
import { changeScenario, createScenario, removeScenario, scenarioOptions, scenarioWithOutcome, visibleScenarios } from '../../services/scenarios.ts';
import { compareScenario, municipalityExitPaths } from '../../services/solutions.ts';
import { scenarioExportColumns, scenarioExportRows } from '../../solutions/scenario-export.ts';
import { newScenario, scenarioSpec, scenarioUpdate } from '../../solutions/scenario-spec.ts';
import { allowInventoryRead } from '../auth.ts';
import { ExportQuery } from '../lists.ts';
import { type AppEnv, createRouter, json, listOf, MunicipalityCodeParam, pick } from '../openapi.ts';

const described = (name: string, description: string) => z.unknown().openapi(name, { type: 'object', description });

const ExitPathsSchema = described(
  'ExitPaths',
  '{ model, municipalityCode, asOf, inventoryVersionId, systemsConsidered, systemCount, withoutCandidate, withoutTaskMatch, ideas, paths: [{ rank, usage (… functions: the function terms of its product and KLE numbers), candidate (kind, basis: function|category, sharedFunctions, maturity, runBy), after (L, band, F1–F9), reduction, priorityReduction, effort (points and parts), value, recommended, checks (… task_match, covers_every_task, candidate_inputs_known, published), exitWindow }] }. basis `function`: the candidate shares the function terms `sharedFunctions` with the system (a task match; may be recommended); `category`: only the category or the catalogue mapping, an idea to assess (never recommended). Task matches come first; pairs of data/reference/function-wrong-pairs.csv are never proposed. Ranking rule in docs/methodology.md, "Exitveje og scenarier"',
);
const ComparisonSchema = described(
  'ScenarioComparison',
  '{ municipalityCode, inventoryVersionId, asOf, startDate, replacements, warnings, outcome: { before, after (L_m, bands, HHI, N_eff, non-EU share, H_m), replaced, vendors (direct and transitive reach before/after) } }',
);

const StoredRefSchema = z.object({ ref: z.string(), name: z.string() });
const ReplacementSchema = z
  .object({
    product: z.string(),
    productName: z.string(),
    alternative: z.string(),
    alternativeName: z.string(),
    from: z.string().nullable(),
    products: z.array(StoredRefSchema).optional(),
    usages: z.array(StoredRefSchema).optional(),
    alternatives: z.array(StoredRefSchema).optional(),
  })
  .openapi('ScenarioReplacement');
const ScenarioOptionsSchema = described(
  'ScenarioOptions',
  '{ municipalityCode, inventoryVersionId, products: [{ ref, key, name, usages: [{ ref: usage:KEY, key, name (the file\'s own) }] }], catalogue: [{ ref, key, name, kind: alternative|product, state: published|unverified|null, parts (a suite\'s components) }], examples: [{ id, label, products, alternatives }] }',
);
const ScenarioSchema = z
  .object({
    id: z.number().int(),
    municipalityCode: z.number().int(),
    name: z.string(),
    replacements: z.array(ReplacementSchema),
    startDate: z.string().nullable(),
    createdByUserId: z.number().int().nullable(),
    createdBy: z.string(),
    shared: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Scenario');

// The boundary schemas live in solutions/scenario-spec.ts (plain zod, no OpenAPI): re-wrapped here with the
// OpenAPI-extended z, so documenting them never depends on which module was imported first.
const ScenarioSpecSchema = z.object(scenarioSpec.shape).openapi('ScenarioSpec', {
  description:
    'Replacements: what (product, products, usages — by the inventory\'s own names, catalogue key, product:ID or usage:KEY) → with what (alternative or alternatives — any catalogue product or public alternative by key, name, product:ID or alternative:ID; a suite such as openDesk by its name), each optionally from a date. Several candidates split each replaced usage into equal parts (docs/methodology.md, "Exitveje og scenarier")',
});
const NewScenarioSchema = z.object(newScenario.shape).openapi('NewScenario');
const ScenarioUpdateSchema = z.object(scenarioUpdate.shape).openapi('ScenarioUpdate');
const ScenarioParams = MunicipalityCodeParam.extend({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
const ExitPathsQuery = z.object({ top: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'Systems to look at, highest exit priority first (default: the top quarter)' }) });
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export function solutionRoutes(db: Kysely<Database>) {
  /** 404 for an unknown municipality; 401/403 unless the principal may see its inventory. */
  const readInventory = async (c: Context<AppEnv>, code: number, what: string) => (await allowInventoryRead(db, c, code, what)).principal;

  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/exit-paths',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: 'Ranked exit paths: candidate replacements for the systems with the highest exit priority, by lock-in reduction per effort point',
        request: { params: MunicipalityCodeParam, query: ExitPathsQuery },
        responses: { 200: json(ExitPathsSchema, 'The ranked exit paths'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        await readInventory(c, code, "see this municipality's exit paths");
        return c.json(await municipalityExitPaths(db, code, c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/scenarios/options',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: 'What a scenario can replace (every product of the inventory with its usages, by the file\'s own names) and with what (the whole public catalogue), with ready examples',
        request: { params: MunicipalityCodeParam },
        responses: { 200: json(ScenarioOptionsSchema, 'The builder\'s choices'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        await readInventory(c, code, 'build scenarios for this municipality');
        return c.json(await scenarioOptions(db, code), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{code}/scenarios/compare',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: 'Before/after of an unsaved scenario on a copy of the current inventory (nothing is stored)',
        request: { params: MunicipalityCodeParam, ...body(ScenarioSpecSchema) },
        responses: { 200: json(ComparisonSchema, 'Every indicator before and after'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        await readInventory(c, code, "simulate scenarios on this municipality's inventory");
        return c.json(await compareScenario(db, code, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/scenarios',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: "The municipality's saved scenarios the caller may see: shared ones and the caller's own",
        request: { params: MunicipalityCodeParam },
        responses: { 200: json(listOf(ScenarioSchema), 'Newest first'), ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const principal = await readInventory(c, code, "see this municipality's scenarios");
        const items = await visibleScenarios(db, principal, code);
        return c.json({ items, total: items.length, limit: items.length, offset: 0 }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{code}/scenarios',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: "Save a named scenario (the municipality's leaders and architects); private unless shared",
        request: { params: MunicipalityCodeParam, ...body(NewScenarioSchema) },
        responses: { 201: json(ScenarioSchema, 'The saved scenario'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const principal = await readInventory(c, code, 'save scenarios');
        return c.json(await createScenario(db, principal, code, c.req.valid('json')), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/scenarios/{id}',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: 'A saved scenario with its before/after, recomputed on the current inventory',
        request: { params: ScenarioParams },
        responses: { 200: json(ComparisonSchema.openapi('SavedScenarioComparison', { type: 'object', description: '{ scenario, ...ScenarioComparison }' }), 'The scenario and its outcome'), ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code, id } = c.req.valid('param');
        const principal = await readInventory(c, code, "see this municipality's scenarios");
        return c.json(await scenarioWithOutcome(db, principal, code, id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{code}/scenarios/{id}',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: 'Rename, share or unshare a scenario (its author)',
        request: { params: ScenarioParams, ...body(ScenarioUpdateSchema) },
        responses: { 200: json(ScenarioSchema, 'The changed scenario'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const { code, id } = c.req.valid('param');
        const principal = await readInventory(c, code, "change this municipality's scenarios");
        return c.json(await changeScenario(db, principal, code, id, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{code}/scenarios/{id}',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: 'Delete a scenario (its author)',
        request: { params: ScenarioParams },
        responses: { 204: { description: 'Deleted' }, ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code, id } = c.req.valid('param');
        const principal = await readInventory(c, code, "change this municipality's scenarios");
        await removeScenario(db, principal, code, id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/scenarios/{id}/export',
        tags: ['Kommuner', 'Løsningsveje'],
        summary: "A scenario's before/after as a download: JSON, CSV or XLSX",
        request: { params: ScenarioParams, query: ExportQuery },
        responses: {
          200: {
            description: 'The indicators, replaced systems and vendors, before and after',
            content: { 'application/json': { schema: ComparisonSchema }, 'text/csv': { schema: z.string() }, [CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) } },
          },
          ...pick(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const { code, id } = c.req.valid('param');
        const { format, delimiter, lang } = c.req.valid('query');
        const principal = await readInventory(c, code, "see this municipality's scenarios");
        const result = await scenarioWithOutcome(db, principal, code, id);
        const fileName = `scenarie-${code}-${id}.${format}`;
        c.header('content-disposition', `attachment; filename="${fileName}"`);
        if (format === 'json') return c.json(result, 200);
        const rows = scenarioExportRows(result.outcome);
        const columns = scenarioExportColumns(lang);
        c.header('content-type', CONTENT_TYPES[format]);
        if (format === 'xlsx') return c.body(new Uint8Array(await toXlsx(columns, rows, { language: lang, sheetName: lang === 'da' ? 'Scenarie' : 'Scenario' })), 200);
        let text = '';
        for await (const chunk of csvChunks(columns, rows, { delimiter: delimiter === 'comma' ? ',' : ';', language: lang })) text += chunk;
        return c.body(text, 200);
      },
    );
}
