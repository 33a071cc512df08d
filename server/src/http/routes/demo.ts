// DELETE /api/v1/demo: administrators remove every fictitious demo inventory and every row only the
// demo generator invented, in one audited transaction (the same as `handlefrihed demo remove`).
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { isAdmin } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { removeDemo } from '../../services/demo-data.ts';
import { allow } from '../auth.ts';
import { createRouter, json, pick } from '../openapi.ts';

const count = (description: string) => z.number().int().min(0).openapi({ description });

const DemoRemovalSchema = z
  .object({
    municipalities: count('Municipalities whose current inventory was fictitious demo data (they now have no data)'),
    inventoryVersions: count('Demo inventory versions deleted, with their systems, contracts, integrations and scores'),
    importRuns: count('Demo import runs deleted'),
    products: count('Products only the demo generator invented, deleted'),
    vendors: count('Vendors only the demo generator invented, deleted'),
    alternatives: count('Open-source alternatives only the demo generator invented, deleted'),
    exitPlans: count('Exit plans of municipalities left without any inventory, deleted'),
    scenarios: count('Scenarios of municipalities left without any inventory, deleted'),
  })
  .openapi('DemoRemoval');

export const demoRoutes = (db: Kysely<Database>) =>
  createRouter().openapi(
    createRoute({
      method: 'delete',
      path: '/',
      tags: ['Administration'],
      summary: 'Remove all fictitious demo data (administrators; audited; real data stays)',
      description:
        'Deletes every demo inventory version and demo import run, what hangs off them, and every product, vendor and alternative only the demo created, in one transaction with one audit entry; the national figures are recomputed. A signed-in session must send X-CSRF-Token.',
      responses: { 200: json(DemoRemovalSchema, 'What was deleted'), ...pick(401, 403) },
    }),
    async (c) => {
      const principal = c.get('principal');
      allow(c, isAdmin(principal), 'remove the demo data');
      return c.json(await removeDemo(db, principal), 200);
    },
  );
