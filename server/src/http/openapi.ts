// The pieces every route module shares: a router whose request schemas are the OpenAPI document
// (so the documentation cannot drift from the validation), the environment the auth middleware
// fills in, and the common schemas (problems, paging, ids).
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type Principal, role } from '../auth/policy.ts';
import { InputError } from '../errors.ts';
import { pathOfNul } from './nul-bytes.ts';
import { issueErrors } from './zod-messages.ts';

export interface AppEnv {
  Variables: {
    principal: Principal;
    /** The session's CSRF token, when the request came with a session cookie. */
    csrfToken: string | null;
  };
}

/**
 * A router whose validation failures become 400 problems with one entry per failing field. The
 * one rule every input shares (body, query, path, form) is here too: no NUL in any text.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new InputError(
          'The request did not validate',
          issueErrors(result.error.issues),
        );
      }
      const nul = pathOfNul(result.data);
      if (nul) {
        throw new InputError('The request contains a NUL character', [
          { field: nul.join('.') || result.target, message: { da: 'Tekst må ikke indeholde NUL-tegn (U+0000)', en: 'Text must not contain the NUL character (U+0000)' } },
        ]);
      }
    },
  });
}

/** A role, for one municipality (leaders, architects) or none. */
export const GrantSchema = z.object({ role, municipalityCode: z.number().int().nullable() }).openapi('Grant');

export const LocalizedTextSchema = z.object({ da: z.string(), en: z.string() }).openapi('LocalizedText');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://handlefrihed.dk/problems/not-found' }),
    title: z.string(),
    title_da: z.string(),
    title_en: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          code: z.string().optional(),
          file: z.string().optional(),
          line: z.number().int().optional(),
          column: z.string().optional(),
          field: z.string().optional(),
          value: z.string().optional(),
          message: LocalizedTextSchema,
        }),
      )
      .optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

/** The error answers a route may give, to spread into its `responses`. */
export const problems = {
  400: problem('The request did not validate'),
  401: problem('Not signed in'),
  403: problem('The role or municipality does not allow this'),
  404: problem('No such resource'),
  409: problem('Conflicts with the current state'),
  422: problem('The file was refused; every error is listed'),
  429: problem('Too many attempts'),
} as const;

export const pick = <K extends keyof typeof problems>(...codes: K[]) => Object.fromEntries(codes.map((k) => [k, problems[k]])) as Pick<typeof problems, K>;

export const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

export const MunicipalityCodeParam = z.object({
  code: z.coerce.number().int().min(100).max(999).openapi({ param: { name: 'code', in: 'path' }, example: 101, description: 'Kommunekode (three digits)' }),
});

export const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

/** `limit`/`offset` paging; every list answers with `total` beside its page. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: 'Page size (1–1000)' }),
  offset: z.coerce.number().int().min(0).default(0),
});

export const listOf = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/**
 * A 200 whose body is already JSON text (a stored document spliced in): no parse and no
 * re-serialisation of tens of kilobytes per request. Typed `never` because the route's typed
 * responses cannot see through the text; the OpenAPI test checks the body against the schema.
 */
export function jsonText(c: Context, text: string): never {
  return c.body(text, 200, { 'content-type': 'application/json' }) as never;
}
