// /api/v1/municipalities: the 98 municipalities with the size of their current inventory.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { findMunicipality, listMunicipalities } from '../../repositories/municipalities.repository.ts';
import { params } from '../validate.ts';

const codeParam = z.object({ code: z.coerce.number().int().min(100).max(999) });

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
    });
}
