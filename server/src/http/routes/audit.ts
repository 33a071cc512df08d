// GET /api/v1/audit: every change with who, when and the values before and after — all of it
// for administrators, one municipality's entries for its leaders.
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { canReadAudit } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { listAudit } from '../../repositories/audit.repository.ts';
import { allow } from '../auth.ts';
import { createRouter, json, listOf, PageQuery, pick } from '../openapi.ts';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorUserId: z.number().int().nullable(),
    actor: z.string(),
    action: z.string().openapi({ example: 'inventory.import' }),
    entityType: z.string(),
    entityId: z.string().nullable(),
    municipalityCode: z.number().int().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');

const AuditQuery = PageQuery.extend({
  municipality: z.coerce.number().int().min(100).max(999).optional(),
  entityType: z.string().max(50).optional(),
  action: z.string().max(50).optional(),
});

export function auditRoutes(db: Kysely<Database>) {
  return createRouter().openapi(
    createRoute({ method: 'get', path: '/', tags: ['Revision'], summary: 'The audit log, newest first', request: { query: AuditQuery }, responses: { 200: json(listOf(AuditEntrySchema), 'A page of entries'), ...pick(400, 401, 403) } }),
    async (c) => {
      const q = c.req.valid('query');
      allow(c, canReadAudit(c.get('principal'), q.municipality ?? null), 'read the audit log');
      const page = await listAudit(db, { municipalityCode: q.municipality, entityType: q.entityType, action: q.action, limit: q.limit, offset: q.offset });
      return c.json({ ...page, limit: q.limit, offset: q.offset }, 200);
    },
  );
}
