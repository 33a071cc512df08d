// GET/PUT /api/v1/usages/{id}/exit-plan: a system's exit plan (issue #7). Readers of the
// municipality's inventory read it; its architects save it, which rescores the municipality.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { canWriteInventory } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { usageMunicipality } from '../../repositories/inventory.repository.ts';
import { exitPlanView, putExitPlan } from '../../services/exit-plans.ts';
import { exitPlanSchema } from '../../solutions/exit-plan.ts';
import { allow, allowInventoryRead } from '../auth.ts';
import { type AppEnv, createRouter, IdParam, json, pick } from '../openapi.ts';

const ExitPlanViewSchema = z.unknown().openapi('ExitPlanView', {
  type: 'object',
  description:
    '{ usageId, usageKey, municipalityCode, systemName (the name the file gave), catalogueName, current, saved, plan, completeness: { items: [{ id, done, label, basis, note }], done, total, missing }, f9Inputs, integrations, score: { lockin, band, confidence, f9 } } — and on PUT `before`, the score summary before saving. See docs/methodology.md, "Exitplan".',
});

async function municipalityOf(db: Kysely<Database>, id: number): Promise<number> {
  const code = await usageMunicipality(db, id);
  if (code === null) throw new NotFoundError(`No system usage with id ${id}`);
  return code;
}

async function allowRead(db: Kysely<Database>, c: Context<AppEnv>, id: number): Promise<void> {
  await allowInventoryRead(db, c, await municipalityOf(db, id), "see this municipality's systems");
}

export const exitPlanRoutes = (db: Kysely<Database>) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/exit-plan',
        tags: ['Løsningsveje'],
        summary: "A system's exit plan: the checklist, its completeness and what it tells F9 (a prefilled draft when none is saved)",
        request: { params: IdParam },
        responses: { 200: json(ExitPlanViewSchema, 'The exit plan'), ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await allowRead(db, c, id);
        return c.json(await exitPlanView(db, id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}/exit-plan',
        tags: ['Løsningsveje'],
        summary: "Save a system's exit plan (architects of its municipality): rescored and audited in one transaction",
        request: { params: IdParam, body: { content: { 'application/json': { schema: exitPlanSchema } }, required: true } },
        responses: { 200: json(ExitPlanViewSchema, 'The plan as saved, with the score before and after'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const principal = allow(c, canWriteInventory(c.get('principal'), await municipalityOf(db, id)), "change this municipality's exit plans");
        return c.json(await putExitPlan(db, principal, id, c.req.valid('json')), 200);
      },
    );
