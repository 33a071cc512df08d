// /api/v1/municipalities: the 98 municipalities with the size of their current inventory.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { findMunicipality, listMunicipalities } from '../../repositories/municipalities.repository.ts';
import { listSystems, municipalityScore } from '../../services/score-queries.ts';
import { params, query } from '../validate.ts';

const codeParam = z.object({ code: z.coerce.number().int().min(100).max(999) });
const systemsQuery = z.object({
  band: z.enum(['A', 'B', 'C', 'D', 'E']).optional(),
  sort: z.enum(['priority', 'lockin', 'name']).default('priority'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function municipalityRoutes(db: Kysely<Database>): Hono {
  return new Hono()
    .get('/', async (c) => {
      const items = await listMunicipalities(db);
      return c.json({ items, total: items.length });
    })
    .get('/:code', async (c) => {
      const { code } = params(c, codeParam);
      const m = await findMunicipality(db, code);
      if (!m) throw new NotFoundError(`No municipality with code ${code}`);
      return c.json(m);
    })
    .get('/:code/score', async (c) => {
      const { code } = params(c, codeParam);
      return c.json(await municipalityScore(db, code));
    })
    .get('/:code/systems', async (c) => {
      const { code } = params(c, codeParam);
      const options = query(c, systemsQuery);
      const { items, total } = await listSystems(db, code, options);
      return c.json({ items, total, limit: options.limit, offset: options.offset });
    });
}
