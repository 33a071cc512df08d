// GET /api/health: liveness plus the database kind and schema version (a real query). Public.
import { createRoute, z } from '@hono/zod-openapi';
import type { DatabaseHandle } from '../../db/connect.ts';
import { schemaVersion } from '../../db/migrate.ts';
import { createRouter, json } from '../openapi.ts';

const HealthSchema = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), schemaVersion: z.number().int() }).openapi('Health');

export const healthRoutes = (database: DatabaseHandle) =>
  createRouter().openapi(
    createRoute({ method: 'get', path: '/health', tags: ['Drift'], summary: 'Liveness and schema version', responses: { 200: json(HealthSchema, 'Up') } }),
    async (c) => c.json({ status: 'ok' as const, database: database.dialect, schemaVersion: await schemaVersion(database) }, 200),
  );
