// GET /api/health: liveness plus the database kind and schema version (a real query).
import { Hono } from 'hono';
import type { DatabaseHandle } from '../../db/connect.ts';
import { schemaVersion } from '../../db/migrate.ts';

export function healthRoutes(database: DatabaseHandle): Hono {
  return new Hono().get('/health', async (c) =>
    c.json({ status: 'ok', database: database.dialect, schemaVersion: await schemaVersion(database) }),
  );
}
