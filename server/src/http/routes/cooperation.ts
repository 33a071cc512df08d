// GET /api/v1/cooperation: municipalities whose exit windows for one product overlap (issue #7),
// and /cooperation/products, the products worth asking about. Each asker sees the matching over
// the inventories they may read; the others are only counted (services/cooperation.ts).
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { canReadOverview } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { cooperation, cooperationProducts } from '../../services/cooperation.ts';
import { allow, allowInventoryRead } from '../auth.ts';
import { createRouter, json, pick } from '../openapi.ts';

const QuerySchema = z.object({
  product: z.coerce.number().int().positive().openapi({ param: { name: 'product', in: 'query' }, example: 1, description: 'Product id' }),
  windowMonths: z.coerce.number().int().min(1).max(60).default(12).openapi({ param: { name: 'windowMonths', in: 'query' }, example: 12, description: 'How many months a window stays open after the exit date' }),
  municipality: z.coerce.number().int().min(100).max(999).optional().openapi({ param: { name: 'municipality', in: 'query' }, example: 101, description: "Kommunekode: that municipality's own window and its potential partners" }),
});

const CooperationSchema = z.unknown().openapi('Cooperation', {
  type: 'object',
  description:
    '{ product, windowMonths, clusters: [{ members: [{ municipalityCode, name, nextExit, yearlySpendDkk, window }], sharedWindow: { from, to }, combinedSpendDkk, spendUnknownCount }], unknownExit, withheldCount, municipality: { code, name, own, partners: [{ member, sharedWindow }] } | null } — see docs/methodology.md, "Samarbejde"',
});
const ProductsSchema = z
  .array(z.object({ id: z.number().int(), name: z.string(), vendorName: z.string().nullable(), municipalityCount: z.number().int() }))
  .openapi('CooperationProducts');

export const cooperationRoutes = (db: Kysely<Database>) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['Løsningsveje'],
        summary: 'Clusters of municipalities whose exit windows for a product overlap, with the shared window and combined spend',
        request: { query: QuerySchema },
        responses: { 200: json(CooperationSchema, 'The clusters'), ...pick(400, 401, 403, 404) },
      }),
      async (c) => {
        const principal = allow(c, canReadOverview(c.get('principal')), 'see cooperation clusters');
        const q = c.req.valid('query');
        if (q.municipality !== undefined) {
          await allowInventoryRead(db, c, q.municipality, "see this municipality's systems");
        }
        return c.json(await cooperation(db, principal, { productId: q.product, windowMonths: q.windowMonths, municipalityCode: q.municipality }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/products',
        tags: ['Løsningsveje'],
        summary: 'Products used by at least two municipalities whose inventory you may read',
        responses: { 200: json(ProductsSchema, 'The products, most widely used first'), ...pick(401) },
      }),
      async (c) => {
        const principal = allow(c, canReadOverview(c.get('principal')), 'see cooperation clusters');
        return c.json(await cooperationProducts(db, principal), 200);
      },
    );
