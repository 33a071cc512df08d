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
import { nationalScore, usageAlternatives, usageScore, vendorDependency } from '../../services/score-queries.ts';
import { allow } from '../auth.ts';
import { createRouter, IdParam, json, pick } from '../openapi.ts';
import type { AppEnv } from '../openapi.ts';

const explained = (name: string, description: string) => z.unknown().openapi(name, { type: 'object', description });

const SystemScoreSchema = explained('SystemScore', 'The nine factors F1–F9 with rule, inputs and provenance, L and L_opt, band, gates, flags, exposure and priority; see docs/methodology.md');
const AlternativesSchema = explained('UsageAlternatives', '{ usageId, asOf, alternatives: [{ alternative, maturity (AMS), lockin after migration }] }');
const VendorDependencySchema = explained('VendorDependency', '{ vendor (ownership, jurisdiction), national reach, per-municipality direct and transitive reach }');
const NationalScoreSchema = explained('NationalScore', '{ asOf, computedAt, score: national indicators per vendor and category }');

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
      return c.json(await nationalScore(db), 200);
    },
  );
