// PATCH /api/v1/usages/{id}: correct one system of the current inventory (architects of its
// municipality). The answer names the new version the edit created.
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { canWriteInventory } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { usageMunicipality } from '../../repositories/inventory.repository.ts';
import { editUsage, usagePatch } from '../../services/edit-usage.ts';
import { allow } from '../auth.ts';
import { createRouter, IdParam, json, pick } from '../openapi.ts';

const EditedSchema = z.object({ inventoryVersionId: z.number().int(), usageId: z.number().int().openapi({ description: 'The id of the usage in the new version' }), previousVersionId: z.number().int() }).openapi('UsageEdited');

export const usageEditRoutes = (db: Kysely<Database>) =>
  createRouter().openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags: ['Import'],
      summary: 'Correct one system: a new inventory version of kind edit, current, scored and audited',
      request: { params: IdParam, body: { content: { 'application/json': { schema: usagePatch } }, required: true } },
      responses: { 200: json(EditedSchema, 'The edit and the version it made'), ...pick(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const code = await usageMunicipality(db, id);
      if (code === null) throw new NotFoundError(`No system usage with id ${id}`);
      const principal = allow(c, canWriteInventory(c.get('principal'), code), "change this municipality's inventory");
      return c.json(await editUsage(db, principal, id, c.req.valid('json')), 200);
    },
  );
