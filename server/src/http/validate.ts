// The one validator wrapper: zod schemas on params and queries; failures become 400 problems.
import type { Context } from 'hono';
import type { z } from 'zod';
import { InputError } from '../errors.ts';

function parse<S extends z.ZodType>(schema: S, data: unknown, where: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw new InputError(
    `Invalid ${where}`,
    r.error.issues.map((i) => ({ field: i.path.join('.'), message: { da: i.message, en: i.message } })),
  );
}

export const params = <S extends z.ZodType>(c: Context, schema: S) => parse(schema, c.req.param(), 'path parameters');
export const query = <S extends z.ZodType>(c: Context, schema: S) => parse(schema, c.req.query(), 'query parameters');
