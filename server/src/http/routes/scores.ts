// Score resources that are not under a municipality: a system's full explanation and its
// alternatives, a vendor's dependency footprint and the national indicators.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { canReadInventory, canReadOverview } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { edgeLabels, partyRole } from '../../scoring/index.ts';
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
const PathSystemSchema = z
  .object({
    usageId: z.number().int(),
    usageKey: z.string().openapi({ description: "The system's address in its municipality: /kommuner/{kode}/systemer/{usageKey}" }),
    name: z.string().openapi({ description: "The local name, else the system's name as the file gave it" }),
  })
  .openapi('PathSystem');
const edgeKind = z.enum(edgeLabels).openapi({ description: "What the step stands for: 'data' uses data from (ends a path), 'identity' logs in with, 'platform' requires the platform, 'data-unknown-direction' two-way integration counted once at the lower weight, 'data-undirected' a data integration in both directions (model 1.0)" });
const ExplainedReachSchema = z
  .object({
    vendorId: z.number().int().openapi({ description: 'The grouping key: the ultimate owner (owner) or the company itself (company)' }),
    reach: z.number().openapi({ description: 'R(V) = Σ contributions; equals the stored reach of the municipality score' }),
    exposure: z.number().openapi({ description: "Σ e over the municipality's systems" }),
    paths: z.array(
      z.object({
        system: PathSystemSchema,
        exposure: z.number().openapi({ description: "e_s: the system's exposure" }),
        rho: z.number().openapi({ description: 'ρ*(s,V): the product of the steps’ weights and the party’s role weight' }),
        contribution: z.number().openapi({ description: 'e_s·ρ*(s,V) / Σ e: the part of the reach figure (0–1)' }),
        steps: z.array(z.object({ from: PathSystemSchema, to: PathSystemSchema, kind: edgeKind, weight: z.number() })).openapi({ description: 'System → via → the system where the vendor is a party; empty when it is a party of the system itself' }),
        party: z.object({
          system: PathSystemSchema,
          role: partyRole,
          fromRole: partyRole.nullable().openapi({ description: "For a platform party copied from the platform system: its role there" }),
          weight: z.number().openapi({ description: "The role's weight ρ" }),
          rightsHolder: z.boolean(),
          company: z.object({ id: z.number().int(), name: z.string() }),
          owner: z.object({ id: z.number().int(), name: z.string() }),
        }),
      }),
    ).openapi({ description: 'One path per system counted, largest contribution first' }),
  })
  .openapi('ExplainedReach');
const ReachExplanationSchema = z
  .object({
    municipalityCode: z.number().int(),
    name: z.string(),
    inventoryVersionId: z.number().int(),
    asOf: z.string().openapi({ description: 'The date the stored score was computed for' }),
    modelVersion: z.string().openapi({ example: 'handlefrihed-1.1' }),
    owner: ExplainedReachSchema.openapi({ description: 'The whole group under the ultimate owner' }),
    company: ExplainedReachSchema.openapi({ description: 'The company alone' }),
  })
  .openapi('ReachExplanation');
const VendorDependencySchema = z
  .object({
    vendor: explained('VendorOwnership', '{ id, name, ultimateParentId, ultimateParentName, country, jurisdiction }'),
    national: z.unknown().openapi({ description: 'The group’s national reach: { vendorId, name, reach, directReach, lockedShare, spendShare, … }, or null before a national score' }),
    municipalities: z.array(explained('VendorMunicipalReach', '{ municipalityCode, name, reach, directReach, lockedShare, spendShare } for the group')),
    byCompany: explained('VendorCompanyReach', '{ national, municipalities } for the company alone'),
    explanation: ReachExplanationSchema.optional().openapi({ description: 'Only with `municipality`: the paths behind that municipality’s reach figures in both groupings; Σ contributions = the figure' }),
  })
  .openapi('VendorDependency');
const DependencyQuery = z.object({
  municipality: z.coerce.number().int().min(100).max(999).optional().openapi({ param: { name: 'municipality', in: 'query' }, example: 101, description: "Kommunekode: also explain the vendor's reach there, path by path (needs the right to see that municipality's systems)" }),
});
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
    createRoute({ method: 'get', path: '/{id}/dependency', tags: ['Leverandører', 'Scorer'], summary: 'Direct and transitive reach, nationally and per municipality; with `municipality`, the paths behind its figures there', request: { params: IdParam, query: DependencyQuery }, responses: { 200: json(VendorDependencySchema, 'The footprint'), ...pick(400, 401, 403, 404, 409) } }),
    async (c) => {
      const principal = allow(c, canReadOverview(c.get('principal')), 'see vendors');
      const { municipality } = c.req.valid('query');
      // The paths name the municipality's systems: inventory detail.
      if (municipality !== undefined) allow(c, canReadInventory(principal, municipality, (await municipalitySettings(db, municipality)).inventoryVisibility), "see this municipality's systems");
      return c.json(await vendorDependency(db, c.req.valid('param').id, { municipality }), 200);
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
