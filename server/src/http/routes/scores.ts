// Score resources that are not under a municipality: a system's full explanation, a vendor's
// dependency footprint and the national indicators.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { nationalScore, usageAlternatives, usageScore, vendorDependency } from '../../services/score-queries.ts';
import { params } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });

export const usageRoutes = (db: Kysely<Database>) =>
  new Hono()
    .get('/:id/score', async (c) => c.json(await usageScore(db, params(c, idParam).id)))
    .get('/:id/alternatives', async (c) => c.json(await usageAlternatives(db, params(c, idParam).id)));

export const vendorRoutes = (db: Kysely<Database>) =>
  new Hono().get('/:id/dependency', async (c) => c.json(await vendorDependency(db, params(c, idParam).id)));

export const nationalRoutes = (db: Kysely<Database>) => new Hono().get('/score', async (c) => c.json(await nationalScore(db)));
