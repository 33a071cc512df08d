// Score resources that are not under a municipality: a system's full explanation and its
// alternatives, a vendor's dependency footprint and the national indicators.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { canReadInventory, canReadOverview } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { usageMunicipality } from '../../repositories/inventory.repository.ts';
import { municipalitySettings } from '../../repositories/municipalities.repository.ts';
import { nationalCoverage } from '../../services/coverage.ts';
import { nationalScore, usageAlternatives, usageScore, vendorDependency } from '../../services/score-queries.ts';
import { allow } from '../auth.ts';
import { createRouter, IdParam, json, pick } from '../openapi.ts';
import type { AppEnv } from '../openapi.ts';

const explained = (name: string, description: string) => z.unknown().openapi(name, { type: 'object', description });

const SystemScoreSchema = explained('SystemScore', 'The nine factors F1–F9 with rule, inputs and provenance, L and L_opt, band, gates, flags, exposure and priority; see docs/methodology.md');
const AlternativesSchema = explained('UsageAlternatives', '{ usageId, asOf, alternatives: [{ alternative, maturity (AMS), lockin after migration }] }');
const VendorDependencySchema = explained('VendorDependency', '{ vendor (ownership, jurisdiction), national reach, per-municipality direct and transitive reach }');
export const CoverageSchema = z
  .object({
    world: z.enum(['real', 'demo']).openapi({ description: "Which inventories national figures count: 'real' once any municipality's current inventory is real (demo inventories then never count), else 'demo' (fictitious demo data only)" }),
    municipalitiesWithData: z.number().int().openapi({ description: 'Municipalities whose current inventory counts', example: 23 }),
    municipalitiesTotal: z.number().int().openapi({ example: 98 }),
    latestDataDate: z.string().nullable().openapi({ description: 'The day the newest counted inventory was loaded (YYYY-MM-DD)', example: '2026-12-06' }),
  })
  .openapi('Coverage');

const NationalScoreSchema = z
  .object({
    asOf: z.string(),
    computedAt: z.string(),
    score: explained('NationalIndicators', 'National indicators per vendor and category, over the counted inventories only (see coverage)'),
    coverage: CoverageSchema,
  })
  .openapi('NationalScore');

/** A usage's explanation is inventory detail: the reader must be allowed to see its municipality's inventory. */
async function allowUsage(db: Kysely<Database>, c: Context<AppEnv>, usageId: number): Promise<void> {
  const code = await usageMunicipality(db, usageId);
  if (code === null) throw new NotFoundError(`No system usage with id ${usageId}`);
  allow(c, canReadInventory(c.get('principal'), code, (await municipalitySettings(db, code)).inventoryVisibility), "see this municipality's systems");
}

export const usageRoutes = (db: Kysely<Database>) =>
  createRouter()
    .openapi(
      createRoute({ method: 'get', path: '/{id}/score', tags: ['Scorer'], summary: "One system's score, explained factor by factor", request: { params: IdParam }, responses: { 200: json(SystemScoreSchema, 'The explanation'), ...pick(401, 403, 404, 409) } }),
      async (c) => {
        const { id } = c.req.valid('param');
        await allowUsage(db, c, id);
        return c.json(await usageScore(db, id), 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/{id}/alternatives', tags: ['Scorer', 'Alternativer'], summary: 'Open-source alternatives for the system, with maturity and lock-in after migration', request: { params: IdParam }, responses: { 200: json(AlternativesSchema, 'The alternatives'), ...pick(401, 403, 404) } }),
      async (c) => {
        const { id } = c.req.valid('param');
        await allowUsage(db, c, id);
        return c.json(await usageAlternatives(db, id), 200);
      },
    );

export const vendorScoreRoutes = (db: Kysely<Database>) =>
  createRouter().openapi(
    createRoute({ method: 'get', path: '/{id}/dependency', tags: ['Leverandører', 'Scorer'], summary: 'Direct and transitive reach, nationally and per municipality', request: { params: IdParam }, responses: { 200: json(VendorDependencySchema, 'The footprint'), ...pick(401, 404) } }),
    async (c) => {
      allow(c, canReadOverview(c.get('principal')), 'see vendors');
      return c.json(await vendorDependency(db, c.req.valid('param').id), 200);
    },
  );

export const nationalRoutes = (db: Kysely<Database>) =>
  createRouter().openapi(
    createRoute({ method: 'get', path: '/score', tags: ['Scorer'], summary: 'The national indicators', responses: { 200: json(NationalScoreSchema, 'The latest national score'), ...pick(401, 404) } }),
    async (c) => {
      allow(c, canReadOverview(c.get('principal')), 'see national scores');
      return c.json({ ...(await nationalScore(db)), coverage: await nationalCoverage(db) }, 200);
    },
  )
  .openapi(
    createRoute({ method: 'get', path: '/coverage', tags: ['Scorer'], summary: 'How many municipalities national figures cover, and how recent their data is', responses: { 200: json(CoverageSchema, 'The coverage'), ...pick(401) } }),
    async (c) => {
      allow(c, canReadOverview(c.get('principal')), 'see national scores');
      return c.json(await nationalCoverage(db), 200);
    },
  );
